// How well a score finds flagged rows (injected label errors, outliers): AUROC and precision/recall at k.

function checkPair(scores: ArrayLike<number>, positive: ArrayLike<number>): void {
  if (scores.length !== positive.length)
    throw new RangeError(
      `scores and positive must have the same length (got ${scores.length} and ${positive.length})`,
    );
  for (let i = 0; i < scores.length; i++)
    if (Number.isNaN(scores[i]!)) throw new RangeError(`scores[${i}] is NaN`);
}

/**
 * Area under the ROC curve of `scores` (higher = more likely positive) for the rows where `positive` is non-zero:
 * the Mann–Whitney probability that a random positive outscores a random negative, ties counted as one half (as
 * scikit-learn's `roc_auc_score`). NaN when either group is empty. O(n log n).
 */
export function auroc(scores: ArrayLike<number>, positive: ArrayLike<number>): number {
  checkPair(scores, positive);
  const n = scores.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
    const midRank = (start + end + 1) / 2; // 1-based average rank of the tie block
    for (let t = start; t < end; t++) {
      if (positive[order[t]!]) {
        pos++;
        rankSum += midRank;
      }
    }
    start = end;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Precision and recall of the k highest-scoring rows (ties broken by the lower index first): the share of them
 * that are positive, and the share of all positives among them. O(n log n).
 */
export function precisionAtK(
  scores: ArrayLike<number>,
  positive: ArrayLike<number>,
  k: number,
): { precision: number; recall: number } {
  checkPair(scores, positive);
  if (!Number.isInteger(k) || k < 1 || k > scores.length)
    throw new RangeError(`k must be an integer in [1, ${scores.length}] (got ${k})`);
  const order = Int32Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[b]! - scores[a]! || a - b,
  );
  let hit = 0;
  let total = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) total++;
  for (let t = 0; t < k; t++) if (positive[order[t]!]) hit++;
  return { precision: hit / k, recall: total > 0 ? hit / total : Number.NaN };
}
