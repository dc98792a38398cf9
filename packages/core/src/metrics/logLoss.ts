import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { checkProbabilities, checkWeights } from "./check.js";

/** Options for `logLoss`. */
export interface LogLossOptions {
  /** Probabilities are clipped to [eps, 1 − eps] and each row renormalised, as scikit-learn 1.2 does. Default 2^−52. */
  eps?: number;
  /** Per-row weights. Default: all 1. */
  sampleWeight?: Float64Array;
}

/** Mean negative log-likelihood of the true labels, −(1/n) Σ_i log p_i[y_i] (weighted mean with weights). O(n·K). */
export function logLoss(y: Int32Array, probs: Matrix<FloatArray>, options: LogLossOptions = {}): number {
  checkProbabilities(y, probs);
  const { eps = Number.EPSILON, sampleWeight } = options;
  checkWeights(sampleWeight, y.length);
  const k = probs.cols;
  let loss = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += Math.min(1 - eps, Math.max(eps, probs.data[i * k + c]!));
    const p = Math.min(1 - eps, Math.max(eps, probs.data[i * k + y[i]!]!)) / s;
    const w = sampleWeight ? sampleWeight[i]! : 1;
    loss -= w * Math.log(p);
    total += w;
  }
  return total > 0 ? loss / total : Number.NaN;
}
