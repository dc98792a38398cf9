import type { Matrix } from "../linalg/matrix.js";
import { pairwiseSum, roundHalfEven } from "./numeric.js";

/** Label quality of one class, from the estimated joint. */
export interface ClassLabelQuality {
  /** The class code. */
  class: number;
  /** Estimated examples given this label whose true label differs: N·(Σ_j Q[k][j] − Q[k][k]), rounded. */
  labelIssues: number;
  /** Estimated examples of this true class given another label: N·(Σ_i Q[i][k] − Q[k][k]), rounded. */
  inverseLabelIssues: number;
  /** p(true ≠ k | given = k). */
  labelNoise: number;
  /** p(given ≠ k | true = k). */
  inverseLabelNoise: number;
  /** p(true = k | given = k) = 1 − labelNoise. */
  labelQuality: number;
}

/**
 * Per-class label quality from the estimated joint Q[given][true] (cleanlab's `rank_classes_by_label_quality`),
 * worst class first (stable: equal scores keep class order). O(K²).
 */
export function rankClassesByLabelQuality(joint: Matrix, numExamples: number): ClassLabelQuality[] {
  const k = joint.rows;
  const q = joint.data;
  const colSums = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) colSums[j]! += q[i * k + j]!;
  const out: ClassLabelQuality[] = [];
  for (let c = 0; c < k; c++) {
    const rowSum = pairwiseSum(q, c * k, k);
    const diag = q[c * k + c]!;
    const given = rowSum - diag;
    const inverse = colSums[c]! - diag;
    const labelNoise = given / rowSum;
    out.push({
      class: c,
      labelIssues: roundHalfEven(given * numExamples),
      inverseLabelIssues: roundHalfEven(inverse * numExamples),
      labelNoise,
      inverseLabelNoise: inverse / colSums[c]!,
      labelQuality: 1 - labelNoise,
    });
  }
  return out.sort((a, b) => a.labelQuality - b.labelQuality || a.class - b.class);
}
