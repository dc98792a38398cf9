import { defineConfig } from "vitest/config";

// One runner for every package, against source: the "vox-source" export condition maps @vox/* to packages/*/src.
export default defineConfig({
  resolve: { conditions: ["vox-source"] },
  ssr: { resolve: { conditions: ["vox-source"], externalConditions: ["vox-source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "e2e/**/*.test.ts", "bench/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
