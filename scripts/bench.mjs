#!/usr/bin/env node
// `npm run bench -- NAME [args]`: runs bench/NAME.ts from source (tsx, "vox-source" export condition). Each bench
// prints a Markdown table and writes bench/results/NAME.json and NAME.md.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const [name, ...args] = process.argv.slice(2);
const available = readdirSync("bench")
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_"))
  .map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME [args]\navailable: ${available.join(", ")}\n`);
  process.exit(2);
}
if (!existsSync(`bench/${name}.ts`)) process.exit(2);
const r = spawnSync(
  process.execPath,
  ["--conditions=vox-source", "--import", "tsx", `bench/${name}.ts`, ...args],
  {
    stdio: "inherit",
  },
);
process.exitCode = r.status ?? 1;
