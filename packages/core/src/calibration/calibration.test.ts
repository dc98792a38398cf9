import { describe, expect, it } from "vitest";
import { fromRows } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { expectedCalibrationError } from "./expectedCalibrationError.js";
import { histogramBinning } from "./histogramBinning.js";
import { applyTemperature, temperatureScalingOfProbabilities } from "./temperatureScaling.js";

describe("expectedCalibrationError", () => {
  it("weights each bin's |accuracy − confidence| by its size (hand-computed)", () => {
    // Bins of width 0.5: (0, 0.5] holds 0.2 and 0.4 (one right): |0.5 − 0.3| = 0.2; (0.5, 1] holds 0.9, 0.9, 0.6
    // (two right): |2/3 − 0.8| = 0.1333…; ECE = 2/5 · 0.2 + 3/5 · 0.13333 = 0.16.
    const r = expectedCalibrationError([0.2, 0.4, 0.9, 0.9, 0.6], [1, 0, 1, 0, 1], { bins: 2 });
    expect(r.ece).toBeCloseTo(0.16, 12);
    expect(r.mce).toBeCloseTo(0.2, 12);
    expect([...r.count]).toEqual([2, 3]);
    expect(r.accuracy[1]).toBeCloseTo(2 / 3, 12);
  });

  it("is 0 for perfectly calibrated bins and NaN for no items", () => {
    expect(expectedCalibrationError([1, 1, 0.5, 0.5], [1, 1, 1, 0], { bins: 10 }).ece).toBeCloseTo(0, 12);
    expect(expectedCalibrationError([], []).ece).toBeNaN();
    expect(() => expectedCalibrationError([1.2], [1])).toThrow("confidence[0] must be in [0, 1] (got 1.2)");
  });
});

describe("temperatureScaling", () => {
  // reference/augment/self_bleu_and_temperature.py: scipy 1.10 minimize_scalar (bounded) of the same NLL.
  const P = fromRows([
    [0.9, 0.1, 0.0],
    [0.8, 0.2, 0.0],
    [0.6, 0.4, 0.0],
    [1.0, 0.0, 0.0],
    [0.2, 0.7, 0.1],
    [0.0, 0.4, 0.6],
    [0.5, 0.5, 0.0],
    [0.1, 0.1, 0.8],
    [0.7, 0.3, 0.0],
    [0.3, 0.3, 0.4],
  ]);
  const y = Int32Array.from([0, 1, 0, 0, 1, 2, 1, 2, 1, 0]);

  it("finds scipy's temperature and NLL", () => {
    const r = temperatureScalingOfProbabilities(P, y);
    expect(r.temperature).toBeCloseTo(1.1425251214685346, 5);
    expect(r.before).toBeCloseTo(0.642555760088074, 12);
    expect(r.after).toBeCloseTo(0.6402648916339052, 10);
    expect(r.converged).toBe(true);
    for (let k = 1; k < r.objective.length; k++)
      expect(r.objective[k]).toBeLessThanOrEqual(r.objective[k - 1]! + 1e-12);
  });

  it("softens overconfident predictions (T > 1) and keeps the argmax", () => {
    const rng = createRng(3);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 400; i++) {
      const truth = rng.int(2);
      const right = rng.bernoulli(0.7);
      const pred = right ? truth : 1 - truth;
      rows.push(pred === 0 ? [0.99, 0.01] : [0.01, 0.99]);
      labels.push(truth);
    }
    const probs = fromRows(rows);
    const r = temperatureScalingOfProbabilities(probs, Int32Array.from(labels));
    expect(r.temperature).toBeGreaterThan(1);
    const scaled = applyTemperature(probs, r.temperature);
    // Calibrated confidence ≈ the 70% accuracy.
    expect(Math.max(scaled.data[0]!, scaled.data[1]!)).toBeCloseTo(0.7, 1);
    for (let i = 0; i < 400; i++) expect(scaled.data[2 * i]! > 0.5).toBe(probs.data[2 * i]! > 0.5);
  });

  it("ignores unknown labels and returns T = 1 without any", () => {
    const r = temperatureScalingOfProbabilities(P, new Int32Array(10).fill(-1));
    expect(r).toMatchObject({ temperature: 1, iterations: 0 });
  });
});

describe("histogramBinning", () => {
  it("maps each bin to its smoothed accuracy", () => {
    const h = histogramBinning([0.95, 0.95, 0.95, 0.95, 0.55], [1, 0, 1, 0, 1], { bins: 2 });
    // Bin (0.5, 1]: 3 right of 5, Laplace: (3 + 1) / (5 + 2).
    expect(h.value[1]).toBeCloseTo(4 / 7, 12);
    expect(h.value[0]).toBeCloseTo(1 / 2, 12);
    expect([...h.apply([0.99, 0.1])]).toEqual([4 / 7, 1 / 2]);
  });
});
