import type { Annotations } from "../data/annotations.js";
import { agreementWeightsFor, type WeightedOptions } from "./agreementOptions.js";
import type { ItemStatistic } from "./bootstrap.js";
import { categoryCounts } from "./categoryCounts.js";
import { coefficient, unitAgreement } from "./chanceCorrected.js";
import { type AgreementResult, finishResult } from "./result.js";

/** Options for `congerKappa`. */
export interface CongerKappaOptions extends WeightedOptions {}

/**
 * Chance agreement of Conger's κ from each rater's class counts: with p_gk rater g's share of class k over the
 * items g judged, p̄ their mean over the r raters and s_kl their covariance, p_e = Σ_kl w_kl (p̄_k p̄_l − s_kl / r),
 * the mean over rater pairs of Σ_kl w_kl p_gk p_hl. O(r q²) weighted, O(r q) without weights.
 */
function congerExpected(raterCounts: Float64Array, q: number, w: Float64Array | null): number {
  const raters = raterCounts.length / q;
  const p = new Float64Array(raterCounts.length);
  let r = 0;
  const mean = new Float64Array(q);
  for (let g = 0; g < raters; g++) {
    let ng = 0;
    for (let k = 0; k < q; k++) ng += raterCounts[g * q + k]!;
    if (ng === 0) continue;
    for (let k = 0; k < q; k++) {
      p[r * q + k] = raterCounts[g * q + k]! / ng;
      mean[k]! += p[r * q + k]!;
    }
    r++;
  }
  if (r < 2) return Number.NaN;
  for (let k = 0; k < q; k++) mean[k]! /= r;
  let pe = 0;
  let cov = 0; // Σ_g d_gᵀ W d_g with d_g = p_g − p̄
  for (let k = 0; k < q; k++) {
    if (!w) pe += mean[k]! * mean[k]!;
    else for (let l = 0; l < q; l++) pe += w[k * q + l]! * mean[k]! * mean[l]!;
  }
  for (let g = 0; g < r; g++) {
    for (let k = 0; k < q; k++) {
      const dk = p[g * q + k]! - mean[k]!;
      if (!w) cov += dk * dk;
      else for (let l = 0; l < q; l++) cov += w[k * q + l]! * dk * (p[g * q + l]! - mean[l]!);
    }
  }
  return pe - cov / (r * (r - 1));
}

/** Everything Conger's κ needs, with a reweightable statistic. */
function prepare(a: Annotations, options: CongerKappaOptions) {
  const q = a.classes.length;
  const w = agreementWeightsFor(a.classes, options);
  const counts = categoryCounts(a);
  const paUnit = unitAgreement(counts, w, q);
  const raterCounts = new Float64Array(a.raters.length * q);
  const compute = (unitW: Float64Array | null) => {
    let n2 = 0;
    let paSum = 0;
    for (let u = 0; u < counts.total.length; u++) {
      if (counts.total[u]! < 2) continue;
      const wu = unitW ? unitW[u]! : 1;
      n2 += wu;
      paSum += wu * paUnit[u]!;
    }
    raterCounts.fill(0);
    for (let j = 0; j < a.item.length; j++) {
      raterCounts[a.rater[j]! * q + a.label[j]!]! += unitW ? unitW[a.item[j]!]! : 1;
    }
    const pa = n2 > 0 ? paSum / n2 : Number.NaN;
    const pe = n2 > 0 ? congerExpected(raterCounts, q, w) : Number.NaN;
    return { pa, pe, n2, value: coefficient(pa, pe) };
  };
  const parts = compute(null);
  const statistic: ItemStatistic = {
    units: a.items.length,
    value: parts.value,
    evaluate: (uw) => compute(uw).value,
  };
  return { parts, statistic };
}

/**
 * Conger's κ (Conger 1980, "Integration and generalization of kappas for multiple raters", Psychological Bulletin
 * 88): the multi-rater extension of Cohen's κ, with chance agreement from each rater's own class distribution
 * averaged over rater pairs (Davies & Fleiss 1982's multi-κ; nltk's `multi_kappa`). With missing ratings it follows
 * Gwet (2014, ch. 2): p_a as for Fleiss' κ over items with ≥ 2 judgments, rater distributions over the items each
 * rater judged. With two raters and complete data it equals Cohen's κ. No analytic standard error here (Gwet
 * 2014 gives one; not implemented): use the bootstrap. O(n + r q) (O(Σ d_u² + r q²) weighted).
 */
export function congerKappa(a: Annotations, options: CongerKappaOptions = {}): AgreementResult {
  const { parts, statistic } = prepare(a, options);
  return finishResult(
    { value: parts.value, observed: parts.pa, expected: parts.pe, units: parts.n2, se: Number.NaN },
    () => statistic,
    options,
  );
}

/** Conger's κ as an item statistic, for bootstraps run by the caller. */
export function congerKappaStatistic(
  a: Annotations,
  options: Omit<CongerKappaOptions, "bootstrap" | "seed" | "confidence"> = {},
): ItemStatistic {
  return prepare(a, options).statistic;
}
