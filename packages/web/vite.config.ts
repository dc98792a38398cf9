// Builds the web UI into dist/ (served by `vox serve` from the same origin as the API). `npm run dev -w @vox/web`
// proxies /api to a `vox serve` on $VOX_API (default http://127.0.0.1:8080).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
  server: { proxy: { "/api": process.env.VOX_API ?? "http://127.0.0.1:8080" } },
});
