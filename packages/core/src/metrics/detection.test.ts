import { describe, expect, it } from "vitest";
import { auroc, precisionAtK } from "./detection.js";

describe("auroc", () => {
  it("matches scikit-learn's roc_auc_score documentation example", () => {
    // sklearn.metrics.roc_auc_score docs (1.2): y = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8] → 0.75.
    expect(auroc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });
  it("counts ties as one half and handles the extremes", () => {
    // pairs (pos, neg): (0.5, 0.5) tie → ½, (0.5, 0.2) win → 1, of 2 pairs: 0.75.
    expect(auroc([0.5, 0.5, 0.2], [1, 0, 0])).toBe(0.75);
    expect(auroc([3, 2, 1], [1, 1, 0])).toBe(1);
    expect(auroc([1, 2, 3], [1, 1, 0])).toBe(0);
    expect(Number.isNaN(auroc([1, 2], [0, 0]))).toBe(true);
    expect(() => auroc([1, Number.NaN], [0, 1])).toThrow(/NaN/);
    expect(() => auroc([1], [0, 1])).toThrow(/same length/);
  });
});

describe("precisionAtK", () => {
  it("takes the k highest scores, lower index first on ties", () => {
    expect(precisionAtK([0.9, 0.1, 0.9, 0.5], [0, 0, 1, 1], 2)).toEqual({ precision: 0.5, recall: 0.5 });
    expect(precisionAtK([0.9, 0.1, 0.9, 0.5], [0, 0, 1, 1], 3)).toEqual({ precision: 2 / 3, recall: 1 });
    expect(() => precisionAtK([1, 2], [0, 1], 3)).toThrow(/k must be/);
  });
});
