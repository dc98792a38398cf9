import type { Annotations } from "../data/annotations.js";
import type { WeightedOptions } from "./agreementOptions.js";
import type { ItemStatistic } from "./bootstrap.js";
import type { CategoryCounts } from "./categoryCounts.js";
import { type ChanceModel, gwetFamily, type StatisticOptions, totalWeight } from "./chanceCorrected.js";
import type { AgreementResult } from "./result.js";

/** Options for `gwetAc1`. */
export interface GwetAc1Options extends WeightedOptions {}

/** p_e = T_w / (q (q − 1)) · Σ_k π_k (1 − π_k) (Gwet 2008; 2014, ch. 4), undefined for q < 2. */
const GWET_CHANCE: ChanceModel = {
  usesPrevalence: true,
  expected(pi, ctx) {
    const { q } = ctx;
    if (q < 2) return Number.NaN;
    let s = 0;
    for (let k = 0; k < q; k++) s += pi[k]! * (1 - pi[k]!);
    return (totalWeight(ctx) / (q * (q - 1))) * s;
  },
  unitExpected(pi, ctx) {
    const f = totalWeight(ctx) / (ctx.q * (ctx.q - 1));
    return (counts, u) => {
      let s = 0;
      for (let e = counts.offsets[u]!; e < counts.offsets[u + 1]!; e++)
        s += counts.count[e]! * (1 - pi[counts.category[e]!]!);
      return (f * s) / counts.total[u]!;
    };
  },
};

const GWET = gwetFamily(GWET_CHANCE);

/**
 * Gwet's AC1 (Gwet 2008, "Computing inter-rater reliability and its variance in the presence of high agreement",
 * BJMSP 61) and, with weights, AC2 (Gwet 2014, ch. 4), for any number of raters and missing ratings. Chance
 * agreement p_e = T_w/(q(q−1)) Σ π_k(1 − π_k) stays small when one class dominates, so AC1 avoids the "kappa
 * paradox" (high agreement, low κ) of skewed data. q is the number of classes in the class table (classes listed
 * with an explicit order count even when unused). Standard error: Gwet (2008)'s linearisation. O(n) (O(Σ d_u²)
 * weighted).
 */
export function gwetAc1(data: Annotations | CategoryCounts, options: GwetAc1Options = {}): AgreementResult {
  return GWET.coefficient(data, options);
}

/** Gwet's AC1/AC2 as an item statistic, for bootstraps run by the caller. */
export function gwetAc1Statistic(
  data: Annotations | CategoryCounts,
  options: StatisticOptions = {},
): ItemStatistic {
  return GWET.statistic(data, options);
}
