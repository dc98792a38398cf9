import type { Annotations } from "../data/annotations.js";
import type { WeightedOptions } from "./agreementOptions.js";
import type { ItemStatistic } from "./bootstrap.js";
import type { CategoryCounts } from "./categoryCounts.js";
import { type ChanceModel, gwetFamily, type StatisticOptions, totalWeight } from "./chanceCorrected.js";
import type { AgreementResult } from "./result.js";

/** Options for `brennanPrediger`. */
export interface BrennanPredigerOptions extends WeightedOptions {}

/** p_e = T_w / q²: raters choosing classes uniformly at random. */
const UNIFORM_CHANCE: ChanceModel = {
  usesPrevalence: false,
  expected: (_pi, ctx) => (ctx.q > 0 ? totalWeight(ctx) / (ctx.q * ctx.q) : Number.NaN),
};

const BRENNAN_PREDIGER = gwetFamily(UNIFORM_CHANCE);

/**
 * Brennan & Prediger's (1981) κ_n, the free-marginal coefficient (also Bennett, Alpert & Goldstein 1954's S and
 * Randolph 2005's free-marginal multirater κ): chance agreement T_w/q² (1/q without weights) assumes raters pick
 * uniformly among the q classes of the class table. For any number of raters and missing ratings (Gwet 2014,
 * ch. 2); standard error: Gwet's linearisation with a constant p_e. O(n) (O(Σ d_u²) weighted).
 */
export function brennanPrediger(
  data: Annotations | CategoryCounts,
  options: BrennanPredigerOptions = {},
): AgreementResult {
  return BRENNAN_PREDIGER.coefficient(data, options);
}

/** Brennan–Prediger as an item statistic, for bootstraps run by the caller. */
export function brennanPredigerStatistic(
  data: Annotations | CategoryCounts,
  options: StatisticOptions = {},
): ItemStatistic {
  return BRENNAN_PREDIGER.statistic(data, options);
}
