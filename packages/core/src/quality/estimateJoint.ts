import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { calibrateConfidentJoint } from "./calibrateConfidentJoint.js";
import { confidentJoint } from "./confidentJoint.js";
import { pairwiseSum } from "./numeric.js";

/** Options for `estimateJoint`. */
export interface EstimateJointOptions {
  /**
   * An uncalibrated confident joint to start from (it is calibrated against `labels`); default: computed from
   * `labels` and `probs`.
   */
  confidentJoint?: Matrix;
}

/**
 * The estimated joint distribution Q[given][true] of given and true labels (Northcutt, Jiang & Chuang 2021,
 * JAIR, eq. 3): the calibrated confident joint divided by its total, so it sums to 1. O(N·K).
 */
export function estimateJoint(
  labels: Int32Array,
  probs: Matrix<FloatArray>,
  options: EstimateJointOptions = {},
): Matrix {
  const cal = options.confidentJoint
    ? calibrateConfidentJoint(options.confidentJoint, labels)
    : confidentJoint(labels, probs).joint;
  return normalizeJoint(cal);
}

/** A count matrix divided by its total (numpy's pairwise sum, clipped below at 1e-100). */
export function normalizeJoint(counts: Matrix): Matrix {
  const total = Math.max(pairwiseSum(counts.data), 1e-100);
  return { rows: counts.rows, cols: counts.cols, data: counts.data.map((v) => v / total) };
}
