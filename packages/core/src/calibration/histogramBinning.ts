import { assertInteger, assertSameLength } from "../errors/assert.js";

/** Options for `histogramBinning`. */
export interface HistogramBinningOptions {
  /** Equal-width bins over [0, 1]. Default 10. */
  bins?: number;
  /** Beta prior pseudo-counts (a correct, b wrong) so small bins do not jump to 0 or 1. Default 1 and 1. */
  priorCorrect?: number;
  priorWrong?: number;
}

/** A fitted binning map. */
export interface HistogramBinningResult {
  /** Calibrated confidence of each bin: (correct + a) / (count + a + b). */
  value: Float64Array;
  /** Items of the fitting data in each bin. */
  count: Int32Array;
  /** The calibrated confidence of new confidences. */
  apply(confidence: ArrayLike<number>): Float64Array;
}

/**
 * Histogram binning (Zadrozny & Elkan 2001, "Obtaining calibrated probability estimates from decision trees and naive
 * Bayesian classifiers", ICML): top-label confidences are split into equal-width bins and each bin's confidence is
 * replaced by its observed accuracy on labelled data, here with a Beta(a, b) prior (Laplace's rule by default) so
 * that a bin with few items is not set to exactly 0 or 1. O(n + bins).
 */
export function histogramBinning(
  confidence: ArrayLike<number>,
  correct: ArrayLike<number>,
  options: HistogramBinningOptions = {},
): HistogramBinningResult {
  const { bins = 10, priorCorrect = 1, priorWrong = 1 } = options;
  assertInteger(bins, "bins", { min: 1, max: 10_000 });
  assertSameLength(confidence, correct, "confidence and correct");
  const binOf = (c: number) => Math.min(bins - 1, Math.max(0, Math.ceil(c * bins) - 1));
  const count = new Int32Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < confidence.length; i++) {
    const b = binOf(confidence[i]!);
    count[b]!++;
    if (correct[i]) hits[b]!++;
  }
  const value = new Float64Array(bins);
  for (let b = 0; b < bins; b++)
    value[b] = (hits[b]! + priorCorrect) / (count[b]! + priorCorrect + priorWrong);
  return {
    value,
    count,
    apply(c) {
      const out = new Float64Array(c.length);
      for (let i = 0; i < c.length; i++) out[i] = value[binOf(c[i]!)]!;
      return out;
    },
  };
}
