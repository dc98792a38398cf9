import { describe, expect, it } from "vitest";
import { fromRows } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { entropyStrategy } from "./entropy.js";
import { leastConfidenceStrategy } from "./leastConfidence.js";
import { marginStrategy } from "./margin.js";
import { topByScore } from "./rank.js";
import { uncertaintyScores } from "./uncertainty.js";

// Hand-computed from the definitions (Settles 2009 §3.1): for p = (0.5, 0.3, 0.2) least confidence is 0.5, margin
// 1 − (0.5 − 0.3) = 0.8, entropy −(0.5 ln 0.5 + 0.3 ln 0.3 + 0.2 ln 0.2) = 1.0296530140645737.
const probs = fromRows([
  [0.5, 0.3, 0.2],
  [1, 0, 0],
  [0.4, 0.4, 0.2],
]);

describe("uncertaintyScores", () => {
  it("matches the definitions", () => {
    expect(Array.from(uncertaintyScores(probs, "least-confidence"))).toEqual([0.5, 0, 0.6]);
    const margin = uncertaintyScores(probs, "margin");
    expect(margin[0]).toBeCloseTo(0.8, 15);
    expect(margin[1]).toBe(0);
    expect(margin[2]).toBe(1);
    const h = uncertaintyScores(probs, "entropy");
    expect(h[0]).toBeCloseTo(1.0296530140645737, 14);
    expect(h[1]).toBe(0);
  });

  it("the three measures can disagree on the most uncertain row (Settles 2009, Fig. 5)", () => {
    // Row 0: (0.45, 0.45, 0.1) has the smallest margin; row 1: (0.4, 0.3, 0.3) the lowest top probability and the
    // highest entropy.
    const p = fromRows([
      [0.45, 0.45, 0.1],
      [0.4, 0.3, 0.3],
    ]);
    const pool = Int32Array.from([0, 1]);
    const base = { pool, labeled: new Int32Array(0), labels: new Int32Array(0), batch: 1, seed: 1, probs: p };
    expect(Array.from(marginStrategy.select(base).indices)).toEqual([0]);
    expect(Array.from(leastConfidenceStrategy.select(base).indices)).toEqual([1]);
    expect(Array.from(entropyStrategy.select(base).indices)).toEqual([1]);
  });
});

describe("topByScore", () => {
  it("orders by score and breaks ties with the seed", () => {
    const c = Int32Array.from([5, 6, 7, 8]);
    const s = Float64Array.from([1, 3, 3, Number.NaN]);
    const r = topByScore(c, s, { take: 4, rng: createRng(1) });
    expect(new Set(Array.from(r.indices.subarray(0, 2)))).toEqual(new Set([6, 7]));
    expect(Array.from(r.indices.subarray(2))).toEqual([5, 8]);
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++)
      orders.add(Array.from(topByScore(c, s, { take: 2, rng: createRng(seed) }).indices).join());
    expect(orders).toEqual(new Set(["6,7", "7,6"]));
  });
});
