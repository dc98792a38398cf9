import { describe, expect, it } from "vitest";
import { encodeAnnotations } from "../data/annotations.js";
import { disagreementDeconvolution } from "./disagreementDeconvolution.js";

describe("disagreementDeconvolution", () => {
  // Item a: 4 of 5 raters say "0"; item b: one each; item c: 3 raters, all "0".
  const rows: [string, string, string][] = [
    ...["r1", "r2", "r3", "r4"].map((r): [string, string, string] => ["a", r, "0"]),
    ["a", "r5", "1"],
    ["b", "r1", "0"],
    ["b", "r2", "1"],
    ...["r1", "r2", "r3"].map((r): [string, string, string] => ["c", r, "0"]),
  ];
  const a = encodeAnnotations(rows, { classOrder: ["0", "1"] });

  it("inverts symmetric flip noise by hand: f = 0.1 turns 0.8/0.2 into 0.875/0.125", () => {
    // Mᵀ = [[0.9, 0.1], [0.1, 0.9]]; its inverse is [[0.9, −0.1], [−0.1, 0.9]] / 0.8.
    const r = disagreementDeconvolution(a, { flipRate: 0.1, predictions: Int32Array.from([0, 1, 1]) });
    expect(r.flipRateSource).toBe("given");
    const d = Array.from(r.deconvolved.data);
    expect(d[0]).toBeCloseTo(0.875, 12);
    expect(d[1]).toBeCloseTo(0.125, 12);
    expect(d[2]).toBeCloseTo(0.5, 12);
    // (1.125, −0.125) projected onto the simplex.
    expect(d.slice(4)).toEqual([1, 0]);
    const acc = r.accuracy!;
    expect(acc.aggregated).toBeCloseTo((1 + 0.5 + 0) / 3, 12); // item b is a tie: half a point
    expect(acc.raters).toBeCloseTo((0.8 + 0.5 + 0) / 3, 12);
    expect(acc.deconvolved).toBeCloseTo((0.875 + 0.5 + 0) / 3, 12);
    expect(acc.ceiling).toBeCloseTo((0.875 + 0.5 + 1) / 3, 12);
    expect(acc.disagreementShare).toBeCloseTo((1 - 2.375 / 3) / (1 - 1.375 / 3), 12);
    expect(acc.items).toBe(3);
  });

  it("leaves the distribution alone without noise (no repeats, no rate given)", () => {
    const r = disagreementDeconvolution(a);
    expect(r.flipRateSource).toBe("none");
    expect(Array.from(r.deconvolved.data)).toEqual(Array.from(r.observed.data));
  });

  it("estimates flip rates from repeated judgments and splits a repeating rater's weight", () => {
    const rep = encodeAnnotations([
      ["x", "r1", "0"],
      ["x", "r1", "0"],
      ["y", "r1", "0"],
      ["y", "r1", "0"],
      ["z", "r2", "0"],
      ["z", "r2", "1"],
      ["z", "r3", "1"],
    ]);
    const r = disagreementDeconvolution(rep);
    expect(r.flipRateSource).toBe("repeats");
    expect(r.repeatedPairs).toBe(3);
    // Pairs after a "0": 3, one of which flips; no pair starts with "1", so it takes the pooled rate.
    expect(Array.from(r.flipRate)).toEqual([1 / 3, 1 / 3]);
    // Item z: r2 weighs ½ on each class, r3 all on "1": shares (0.25, 0.75).
    expect(Array.from(r.observed.data.subarray(4, 6))).toEqual([0.25, 0.75]);
  });

  it("rejects a noise level that hides every opinion", () => {
    expect(() => disagreementDeconvolution(a, { flipRate: 0.5 })).toThrow(/singular/);
  });
});
