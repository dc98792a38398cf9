import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { checkLabelsAndProbs, pairwiseSum } from "./numeric.js";

/** Threshold for a class nobody was given: above any probability, so no example is confidently counted into it. */
const ABSENT_CLASS_THRESHOLD = 2;
/** Lower clip of thresholds (cleanlab's CLIPPING_LOWER_BOUND). */
const MIN_THRESHOLD = 1e-6;

/**
 * Per-class confident thresholds t_k: the mean predicted probability of class k over the examples labeled k
 * (Northcutt, Jiang & Chuang 2021, JAIR, eq. 2), clipped below at 1e-6; 2 for a class no example is labeled with.
 * Sums in numpy's pairwise order, so the thresholds equal cleanlab's bit for bit. O(N·K) time, O(N) memory.
 */
export function confidentThresholds(labels: Int32Array, probs: Matrix<FloatArray>): Float64Array {
  const k = checkLabelsAndProbs(labels, probs);
  return thresholdsUnchecked(labels, probs, k);
}

/** confidentThresholds without input checks (callers have checked). */
export function thresholdsUnchecked(labels: Int32Array, probs: Matrix<FloatArray>, k: number): Float64Array {
  const n = labels.length;
  const counts = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) counts[labels[i]! + 1]!++;
  for (let c = 0; c < k; c++) counts[c + 1]! += counts[c]!;
  // Gather each class's own-class probabilities contiguously, in index order (numpy's boolean-mask order).
  const gathered = new Float64Array(n);
  const cursor = counts.slice(0, k);
  const d = probs.data;
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    gathered[cursor[c]!++] = d[i * k + c]!;
  }
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const start = counts[c]!;
    const len = counts[c + 1]! - start;
    const t = len === 0 ? ABSENT_CLASS_THRESHOLD : pairwiseSum(gathered, start, len) / len;
    out[c] = Math.max(t, MIN_THRESHOLD);
  }
  return out;
}
