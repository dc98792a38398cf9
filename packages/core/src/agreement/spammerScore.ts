import type { Matrix } from "../linalg/matrix.js";

/**
 * Raykar & Yu's (2012, "Eliminating spammers and ranking annotators for crowdsourced labeling tasks", JMLR 13)
 * spammer score of a confusion matrix (rows: true class, columns: the rater's label; counts or probabilities).
 * A spammer's label does not depend on the truth, so all rows of its row-normalised confusion matrix A are equal
 * (A = e vᵀ, rank one); the score is A's squared Frobenius distance from the nearest such matrix, scaled so a
 * perfect rater scores 1: S = Σ_c ‖a_c − ā‖² / (C − 1) = Σ_{c<c'} ‖a_c − a_c'‖² / (C (C − 1)); for two classes
 * S = (sensitivity + specificity − 1)². 0 = spammer, 1 = fully informative (a rater who swaps labels
 * consistently also scores 1: the score measures information, not correctness). Rows with no judgments are left
 * out (C counts the others); NaN when fewer than two rows remain. Small counts bias S upwards. O(rows × cols).
 */
export function spammerScore(confusion: Matrix): number {
  const { rows, cols, data } = confusion;
  const mean = new Float64Array(cols);
  const sums = new Float64Array(rows);
  let used = 0;
  for (let c = 0; c < rows; c++) {
    let s = 0;
    for (let k = 0; k < cols; k++) {
      const v = data[c * cols + k]!;
      if (!(v >= 0)) throw new RangeError(`confusion[${c}][${k}] must be ≥ 0 (got ${v})`);
      s += v;
    }
    sums[c] = s;
    if (s === 0) continue;
    used++;
    for (let k = 0; k < cols; k++) mean[k]! += data[c * cols + k]! / s;
  }
  if (used < 2) return Number.NaN;
  for (let k = 0; k < cols; k++) mean[k]! /= used;
  let ss = 0;
  for (let c = 0; c < rows; c++) {
    if (sums[c] === 0) continue;
    for (let k = 0; k < cols; k++) ss += (data[c * cols + k]! / sums[c]! - mean[k]!) ** 2;
  }
  return ss / (used - 1);
}
