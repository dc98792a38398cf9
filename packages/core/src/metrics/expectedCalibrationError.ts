import { assertInteger } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { checkProbabilities } from "./check.js";

/** Result of `expectedCalibrationError`. */
export interface CalibrationResult {
  /** Σ_b (n_b / n) · |accuracy_b − confidence_b|. */
  ece: number;
  /** Largest |accuracy_b − confidence_b| over non-empty bins (maximum calibration error). */
  mce: number;
  /** Per bin: rows, mean confidence and accuracy (NaN for empty bins). Bin b holds confidences in (b/B, (b+1)/B]. */
  count: Int32Array;
  confidence: Float64Array;
  accuracy: Float64Array;
}

/**
 * Expected calibration error of the top-label confidence with B equal-width bins (Naeini, Cooper & Hauskrecht 2015;
 * Guo et al. 2017, "On calibration of modern neural networks", eq. 3). The predicted label is the first most
 * probable class. O(n·K + B).
 */
export function expectedCalibrationError(
  y: Int32Array,
  probs: Matrix<FloatArray>,
  options: { bins?: number } = {},
): CalibrationResult {
  checkProbabilities(y, probs);
  const { bins = 15 } = options;
  assertInteger(bins, "bins", { min: 1 });
  const k = probs.cols;
  const count = new Int32Array(bins);
  const conf = new Float64Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs.data[i * k + c]! > probs.data[i * k + best]!) best = c;
    const p = probs.data[i * k + best]!;
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    count[b]!++;
    conf[b]! += p;
    if (best === y[i]) hits[b]!++;
  }
  let ece = 0;
  let mce = 0;
  const accuracy = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) {
      conf[b] = Number.NaN;
      accuracy[b] = Number.NaN;
      continue;
    }
    conf[b]! /= count[b]!;
    accuracy[b] = hits[b]! / count[b]!;
    const gap = Math.abs(accuracy[b]! - conf[b]!);
    ece += (count[b]! / y.length) * gap;
    mce = Math.max(mce, gap);
  }
  return { ece: y.length ? ece : Number.NaN, mce, count, confidence: conf, accuracy };
}
