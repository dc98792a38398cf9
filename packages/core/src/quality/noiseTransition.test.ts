import { describe, expect, it } from "vitest";
import { createRng } from "../random/rng.js";
import { flipLabels } from "../simulate/flipLabels.js";
import { noiseTransition } from "./noiseTransition.js";

describe("noiseTransition", () => {
  it("recovers the transition matrix behind flipped labels from well-separated probabilities", () => {
    // True classes with confident, noisy-but-correct probabilities; labels flipped with a known T.
    const n = 6000;
    const k = 3;
    const rng = createRng(4);
    const truth = Int32Array.from({ length: n }, () => rng.int(k));
    const probs = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const top = 0.7 + 0.25 * rng.float();
      for (let c = 0; c < k; c++) probs[i * k + c] = c === truth[i] ? top : (1 - top) / (k - 1);
    }
    const t = [0.8, 0.15, 0.05, 0.1, 0.7, 0.2, 0, 0.1, 0.9];
    const noisy = flipLabels(truth, {
      transition: { rows: 3, cols: 3, data: Float64Array.from(t) },
      seed: 5,
    });
    const est = noiseTransition(noisy.labels, { rows: n, cols: k, data: probs });
    for (const [q, v] of est.transition.data.entries()) expect(Math.abs(v - t[q]!)).toBeLessThan(0.03);
    for (let i = 0; i < k; i++) {
      let row = 0;
      for (let j = 0; j < k; j++) {
        row += est.transition.data[i * k + j]!;
        // The transpose of cleanlab's noise matrix.
        expect(est.transition.data[i * k + j]).toBe(est.noiseMatrix.data[j * k + i]);
      }
      expect(row).toBeCloseTo(1, 12);
    }
    expect(Math.abs(est.noiseRate - noisy.flips / n)).toBeLessThan(0.02);
  });
});
