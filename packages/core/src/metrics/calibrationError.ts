import { type EceResult, expectedCalibrationError } from "../calibration/expectedCalibrationError.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { checkProbabilities } from "./check.js";

/**
 * Expected calibration error of a classifier's top-label confidence (Guo et al. 2017, eq. 3) from labels and class
 * probabilities: the predicted label is the first most probable class, its probability the confidence, then
 * `expectedCalibrationError` bins them (B equal-width bins, default 15). O(n·K + B).
 */
export function calibrationError(
  y: Int32Array,
  probs: Matrix<FloatArray>,
  options: { bins?: number } = {},
): EceResult {
  checkProbabilities(y, probs);
  const k = probs.cols;
  const confidence = new Float64Array(y.length);
  const correct = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs.data[i * k + c]! > probs.data[i * k + best]!) best = c;
    confidence[i] = Math.min(1, Math.max(0, probs.data[i * k + best]!));
    correct[i] = best === y[i] ? 1 : 0;
  }
  return expectedCalibrationError(confidence, correct, options);
}
