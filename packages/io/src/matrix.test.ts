import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeAnnotations } from "@vox/core";
import { describe, expect, it } from "vitest";
import { tempDir, writeTemp } from "../../../test-support/index.js";
import { readAnnotations } from "./annotations.js";
import { withAtomicWriter, writeFileAtomic } from "./atomic.js";
import { readMatrix, readMatrixCsv, writeMatrix } from "./matrix.js";
import { writeAnnotations, writeGold, writeTable } from "./writers.js";

const dir = tempDir();
let n = 0;
const file = (content: string, ext = "csv") => writeTemp(dir, `m${n++}.${ext}`, content);

describe("CSV matrices", () => {
  it("reads with or without a header, including nan and inf", async () => {
    const a = await readMatrixCsv(file("p0,p1\n0.25,0.75\n1e-3,nan\n"));
    expect(a.header).toEqual(["p0", "p1"]);
    expect(a.matrix.rows).toBe(2);
    expect(Array.from(a.matrix.data)).toEqual([0.25, 0.75, 0.001, Number.NaN]);
    const b = await readMatrixCsv(file("1,2\r\n3,-inf\r\n"));
    expect(b.header).toBeUndefined();
    expect([b.matrix.rows, b.matrix.cols]).toEqual([2, 2]);
    expect(b.matrix.data[3]).toBe(-Infinity);
    const c = await readMatrixCsv(file("1\t2\n3\t4\n", "tsv"));
    expect(c.matrix.cols).toBe(2);
  });

  it("names the line and column of a non-numeric cell and of a ragged row", async () => {
    await expect(readMatrixCsv(file("p0,p1\n0.5,0.5\n0.2,high\n"))).rejects.toThrow(
      /:3: column "p1": expected a number, found "high"/,
    );
    await expect(readMatrixCsv(file("1,2\n3,x\n"), { header: false })).rejects.toThrow(
      /:2: column "column 2": expected a number/,
    );
    await expect(readMatrixCsv(file("a,b\n1,2\n3\n"))).rejects.toThrow(
      /:3: expected 2 fields as the header, found 1/,
    );
  });

  it("writes and reads back .npy and CSV", async () => {
    const m = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 0.5) };
    for (const ext of ["npy", "csv", "tsv"]) {
      const p = join(dir, `w.${ext}`);
      await writeMatrix(p, m);
      expect((await readMatrix(p)).matrix).toEqual(m);
    }
    const p = join(dir, "f32.npy");
    await writeMatrix(p, m, { float32: true });
    expect(readFileSync(p).subarray(0, 128).toString("latin1")).toContain("'descr': '<f4'");
    const h = join(dir, "h.csv");
    await writeMatrix(h, m, { header: ["a", "b", "c"] });
    expect((await readMatrix(h)).header).toEqual(["a", "b", "c"]);
  });

  it("rejects .npy arrays that are not 1-D or 2-D", async () => {
    const { encodeNpy } = await import("./npy.js");
    const p = writeTemp(dir, "cube.npy", encodeNpy({ data: new Float64Array(8), shape: [2, 2, 2] }));
    await expect(readMatrix(p)).rejects.toThrow(/expected a 1-D or 2-D array, found shape \(2, 2, 2\)/);
  });
});

describe("writers", () => {
  it("write tables as CSV (quoted), TSV and JSON Lines", async () => {
    const rows = [
      ["a,b", 1, true],
      ['say "hi"', 2.5, null],
    ];
    const csv = join(dir, "t.csv");
    await writeTable(csv, { header: ["text", "n", "flag"], rows });
    expect(readFileSync(csv, "utf8")).toBe('text,n,flag\n"a,b",1,true\n"say ""hi""",2.5,\n');
    const jsonl = join(dir, "t.jsonl");
    await writeTable(jsonl, { header: ["text", "n", "flag"], rows });
    expect(readFileSync(jsonl, "utf8").split("\n")[1]).toBe('{"text":"say \\"hi\\"","n":2.5,"flag":null}');
    const tsv = join(dir, "t.tsv");
    await writeTable(tsv, { header: ["x", "y"], rows: [["1", "2"]] });
    expect(readFileSync(tsv, "utf8")).toBe("x\ty\n1\t2\n");
  });

  it("round-trip annotations and gold", async () => {
    const a = encodeAnnotations([
      ["t,1", "w1", "yes"],
      ["t2", "w\n2", 'a "b"'],
    ]);
    const p = join(dir, "ann.csv");
    await writeAnnotations(p, a);
    const back = await readAnnotations(p);
    expect(back.annotations.items).toEqual(a.items);
    expect(back.annotations.raters).toEqual(a.raters);
    expect(back.annotations.classes).toEqual(a.classes);
    const g = join(dir, "gold.csv");
    await writeGold(g, { items: ["x", "y", "z"], classes: ["no", "yes"], truth: Int32Array.of(1, -1, 0) });
    expect(readFileSync(g, "utf8")).toBe("item,label\nx,yes\nz,no\n");
  });

  it("never leave a half-written file behind", async () => {
    const target = join(dir, "out.csv");
    await writeFileAtomic(target, "old\n");
    const failing = withAtomicWriter(target, async (out) => {
      out.write("partial");
      throw new Error("boom");
    });
    await expect(failing).rejects.toThrow("boom");
    expect(readFileSync(target, "utf8")).toBe("old\n"); // the previous content survives
    await expect(writeTable(target, { header: ["a"], rows: [["1", "2"]] })).rejects.toThrow(
      /row has 2 cells/,
    );
    expect(readFileSync(target, "utf8")).toBe("old\n");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const fresh = join(dir, "never.csv");
    await expect(writeTable(fresh, { header: ["a"], rows: [["1", "2"]] })).rejects.toThrow();
    expect(existsSync(fresh)).toBe(false);
  });
});

describe("interrupting a write", () => {
  it("removes the temporary file and keeps the target untouched", async () => {
    const { VoxIoError } = await import("./errors.js");
    const target = join(dir, "interrupted.csv");
    const ac = new AbortController();
    ac.abort();
    const rows = (function* () {
      for (let i = 0; i < 10_000; i++) yield [String(i)];
    })();
    const e = await writeTable(target, { header: ["i"], rows }, { signal: ac.signal }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(VoxIoError);
    expect((e as InstanceType<typeof VoxIoError>).code).toBe("ABORTED");
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
