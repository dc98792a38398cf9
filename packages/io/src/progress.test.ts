import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.js";

describe("createProgress", () => {
  it("draws only on a terminal and clears its line at the end", () => {
    let tty = "";
    const p = createProgress({
      label: "reading x.csv",
      total: 1 << 20,
      stream: { isTTY: true, write: (s: string) => (tty += s) },
      intervalMs: 0,
    });
    p.update(1 << 19);
    p.finish();
    expect(tty).toContain("reading x.csv: 50% 512 KiB of 1.0 MiB");
    expect(tty.endsWith("\r\x1b[2K")).toBe(true);
    let pipe = "";
    const q = createProgress({
      label: "x",
      stream: { isTTY: false, write: (s: string) => (pipe += s) },
      intervalMs: 0,
    });
    q.update(5);
    q.finish();
    expect(pipe).toBe("");
  });

  it("shows rows and unknown totals", () => {
    let out = "";
    const p = createProgress({
      label: "rows",
      unit: "rows",
      stream: { isTTY: true, write: (s: string) => (out += s) },
      intervalMs: 0,
    });
    p.update(2_500_000);
    expect(out).toContain("rows: 2.5M rows");
    expect(out).not.toContain("%");
  });
});
