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
 * item; ties credited 1/t). Items judged by one rater only are skipped. Rater by rater over a CSR of per-item class
 * counts: O(Σ_j d_i(j)) time, at most n × (distinct classes per item), plus O(raters × q²) for the confusion
 * matrices. Repeated judgments of one item by one rater count as separate judgments.
 */
export function raterAgreement(a: Annotations): RaterAgreementResult {
  const q = a.classes.length;
  const raters = a.raters.length;
  const counts = categoryCounts(a);
  const { offsets, category, count, total } = counts;
  const byRater = groupBy(a.rater, raters);
  const judgments = new Int32Array(raters);
  const pairable = new Int32Array(raters);
  const restAgreement = new Float64Array(raters).fill(Number.NaN);
  const restExpected = new Float64Array(raters).fill(Number.NaN);
  const restKappa = new Float64Array(raters).fill(Number.NaN);
  const consensusAgreement = new Float64Array(raters).fill(Number.NaN);
  const consensusConfusion = new Float64Array(raters * q * q);
  const own = new Float64Array(q);
  const others = new Float64Array(q);
  for (let g = 0; g < raters; g++) {
    own.fill(0);
    others.fill(0);
    let agree = 0;
    let credit = 0;
    let m2 = 0;
    const start = byRater.offsets[g]!;
    const end = byRater.offsets[g + 1]!;
    judgments[g] = end - start;
    for (let x = start; x < end; x++) {
      const j = byRater.order[x]!;
      const i = a.item[j]!;
      const c = a.label[j]!;
      const m = total[i]!;
      if (m < 2) continue;
      m2++;
      own[c]!++;
      let best = 0;
      let ties = 0;
      let mine = 0;
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
        const k = category[e]!;
        const o = count[e]! - (k === c ? 1 : 0); // the others' judgments of class k
        others[k]! += o / (m - 1);
        if (k === c) mine = o;
        if (o > best) {
          best = o;
          ties = 1;
        } else if (o === best) ties++;
      }
      agree += mine / (m - 1);
      if (mine === best) credit += 1 / ties;
      const base = g * q * q;
      for (let e = offsets[i]!; e < offsets[i + 1]!; e++) {
        const k = category[e]!;
        if (count[e]! - (k === c ? 1 : 0) === best) consensusConfusion[base + k * q + c]! += 1 / ties;
      }
    }
    pairable[g] = m2;
    if (m2 === 0) continue;
    restAgreement[g] = agree / m2;
    let expected = 0;
    for (let k = 0; k < q; k++) expected += (own[k]! / m2) * (others[k]! / m2);
    restExpected[g] = expected;
    restKappa[g] = expected < 1 ? (restAgreement[g]! - expected) / (1 - expected) : Number.NaN;
    consensusAgreement[g] = credit / m2;
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
