import { describe, expect, it } from "vitest";
import { fromRows } from "../../linalg/matrix.js";
import { budgetStop } from "./budget.js";
import { maxConfidenceStop } from "./maxConfidence.js";
import { overallUncertaintyStop } from "./overallUncertainty.js";
import { predictionKappa, stabilizingPredictions } from "./stabilizingPredictions.js";

describe("stabilizing predictions", () => {
  it("computes Cohen's kappa between successive predictions", () => {
    // a = (0,0,1,1), b = (0,1,1,1): p_o = 3/4; marginals a (1/2, 1/2), b (1/4, 3/4): p_e = 1/8 + 3/8 = 1/2;
    // κ = (3/4 − 1/2) / (1 − 1/2) = 1/2.
    expect(predictionKappa(Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 1, 1, 1]), 2)).toBeCloseTo(
      0.5,
      15,
    );
    expect(predictionKappa(Int32Array.from([1, 1]), Int32Array.from([1, 1]), 2)).toBe(1);
  });
  it("stops once the mean of the last three kappas reaches 0.99 (Bloodgood & Vijay-Shanker 2009)", () => {
    const a = Int32Array.from([0, 0, 1, 1]);
    const b = Int32Array.from([0, 1, 1, 1]);
    expect(stabilizingPredictions([a, b, b, b], { classes: 2 }).stop).toBe(false);
    const d = stabilizingPredictions([a, b, b, b, b], { classes: 2 });
    expect(d.stop).toBe(true);
    expect(Array.from(d.kappas)).toEqual([0.5, 1, 1, 1]);
    expect(stabilizingPredictions([a, b], { classes: 2 }).stop).toBe(false);
  });
});

describe("uncertainty-based stopping", () => {
  const probs = fromRows([
    [0.99, 0.01],
    [0.5, 0.5],
  ]);
  it("max-confidence looks at the most uncertain row", () => {
    const d = maxConfidenceStop(probs);
    expect(d.value).toBeCloseTo(Math.LN2, 15);
    expect(d.stop).toBe(false);
    expect(maxConfidenceStop(fromRows([[0.999, 0.001]])).stop).toBe(true);
  });
  it("overall uncertainty averages over the pool", () => {
    // (H(0.99, 0.01) + ln 2) / 2, with H(0.99, 0.01) = −0.99 ln 0.99 − 0.01 ln 0.01 = 0.056001534354847345.
    const d = overallUncertaintyStop(probs, { threshold: 0.5 });
    expect(d.value).toBeCloseTo((0.056001534354847345 + Math.LN2) / 2, 14);
    expect(d.stop).toBe(true);
  });
  it("budget", () => {
    expect(budgetStop(99, 100).stop).toBe(false);
    expect(budgetStop(100, 100).stop).toBe(true);
  });
});
