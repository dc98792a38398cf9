import type { Annotations } from "../data/annotations.js";
import { type CategoryCounts, toCategoryCounts } from "./categoryCounts.js";

/** How much the judgments of each item disagree. */
export interface ItemDisagreementResult {
  /** Judgments per item. */
  judgments: Int32Array;
  /** The class most judgments chose, or −1 when several classes tie for most (or the item has no judgment). */
  majority: Int32Array;
  /** Share of the item's judgments in its most chosen class (the "share agreeing"); NaN with no judgment. */
  majorityShare: Float64Array;
  /** Entropy of the item's label distribution in bits (0 = unanimous; log2(q) at most); NaN with no judgment. */
  entropy: Float64Array;
  /** Share of pairs of the item's judgments that agree; NaN for items with fewer than two judgments. */
  pairAgreement: Float64Array;
}

/**
 * Per-item disagreement: majority class and its share, label entropy (Shannon, bits) and pairwise agreement, one
 * value per item code. Items with one judgment get entropy 0 and share 1 but no pairwise agreement. O(n + items).
 */
export function itemDisagreement(data: Annotations | CategoryCounts): ItemDisagreementResult {
  const { offsets, category, count, total } = toCategoryCounts(data);
  const units = total.length;
  const majority = new Int32Array(units).fill(-1);
  const majorityShare = new Float64Array(units).fill(Number.NaN);
  const entropy = new Float64Array(units).fill(Number.NaN);
  const pairAgreement = new Float64Array(units).fill(Number.NaN);
  for (let u = 0; u < units; u++) {
    const m = total[u]!;
    if (m === 0) continue;
    let best = -1;
    let bestCount = 0;
    let ties = 0;
    let h = 0;
    let same = 0;
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
      const x = count[e]!;
      if (x > bestCount) {
        bestCount = x;
        best = category[e]!;
        ties = 1;
      } else if (x === bestCount) ties++;
      const p = x / m;
      h -= p * Math.log2(p);
      same += x * (x - 1);
    }
    majority[u] = ties === 1 ? best : -1;
    majorityShare[u] = bestCount / m;
    entropy[u] = h === 0 ? 0 : h; // no −0 for unanimous items
    if (m >= 2) pairAgreement[u] = same / (m * (m - 1));
  }
  return { judgments: Int32Array.from(total), majority, majorityShare, entropy, pairAgreement };
}
