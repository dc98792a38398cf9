// Shared helpers for the benchmarks in bench/: timing, child processes for clean peak-RSS readings, and reports.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

/** The machine a result was measured on, stored beside every result. */
export function machine() {
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
}

/** Runs a TypeScript file from bench/ in a fresh Node process and parses the JSON it prints last on stdout. */
export function runChild<T>(file: string, args: string[], env?: Record<string, string>): T {
  const r = spawnSync(process.execPath, ["--conditions=vox-source", "--import", "tsx", file, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${file} exited with ${r.status}`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/** Runs a command and returns its stdout's last line as JSON, or undefined when the command is unavailable. */
export function runExternal<T>(cmd: string, args: string[]): T | undefined {
  const r = spawnSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    process.stderr.write(
      `(skipped ${cmd} ${args[0] ?? ""}: ${r.error?.message ?? r.stderr.trim().split("\n").pop()})\n`,
    );
    return undefined;
  }
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/** A Markdown table. */
export function markdownTable(head: string[], rows: (string | number)[][]): string {
  const cell = (c: string | number) =>
    typeof c === "number" ? (Number.isInteger(c) ? String(c) : c.toFixed(2)) : c;
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** Writes bench/results/NAME.json and NAME.md and prints the Markdown. */
export function report(name: string, result: { markdown: string; [k: string]: unknown }): void {
  const dir = join("bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ machine: machine(), ...result }, null, 2)}\n`);
  writeFileSync(join(dir, `${name}.md`), `${result.markdown}\n`);
  process.stdout.write(`${result.markdown}\n`);
}
