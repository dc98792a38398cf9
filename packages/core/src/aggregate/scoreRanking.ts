import { assertSameLength } from "../errors/assert.js";

/** Rank agreement of scores with gold scores. */
export interface RankingScores {
  /** Items with a gold score. */
  readonly n: number;
  /** Spearman's ρ: the Pearson correlation of the two rankings, ties given their average rank. */
  readonly spearman: number;
}

/** Average ranks (1-based) of `values`, ties sharing the mean of their positions. O(m log m). */
function ranks(values: Float64Array): Float64Array {
  const idx = Int32Array.from(values.keys()).sort((x, y) => values[x]! - values[y]!);
  const out = new Float64Array(values.length);
  for (let s = 0; s < idx.length; ) {
    let e = s;
    while (e + 1 < idx.length && values[idx[e + 1]!] === values[idx[s]!]) e++;
    for (let k = s; k <= e; k++) out[idx[k]!] = (s + e) / 2 + 1;
    s = e + 1;
  }
  return out;
}

/**
 * Spearman's rank correlation between predicted scores and gold scores over the items with a gold score (NaN =
 * unknown); NaN with fewer than two such items or a constant ranking. O(m log m).
 */
export function scoreRanking(truth: Float64Array, predicted: Float64Array): RankingScores {
  assertSameLength(truth, predicted, "gold and predicted scores");
  const keep: number[] = [];
  for (let i = 0; i < truth.length; i++)
    if (!Number.isNaN(truth[i]!) && !Number.isNaN(predicted[i]!)) keep.push(i);
  const n = keep.length;
  if (n < 2) return { n, spearman: Number.NaN };
  const a = ranks(Float64Array.from(keep, (i) => truth[i]!));
  const b = ranks(Float64Array.from(keep, (i) => predicted[i]!));
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let k = 0; k < n; k++) {
    sab += (a[k]! - mean) * (b[k]! - mean);
    saa += (a[k]! - mean) ** 2;
    sbb += (b[k]! - mean) ** 2;
  }
  return { n, spearman: saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN };
}
