// Private (not re-exported): the machinery the Gwet-family coefficients share. Gwet (2014, Handbook of
// Inter-Rater Reliability, 4th ed., ch. 2–5) writes percent agreement, Fleiss' κ, AC1/AC2 and Brennan–Prediger as
// κ = (p_a − p_e)/(1 − p_e) over the same per-unit observed agreement, generalised to missing ratings and to
// weights; they differ only in the chance model p_e. Each coefficient file supplies its chance model.
import type { Annotations } from "../data/annotations.js";
import { agreementWeightsFor, type WeightedOptions } from "./agreementOptions.js";
import type { ItemStatistic } from "./bootstrap.js";
import { type CategoryCounts, toCategoryCounts } from "./categoryCounts.js";
import { type AgreementOptions, type AgreementResult, finishResult } from "./result.js";

/** What a coefficient's chance model needs: the weights and the number of categories q. */
export interface ChanceContext {
  /** Row-major q × q agreement weights, or null for exact matches. */
  readonly weights: Float64Array | null;
  readonly q: number;
}

/** A chance-agreement model p_e(π) and, for the linearised variance, its per-unit part p_e,u. */
export interface ChanceModel {
  /** Whether p_e depends on the class prevalence π (false: a constant such as 1/q). */
  readonly usesPrevalence: boolean;
  /** p_e from the prevalence π_k = mean over units of n_uk / r_u. */
  expected(pi: Float64Array, ctx: ChanceContext): number;
  /**
   * The unit's share of p_e given π (Gwet 2008, eq. for p_e|i), or undefined when p_e is a constant, in which
   * case the variance has no correction term.
   */
  unitExpected?: (pi: Float64Array, ctx: ChanceContext) => (counts: CategoryCounts, u: number) => number;
}

/** Total weight T_w = Σ_kl w_kl (q for exact matches). */
export function totalWeight(ctx: ChanceContext): number {
  if (!ctx.weights) return ctx.q;
  let t = 0;
  for (const w of ctx.weights) t += w;
  return t;
}

/**
 * Observed agreement of each unit with r ≥ 2 judgments: p_a,u = Σ_k n_uk (r*_uk − 1) / (r (r − 1)), where
 * r*_uk = Σ_l w_kl n_ul (= n_uk without weights): the share of ordered pairs of judgments that agree. 0 for units
 * with fewer than two judgments. O(entries) without weights, O(Σ_u d_u²) with (d_u = distinct classes in u).
 */
export function unitAgreement(counts: CategoryCounts, weights: Float64Array | null, q: number): Float64Array {
  const { offsets, category, count, total } = counts;
  const units = total.length;
  const pa = new Float64Array(units);
  for (let u = 0; u < units; u++) {
    const r = total[u]!;
    if (r < 2) continue;
    let s = 0;
    const end = offsets[u + 1]!;
    for (let e = offsets[u]!; e < end; e++) {
      const n = count[e]!;
      if (!weights) s += n * (n - 1);
      else {
        let rStar = 0;
        const row = category[e]! * q;
        for (let f = offsets[u]!; f < end; f++) rStar += weights[row + category[f]!]! * count[f]!;
        s += n * (rStar - 1);
      }
    }
    pa[u] = s / (r * (r - 1));
  }
  return pa;
}

/** Class prevalence π_k = Σ_u w_u n_uk / r_u / Σ_u w_u over units with r ≥ 1 (unit weights 1 when null). */
export function prevalence(
  counts: CategoryCounts,
  unitWeights: Float64Array | null,
  out: Float64Array,
): void {
  const { offsets, category, count, total } = counts;
  out.fill(0);
  let n = 0;
  for (let u = 0; u < total.length; u++) {
    const r = total[u]!;
    const w = unitWeights ? unitWeights[u]! : 1;
    if (r === 0 || w === 0) continue;
    n += w;
    const f = w / r;
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) out[category[e]!]! += f * count[e]!;
  }
  for (let k = 0; k < out.length; k++) out[k]! /= n;
}

/** (p_a − p_e)/(1 − p_e), NaN when p_e = 1 or either part is undefined. */
export function coefficient(pa: number, pe: number): number {
  return pe === 1 ? Number.NaN : (pa - pe) / (1 - pe);
}

/**
 * A chance-corrected coefficient in Gwet's framework, with Gwet's (2008, 2014) linearised standard error:
 * κ_u = (n/n₂)(p_a,u − p_e·[r_u ≥ 2])/(1 − p_e), κ*_u = κ_u − 2(1 − κ)(p_e,u − p_e)/(1 − p_e),
 * var = Σ_u (κ*_u − κ)² / (n(n − 1)) over the n units with a judgment (infinite population: no finite-population
 * correction). O(entries) plus the weights' O(Σ d_u²).
 */
export function chanceCorrected(
  counts: CategoryCounts,
  model: ChanceModel,
  options: AgreementOptions & { weights: Float64Array | null },
): AgreementResult {
  const ctx: ChanceContext = { weights: options.weights, q: counts.classes.length };
  const paUnit = unitAgreement(counts, ctx.weights, ctx.q);
  const { total } = counts;
  let n = 0;
  let n2 = 0;
  let paSum = 0;
  for (let u = 0; u < total.length; u++) {
    if (total[u]! >= 1) n++;
    if (total[u]! >= 2) {
      n2++;
      paSum += paUnit[u]!;
    }
  }
  const pa = n2 > 0 ? paSum / n2 : Number.NaN;
  const pi = new Float64Array(ctx.q);
  if (model.usesPrevalence && n > 0) prevalence(counts, null, pi);
  const pe = n2 > 0 ? model.expected(pi, ctx) : Number.NaN;
  const value = coefficient(pa, pe);
  let se = Number.NaN;
  if (n > 1 && Number.isFinite(value)) {
    const unitPe = model.unitExpected?.(pi, ctx);
    let ss = 0;
    for (let u = 0; u < total.length; u++) {
      const r = total[u]!;
      if (r === 0) continue;
      let k = ((n / n2) * (paUnit[u]! - (r >= 2 ? pe : 0))) / (1 - pe);
      if (unitPe) k -= (2 * (1 - value) * (unitPe(counts, u) - pe)) / (1 - pe);
      ss += (k - value) ** 2;
    }
    se = Math.sqrt(ss / (n * (n - 1)));
  }
  return finishResult(
    { value, observed: pa, expected: pe, units: n2, se },
    () => chanceStatistic(counts, model, { ctx, paUnit, value }),
    options,
  );
}

/** The coefficient as an item statistic: reweighting units changes p_a, π and so p_e. O(entries) per call. */
export function chanceStatistic(
  counts: CategoryCounts,
  model: ChanceModel,
  parts: { ctx: ChanceContext; paUnit: Float64Array; value: number },
): ItemStatistic {
  const { ctx, paUnit, value } = parts;
  const pi = new Float64Array(ctx.q);
  const { total } = counts;
  return {
    units: total.length,
    value,
    evaluate(w) {
      let n2 = 0;
      let paSum = 0;
      for (let u = 0; u < total.length; u++) {
        if (total[u]! >= 2) {
          n2 += w[u]!;
          paSum += w[u]! * paUnit[u]!;
        }
      }
      if (n2 === 0) return Number.NaN;
      if (model.usesPrevalence) prevalence(counts, w, pi);
      return coefficient(paSum / n2, model.expected(pi, ctx));
    },
  };
}

/** The chance-corrected statistic for `counts` (for bootstraps run by the caller, such as `vox agree`). */
export function chanceCorrectedStatistic(
  counts: CategoryCounts,
  model: ChanceModel,
  weights: Float64Array | null,
): ItemStatistic {
  const ctx: ChanceContext = { weights, q: counts.classes.length };
  const paUnit = unitAgreement(counts, weights, ctx.q);
  const stat = chanceStatistic(counts, model, { ctx, paUnit, value: Number.NaN });
  const ones = new Float64Array(stat.units).fill(1);
  return { ...stat, value: stat.evaluate(ones) };
}

/** Options of a coefficient's item statistic (the bootstrap options do not apply). */
export type StatisticOptions = Omit<WeightedOptions, "bootstrap" | "seed" | "confidence">;

/** The coefficient and its item statistic for a chance model, on judgments or category counts. */
export function gwetFamily(model: ChanceModel) {
  return {
    coefficient(data: Annotations | CategoryCounts, options: WeightedOptions): AgreementResult {
      const counts = toCategoryCounts(data);
      return chanceCorrected(counts, model, {
        ...options,
        weights: agreementWeightsFor(counts.classes, options),
      });
    },
    statistic(data: Annotations | CategoryCounts, options: StatisticOptions): ItemStatistic {
      const counts = toCategoryCounts(data);
      return chanceCorrectedStatistic(counts, model, agreementWeightsFor(counts.classes, options));
    },
  };
}
