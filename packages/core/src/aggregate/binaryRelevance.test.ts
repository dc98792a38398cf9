import { describe, expect, it } from "vitest";
import { encodeAnnotations } from "../data/annotations.js";
import { binaryRelevance } from "./binaryRelevance.js";
import { dawidSkene } from "./dawidSkene.js";
import { encodeMultiLabel } from "./encodeMultiLabel.js";

// crowd-kit's BinaryRelevance docstring example: three raters tag two images.
const tagged = encodeAnnotations([
  ["t1", "w1", "house|tree"],
  ["t1", "w2", "house"],
  ["t1", "w3", "house|tree|grass"],
  ["t2", "w1", "car"],
  ["t2", "w2", "car|human"],
  ["t2", "w3", "train"],
]);

describe("encodeMultiLabel", () => {
  it("splits label sets and keeps class order of first appearance", () => {
    const m = encodeMultiLabel(tagged);
    expect(m.classes).toEqual(["house", "tree", "grass", "car", "human", "train"]);
    expect(Array.from(m.offsets)).toEqual([0, 2, 3, 6, 7, 9, 10]);
    expect(Array.from(m.labels)).toEqual([0, 1, 0, 0, 1, 2, 3, 3, 4, 5]);
  });

  it("merges one row per chosen class and reads an empty set", () => {
    const rows = encodeAnnotations([
      ["t1", "w1", "cat"],
      ["t1", "w1", "dog"],
      ["t1", "w2", "none"],
    ]);
    const m = encodeMultiLabel(rows, { none: "none" });
    expect(m.item.length).toBe(2);
    expect(Array.from(m.offsets)).toEqual([0, 2, 2]);
    expect(() => encodeMultiLabel(rows, { separator: "" })).toThrow(/separator/);
  });
});

describe("binaryRelevance", () => {
  it("aggregates each class on its own (majority vote by default)", () => {
    const m = encodeMultiLabel(tagged);
    const r = binaryRelevance(m, { options: { ties: "first" } });
    const C = m.classes.length;
    const p = (item: number, name: string) => r.probabilities.data[item * C + m.classes.indexOf(name)]!;
    expect(p(0, "house")).toBe(1);
    expect(p(0, "tree")).toBeCloseTo(2 / 3, 12);
    expect(p(0, "grass")).toBeCloseTo(1 / 3, 12);
    expect(p(1, "car")).toBeCloseTo(2 / 3, 12);
    const present = (item: number) => m.classes.filter((_, c) => r.present[item * C + c] === 1);
    // crowd-kit's documented result: t1 → house, tree; t2 → car.
    expect(present(0)).toEqual(["house", "tree"]);
    expect(present(1)).toEqual(["car"]);
    expect(r.perClass.length).toBe(C);
  });

  it("runs any aggregator and clamps known sets", () => {
    const m = encodeMultiLabel(tagged);
    const C = m.classes.length;
    const known = new Int8Array(2 * C).fill(-1);
    known[1 * C + m.classes.indexOf("train")] = 1;
    const r = binaryRelevance(m, { aggregator: dawidSkene, known });
    expect(r.present[1 * C + m.classes.indexOf("train")]).toBe(1);
    expect(() => binaryRelevance(m, { known: new Int8Array(3) })).toThrow(/items × classes/);
  });
});
