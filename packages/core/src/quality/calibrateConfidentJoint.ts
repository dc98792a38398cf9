import { assertInteger } from "../errors/assert.js";
import type { Matrix } from "../linalg/matrix.js";
import { labelCounts, pairwiseSum, roundPreservingRowTotals } from "./numeric.js";

/**
 * Calibrates a confident joint (Northcutt, Jiang & Chuang 2021, JAIR, eq. 3): each row is rescaled to the number
 * of examples given that label, then the whole matrix to N, then rows are rounded to integers preserving their
 * totals. Follows cleanlab 2.9's `calibrate_confident_joint` bit for bit. O(K² + N).
 */
export function calibrateConfidentJoint(joint: Matrix, labels: Int32Array): Matrix {
  const k = joint.rows;
  if (joint.cols !== k) throw new RangeError(`the confident joint must be square (got ${k}×${joint.cols})`);
  for (let i = 0; i < labels.length; i++) assertInteger(labels[i]!, `labels[${i}]`, { min: 0, max: k - 1 });
  const counts = labelCounts(labels, k);
  const cal = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    const rowSum = Math.max(pairwiseSum(joint.data, r * k, k), 1e-100);
    for (let c = 0; c < k; c++) cal[r * k + c] = (joint.data[r * k + c]! / rowSum) * counts[r]!;
  }
  const total = Math.max(pairwiseSum(cal), 1e-100);
  const n = labels.length;
  for (let i = 0; i < cal.length; i++) cal[i] = (cal[i]! / total) * n;
  return { rows: k, cols: k, data: roundPreservingRowTotals(cal, k) };
}
