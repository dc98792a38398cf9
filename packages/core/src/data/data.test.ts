import { describe, expect, it } from "vitest";
import { createRng } from "../random/rng.js";
import {
  AnnotationsBuilder,
  createAnnotations,
  encodeAnnotations,
  judgmentAt,
  selectJudgments,
} from "./annotations.js";
import { CodeTable } from "./codeTable.js";
import { ComparisonsBuilder, Outcome } from "./comparisons.js";
import { encodeGold } from "./gold.js";
import { groupBy } from "./groupBy.js";
import { GrowableFloat64, GrowableInt32 } from "./growable.js";
import { judgmentValues, NumericLabelError, parseNumber } from "./numeric.js";
import { duplicateMask, repeatedJudgments } from "./repeatedJudgments.js";
import { summarizeAnnotations } from "./summarize.js";

describe("CodeTable", () => {
  it("assigns codes in order of first appearance and round-trips", () => {
    const t = new CodeTable();
    expect(["b", "a", "b", "c"].map((s) => t.code(s))).toEqual([0, 1, 0, 2]);
    expect(t.size).toBe(3);
    expect(t.values).toEqual(["b", "a", "c"]);
    expect(t.value(1)).toBe("a");
    expect(t.lookup("zz")).toBe(-1);
    expect(() => t.value(3)).toThrow(/code 3 is not in the table/);
    expect(() => CodeTable.from(["x", "x"])).toThrow(/duplicate value/);
  });
});

describe("growable arrays", () => {
  it("grow past their capacity and trim", () => {
    const a = new GrowableInt32(1);
    const b = new GrowableFloat64(1);
    for (let i = 0; i < 1000; i++) {
      a.push(i);
      b.push(i / 2);
    }
    expect(a.toArray().length).toBe(1000);
    expect(a.toArray()[999]).toBe(999);
    expect(b.toArray()[999]).toBe(499.5);
  });
});

describe("Annotations", () => {
  const rows = [
    ["t1", "w1", "no"],
    ["t1", "w2", "yes"],
    ["t2", "w1", "yes"],
  ] as const;

  it("encodes string triples and decodes them back", () => {
    const a = encodeAnnotations(rows);
    expect(a.items).toEqual(["t1", "t2"]);
    expect(a.raters).toEqual(["w1", "w2"]);
    expect(a.classes).toEqual(["no", "yes"]);
    expect(Array.from(a.label)).toEqual([0, 1, 1]);
    expect(rows.map((_, j) => judgmentAt(a, j))).toEqual(
      rows.map(([item, rater, label]) => ({ item, rater, label })),
    );
    expect(a.durationMs).toBeUndefined();
    expect(() => judgmentAt(a, 3)).toThrow(RangeError);
  });

  it("keeps a given class order and appends unseen classes", () => {
    const a = encodeAnnotations(rows, { classOrder: ["yes", "maybe"] });
    expect(a.classes).toEqual(["yes", "maybe", "no"]);
  });

  it("records durations only when some judgment has one", () => {
    const b = new AnnotationsBuilder({ capacity: 1 });
    b.add({ item: "a", rater: "r", label: "x" });
    b.add({ item: "b", rater: "r", label: "x", durationMs: 1500 });
    const a = b.build();
    expect(Number.isNaN(a.durationMs![0]!)).toBe(true);
    expect(a.durationMs![1]).toBe(1500);
    b.add({ item: "c", rater: "r", label: "y" });
    expect(a.item.length).toBe(2); // the built result is a snapshot
  });

  it("validates hand-made datasets", () => {
    const ok = encodeAnnotations(rows);
    expect(createAnnotations(ok)).toBe(ok);
    expect(() => createAnnotations({ ...ok, label: Int32Array.of(0, 1) })).toThrow(/same length/);
    expect(() => createAnnotations({ ...ok, label: Int32Array.of(0, 1, 2) })).toThrow(/label\[2\]/);
  });

  it("selects judgments by mask", () => {
    const a = encodeAnnotations(rows);
    const s = selectJudgments(a, Uint8Array.of(1, 0, 1));
    expect(Array.from(s.rater)).toEqual([0, 0]);
    expect(s.items).toBe(a.items);
  });
});

describe("groupBy", () => {
  it("groups stably in linear time", () => {
    const g = groupBy(Int32Array.of(2, 0, 2, 1, 0), 4);
    expect(Array.from(g.offsets)).toEqual([0, 2, 3, 5, 5]);
    expect(Array.from(g.order)).toEqual([1, 4, 3, 0, 2]);
  });
});

describe("repeated judgments", () => {
  const a = encodeAnnotations([
    ["i1", "r1", "a"], // 0
    ["i1", "r2", "b"], // 1
    ["i1", "r1", "b"], // 2 repeats 0
    ["i2", "r1", "a"], // 3 (other item: not a repeat)
    ["i1", "r1", "c"], // 4 repeats 2
  ]);

  it("pairs each repeat with the previous judgment of its pair", () => {
    const rep = repeatedJudgments(a);
    expect(Array.from(rep.later)).toEqual([2, 4]);
    expect(Array.from(rep.earlier)).toEqual([0, 2]);
  });

  it("applies keep-last, keep-first and keep-all", () => {
    const rep = repeatedJudgments(a);
    expect(Array.from(duplicateMask(a, rep, "keep-last"))).toEqual([0, 1, 0, 1, 1]);
    expect(Array.from(duplicateMask(a, rep, "keep-first"))).toEqual([1, 1, 0, 1, 0]);
    expect(Array.from(duplicateMask(a, rep, "keep-all"))).toEqual([1, 1, 1, 1, 1]);
  });

  it("agrees with a brute-force check on random data", () => {
    const rng = createRng(12);
    const triples: [string, string, string][] = [];
    for (let j = 0; j < 2000; j++) triples.push([`i${rng.int(50)}`, `r${rng.int(30)}`, "x"]);
    const b = encodeAnnotations(triples);
    const seen = new Map<string, number>();
    const later: number[] = [];
    const earlier: number[] = [];
    triples.forEach(([i, r], j) => {
      const key = `${i}\u0000${r}`;
      const prev = seen.get(key);
      if (prev !== undefined) {
        later.push(j);
        earlier.push(prev);
      }
      seen.set(key, j);
    });
    const rep = repeatedJudgments(b);
    expect(Array.from(rep.later)).toEqual(later);
    expect(Array.from(rep.earlier)).toEqual(earlier);
  });
});

describe("numeric labels", () => {
  it("parses plain decimal numbers only", () => {
    expect(parseNumber(" -12.5 ")).toBe(-12.5);
    expect(parseNumber("1e3")).toBe(1000);
    expect(parseNumber(".5")).toBe(0.5);
    for (const bad of ["", "abc", "0x10", "Infinity", "1,5", "NaN"]) expect(parseNumber(bad)).toBeNaN();
  });

  it("turns judgments into numbers and names the first bad label", () => {
    const a = encodeAnnotations([
      ["i", "r1", "3"],
      ["i", "r2", "4.5"],
    ]);
    expect(Array.from(judgmentValues(a))).toEqual([3, 4.5]);
    const bad = encodeAnnotations([
      ["i", "r1", "3"],
      ["i", "r2", "high"],
    ]);
    expect(() => judgmentValues(bad)).toThrow(NumericLabelError);
    try {
      judgmentValues(bad);
    } catch (e) {
      expect((e as NumericLabelError).judgment).toBe(1);
      expect((e as NumericLabelError).label).toBe("high");
    }
  });
});

describe("gold", () => {
  const a = encodeAnnotations([
    ["t1", "w1", "no"],
    ["t2", "w1", "yes"],
  ]);

  it("aligns gold with item codes and extends the classes", () => {
    const g = encodeGold(a, [
      ["t2", "yes"],
      ["t1", "maybe"],
      ["t9", "no"],
    ]);
    expect(Array.from(g.truth)).toEqual([2, 1]);
    expect(g.classes).toEqual(["no", "yes", "maybe"]);
    expect(g.unmatchedItems).toEqual(["t9"]);
    expect(g.count).toBe(2);
  });

  it("rejects contradicting gold labels but accepts repeats", () => {
    expect(
      encodeGold(a, [
        ["t1", "no"],
        ["t1", "no"],
      ]).count,
    ).toBe(1);
    expect(() =>
      encodeGold(a, [
        ["t1", "no"],
        ["t1", "yes"],
      ]),
    ).toThrow(/two gold labels/);
  });
});

describe("comparisons", () => {
  it("encodes pairwise preferences with one item table", () => {
    const b = new ComparisonsBuilder();
    b.add({ rater: "w1", left: "a", right: "b", outcome: Outcome.left });
    b.add({ rater: "w2", left: "b", right: "c", outcome: Outcome.tie });
    const c = b.build();
    expect(c.items).toEqual(["a", "b", "c"]);
    expect(Array.from(c.left)).toEqual([0, 1]);
    expect(Array.from(c.right)).toEqual([1, 2]);
    expect(Array.from(c.outcome)).toEqual([0, 2]);
    expect(b.length).toBe(2);
  });
});

describe("summarizeAnnotations", () => {
  it("counts items, raters, classes and overlap", () => {
    const b = new AnnotationsBuilder();
    b.add({ item: "i1", rater: "r1", label: "a", durationMs: 100 });
    b.add({ item: "i1", rater: "r2", label: "a", durationMs: 300 });
    b.add({ item: "i2", rater: "r1", label: "b" });
    const s = summarizeAnnotations(b.build());
    expect(s).toMatchObject({ items: 2, raters: 2, judgments: 3, singlyLabeledItems: 1 });
    expect(s.classes).toEqual([
      { name: "a", count: 2, share: 2 / 3 },
      { name: "b", count: 1, share: 1 / 3 },
    ]);
    expect(s.judgmentsPerItem).toEqual({ min: 1, median: 1.5, mean: 1.5, max: 2 });
    expect(s.durations).toEqual({ count: 2, medianMs: 200 });
  });

  it("handles an empty dataset", () => {
    const s = summarizeAnnotations(encodeAnnotations([]));
    expect(s.judgments).toBe(0);
    expect(s.judgmentsPerItem.max).toBe(0);
    expect(s.durations.medianMs).toBeNaN();
  });
});
