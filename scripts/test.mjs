#!/usr/bin/env node
// `npm test`: every gate in one command (typecheck, lint + format, the web UI's build, all tests), then one summary
// line "N passed, N failed, N skipped". Each gate counts as one check. Exit code 1 if anything failed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bin = (name) => join("node_modules", ".bin", name);
const gates = [
  { name: "typecheck", cmd: bin("tsc"), args: ["-p", "tsconfig.json"] },
  { name: "lint", cmd: bin("biome"), args: ["check", "--colors=off", "."] },
  // The web UI's build (packages/web/dist), which the browser tests (e2e/web*.test.ts) load through `vox serve`.
  {
    name: "web build",
    cmd: process.execPath,
    args: [join(process.cwd(), "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"],
    cwd: join("packages", "web"),
  },
];
const extra = process.argv.slice(2);

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const gate of gates) {
  process.stderr.write(`\n> ${gate.name}\n`);
  const r = spawnSync(gate.cmd, gate.args, { stdio: "inherit", ...(gate.cwd ? { cwd: gate.cwd } : {}) });
  if (r.status === 0) passed++;
  else {
    failed++;
    failures.push(gate.name);
  }
}

const dir = mkdtempSync(join(tmpdir(), "vox-test-"));
const counts = join(dir, "counts.json");
process.stderr.write("\n> vitest\n");
const r = spawnSync(
  bin("vitest"),
  ["run", "--reporter=default", "--reporter=./scripts/count-reporter.ts", ...extra],
  { stdio: "inherit", env: { ...process.env, VOX_TEST_COUNTS: counts } },
);
try {
  const c = JSON.parse(readFileSync(counts, "utf8"));
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
  if (c.failed > 0) failures.push("tests");
} catch {
  failed++;
  failures.push(`vitest (exit ${r.status}, no counts written)`);
}
rmSync(dir, { recursive: true, force: true });
if (r.status !== 0 && !failures.includes("tests") && !failures.some((f) => f.startsWith("vitest"))) {
  failed++;
  failures.push(`vitest exited with ${r.status}`);
}
if (failures.length) process.stdout.write(`\nfailed: ${failures.join(", ")}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
process.exitCode = failed ? 1 : 0;
