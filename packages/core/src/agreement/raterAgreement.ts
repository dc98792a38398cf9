import type { Annotations } from "../data/annotations.js";
import { groupBy } from "../data/groupBy.js";
import { categoryCounts } from "./categoryCounts.js";

/** How each rater agrees with the others (nominal: exact matches). Arrays are indexed by rater code. */
export interface RaterAgreementResult {
  /** Number of classes q (the confusion matrices are q × q). */
  classes: number;
  /** Judgments per rater. */
  judgments: Int32Array;
  /** Judgments on items that at least one other judgment shares (the ones agreement is measured on). */
  pairable: Int32Array;
  /** Rater vs rest: mean over the rater's pairable judgments of the share of the item's other judgments that agree. */
  restAgreement: Float64Array;
  /** Agreement expected by chance, Σ_k p_gk o_gk: the rater's class shares times the others' class shares on the same items. */
  restExpected: Float64Array;
  /** Rater vs rest, chance-corrected: (agreement − expected)/(1 − expected); NaN when undefined. */
  restKappa: Float64Array;
  /**
   * Agreement with the leave-one-out consensus: mean over pairable judgments of 1 when the rater's class is the
   * plurality of the other judgments of the item, 1/t when it is one of t classes tied for the plurality, else 0
   * (the expected score of a uniformly random tie-break).
   */
  consensusAgreement: Float64Array;
  /**
   * raters × q × q: entry [g][s][c] counts rater g's judgments of class c on items whose leave-one-out consensus is s
   * (a tie between t classes adds 1/t to each). The consensus plays the truth in `spammerScore`.
   */
  consensusConfusion: Float64Array;
}

/**
 * Rater-vs-rest agreement and agreement with the leave-one-out consensus (the plurality of the other raters on each
 * item; ties credited 1/t). Items judged by one rater only are skipped. One pass over items in order with a CSR of
 * per-item class counts: O(Σ_j d_i(j)) time, at most n × (distinct classes per item), plus O(raters × q²) for the
 * per-rater accumulators and confusion matrices. Repeated judgments of one item by one rater count as separate judgments.
 */
export function raterAgreement(a: Annotations): RaterAgreementResult {
  const q = a.classes.length;
  const raters = a.raters.length;
  const counts = categoryCounts(a);
  const { offsets, category, count, total } = counts;
  // Walk items in order (sequential memory access) and accumulate per rater; the per-rater accumulators are small.
  const byItem = groupBy(a.item, a.items.length);
  const judgments = new Int32Array(raters);
  const pairable = new Int32Array(raters);
  const agree = new Float64Array(raters);
  const credit = new Float64Array(raters);
  const own = new Float64Array(raters * q);
  const others = new Float64Array(raters * q);
  const consensusConfusion = new Float64Array(raters * q * q);
  for (let i = 0; i < a.items.length; i++) {
    const m = total[i]!;
    const first = offsets[i]!;
    const last = offsets[i + 1]!;
    for (let x = byItem.offsets[i]!; x < byItem.offsets[i + 1]!; x++) {
      const j = byItem.order[x]!;
      const g = a.rater[j]!;
      judgments[g]!++;
      if (m < 2) continue;
      const c = a.label[j]!;
      pairable[g]!++;
      own[g * q + c]!++;
      let best = 0;
      let ties = 0;
      let mine = 0;
      for (let e = first; e < last; e++) {
        const k = category[e]!;
        const o = count[e]! - (k === c ? 1 : 0); // the others' judgments of class k
        others[g * q + k]! += o / (m - 1);
        if (k === c) mine = o;
        if (o > best) {
          best = o;
          ties = 1;
        } else if (o === best) ties++;
      }
      agree[g]! += mine / (m - 1);
      if (mine === best) credit[g]! += 1 / ties;
      const base = g * q * q;
      for (let e = first; e < last; e++) {
        const k = category[e]!;
        if (count[e]! - (k === c ? 1 : 0) === best) consensusConfusion[base + k * q + c]! += 1 / ties;
      }
    }
  }
  const restAgreement = new Float64Array(raters).fill(Number.NaN);
  const restExpected = new Float64Array(raters).fill(Number.NaN);
  const restKappa = new Float64Array(raters).fill(Number.NaN);
  const consensusAgreement = new Float64Array(raters).fill(Number.NaN);
  for (let g = 0; g < raters; g++) {
    const m2 = pairable[g]!;
    if (m2 === 0) continue;
    restAgreement[g] = agree[g]! / m2;
    let expected = 0;
    for (let k = 0; k < q; k++) expected += (own[g * q + k]! / m2) * (others[g * q + k]! / m2);
    restExpected[g] = expected;
    restKappa[g] = expected < 1 ? (restAgreement[g]! - expected) / (1 - expected) : Number.NaN;
    consensusAgreement[g] = credit[g]! / m2;
  }
  return {
    classes: q,
    judgments,
    pairable,
    restAgreement,
    restExpected,
    restKappa,
    consensusAgreement,
    consensusConfusion,
  };
}
