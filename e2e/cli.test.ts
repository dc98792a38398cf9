// The real `vox` process: exit codes, stdout/stderr separation and Ctrl-C, run from source through tsx.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, tempDir, writeTemp } from "../test-support/index.js";

const VOX = ["--conditions=vox-source", "--import", "tsx", join(REPO_ROOT, "packages/cli/src/bin.ts")];
const run = (...args: string[]) =>
  spawnSync(process.execPath, [...VOX, ...args], { encoding: "utf8", cwd: REPO_ROOT });
const dir = tempDir();

describe("the vox process", () => {
  it("keeps stdout for data and stderr for messages", () => {
    const r = run("demo", "--items", "20", "--json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ items: 20 });
    const hint = run("demo", "--items", "20");
    expect(hint.stderr).toContain("Use --out DIR");
    expect(hint.stdout).not.toContain("Use --out DIR");
  });

  it("exits 2 on bad input and never prints progress to a pipe", () => {
    const p = writeTemp(dir, "empty.csv", "");
    const r = run("inspect", p);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`vox: ${p}: the file is empty (expected a header line)\n`);
    expect(r.stdout).toBe("");
  });

  it("stops cleanly on Ctrl-C, leaving no output file", async () => {
    const big = join(dir, "big.csv");
    await new Promise<void>((resolve) => {
      const w = createWriteStream(big);
      w.write("item,rater,label\n");
      let chunk = "";
      for (let i = 0; i < 400_000; i++) chunk += `i${i},r${i % 977},c${i % 3}\n`;
      for (let k = 0; k < 5; k++) w.write(chunk.replaceAll(",r", `,k${k}r`));
      w.end(resolve);
    });
    const out = join(dir, "big.jsonl");
    const child = spawn(process.execPath, [...VOX, "convert", big, out], { cwd: REPO_ROOT });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    // Interrupt once the child is reading the input (its Ctrl-C handler is installed by then), however slow its
    // start-up is on a loaded machine; without /proc, fall back to a fixed delay.
    const reading = () => {
      try {
        return readdirSync(`/proc/${child.pid}/fd`).some((fd) => {
          try {
            return readlinkSync(`/proc/${child.pid}/fd/${fd}`) === big;
          } catch {
            return false;
          }
        });
      } catch {
        return false;
      }
    };
    const started = Date.now();
    while (!reading() && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
    if (!existsSync("/proc/self/fd")) await new Promise((r) => setTimeout(r, 1500));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stderr).toContain("interrupted; nothing was written");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
