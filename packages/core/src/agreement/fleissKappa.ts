import type { Annotations } from "../data/annotations.js";
import { agreementWeightsFor, type WeightedOptions } from "./agreementOptions.js";
import type { ItemStatistic } from "./bootstrap.js";
import { type CategoryCounts, toCategoryCounts } from "./categoryCounts.js";
import { type ChanceModel, gwetFamily, prevalence, type StatisticOptions } from "./chanceCorrected.js";
import type { AgreementResult } from "./result.js";

/** Options for `fleissKappa`. */
export interface FleissKappaOptions extends WeightedOptions {}

/** Fleiss' κ with its null-hypothesis standard error. */
export interface FleissKappaResult extends AgreementResult {
  /**
   * Standard error under H0: κ = 0 (Fleiss, Nee & Landis 1979), for testing only (z = κ / se0); defined for
   * unweighted κ when every unit with a judgment has the same number m ≥ 2 of judgments, NaN otherwise. `se` and
   * `ci` use Gwet's non-null variance instead, which holds with missing ratings.
   */
  se0: number;
}

/** p_e = Σ_kl w_kl π_k π_l; the unit part uses the symmetrised weighted prevalence (Gwet 2014, § 5.3). */
export const FLEISS_CHANCE: ChanceModel = {
  usesPrevalence: true,
  expected(pi, { weights, q }) {
    let pe = 0;
    if (!weights) for (let k = 0; k < q; k++) pe += pi[k]! * pi[k]!;
    else for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) pe += weights[k * q + l]! * pi[k]! * pi[l]!;
    return pe;
  },
  unitExpected(pi, { weights, q }) {
    const piW = new Float64Array(q);
    for (let k = 0; k < q; k++) {
      if (!weights) piW[k] = pi[k]!;
      else for (let l = 0; l < q; l++) piW[k]! += ((weights[k * q + l]! + weights[l * q + k]!) / 2) * pi[l]!;
    }
    return (counts, u) => {
      let s = 0;
      for (let e = counts.offsets[u]!; e < counts.offsets[u + 1]!; e++)
        s += counts.count[e]! * piW[counts.category[e]!]!;
      return s / counts.total[u]!;
    };
  },
};

const FLEISS = gwetFamily(FLEISS_CHANCE);

/**
 * Fleiss' κ (Fleiss 1971) for any number of raters, generalised by Gwet (2014, ch. 5) to missing ratings (each
 * item may have a different number of judgments) and to agreement weights: p_a averages the share of agreeing
 * judgment pairs over items with ≥ 2 judgments, p_e = Σ_kl w_kl π_k π_l with π_k the mean over items of each
 * item's share of class k (items with one judgment count in π but not in p_a). Standard error: Gwet (2008)'s
 * linearisation (non-null, valid with missing data); `se0`: Fleiss, Nee & Landis (1979)'s null variance. On
 * complete data this is statsmodels' `fleiss_kappa`. With two raters it is Scott's π. O(n) (O(Σ d_u²) weighted).
 */
export function fleissKappa(
  data: Annotations | CategoryCounts,
  options: FleissKappaOptions = {},
): FleissKappaResult {
  const counts = toCategoryCounts(data);
  const weighted = agreementWeightsFor(counts.classes, options) !== null;
  return { ...FLEISS.coefficient(counts, options), se0: weighted ? Number.NaN : nullStandardError(counts) };
}

/** Fleiss' κ as an item statistic, for bootstraps run by the caller. */
export function fleissKappaStatistic(
  data: Annotations | CategoryCounts,
  options: StatisticOptions = {},
): ItemStatistic {
  return FLEISS.statistic(data, options);
}

/**
 * Fleiss, Nee & Landis (1979), eq. 12: var₀(κ) = 2 / (N m (m − 1)) · [(Σ p_j q_j)² − Σ p_j q_j (q_j − p_j)] /
 * (Σ p_j q_j)², for N units each with m judgments. NaN when the design is not complete.
 */
function nullStandardError(counts: CategoryCounts): number {
  let m = 0;
  let units = 0;
  for (const r of counts.total) {
    if (r === 0) continue;
    if (m === 0) m = r;
    if (r !== m) return Number.NaN;
    units++;
  }
  if (m < 2) return Number.NaN;
  const p = new Float64Array(counts.classes.length);
  prevalence(counts, null, p);
  let spq = 0;
  let spqqp = 0;
  for (const pj of p) {
    const qj = 1 - pj;
    spq += pj * qj;
    spqqp += pj * qj * (qj - pj);
  }
  if (spq === 0) return Number.NaN;
  return Math.sqrt(((2 / (units * m * (m - 1))) * (spq * spq - spqqp)) / (spq * spq));
}
