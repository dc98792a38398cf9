import type { Annotations } from "../data/annotations.js";
import type { WeightedOptions } from "./agreementOptions.js";
import type { ItemStatistic } from "./bootstrap.js";
import type { CategoryCounts } from "./categoryCounts.js";
import { type ChanceModel, gwetFamily, type StatisticOptions } from "./chanceCorrected.js";
import type { AgreementResult } from "./result.js";

/** Options for `percentAgreement`. */
export interface PercentAgreementOptions extends WeightedOptions {}

const NO_CHANCE: ChanceModel = { usesPrevalence: false, expected: () => 0 };

const PERCENT = gwetFamily(NO_CHANCE);

/**
 * Percent agreement: over items with ≥ 2 judgments, the mean share of ordered judgment pairs that agree (with
 * weights, the mean partial credit), i.e. Gwet (2014)'s p_a. Not corrected for chance: two raters who always pick
 * the majority class agree highly without any skill. The standard error is Gwet's linearisation with p_e = 0 (the
 * standard error of a mean over items when every item has ≥ 2 judgments). O(n) (O(Σ d_u²) weighted).
 */
export function percentAgreement(
  data: Annotations | CategoryCounts,
  options: PercentAgreementOptions = {},
): AgreementResult {
  return PERCENT.coefficient(data, options);
}

/** Percent agreement as an item statistic, for bootstraps run by the caller. */
export function percentAgreementStatistic(
  data: Annotations | CategoryCounts,
  options: StatisticOptions = {},
): ItemStatistic {
  return PERCENT.statistic(data, options);
}
