import type { Annotations } from "../data/annotations.js";
import type { Matrix } from "../linalg/matrix.js";
import { type BootstrapResult, bootstrapStatistics, type ItemStatistic } from "./bootstrap.js";
import { type CategoryCounts, toCategoryCounts } from "./categoryCounts.js";
import { type ClassOrder, classPositions, classValues } from "./classPositions.js";
import { type AgreementOptions, agreementDefaults } from "./result.js";

/** Krippendorff's levels of measurement, each with its difference function δ². */
export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";

/** Options for `krippendorffAlpha`. */
export interface KrippendorffAlphaOptions extends AgreementOptions {
  /** Level of measurement. Default "nominal". */
  level?: MeasurementLevel;
  /** A q × q matrix of squared differences δ²_ck (0 on the diagonal, symmetric, ≥ 0); overrides `level`. */
  distance?: Matrix;
  /**
   * Numeric value of each class, for "interval" and "ratio" (and the order of "ordinal"). Default: each class name
   * parsed as a number (a `RangeError` names the first that is not one).
   */
  values?: ArrayLike<number>;
  /** Class order for "ordinal" when `values` is not given (see `classPositions`). Default "auto". */
  order?: ClassOrder;
}

/** Krippendorff's α and its parts. */
export interface KrippendorffAlphaResult {
  /** α = 1 − D_o / D_e; NaN when no unit is pairable or D_e = 0 (every pairable value identical). */
  value: number;
  /** The level used, or "custom" for an explicit distance matrix. */
  level: MeasurementLevel | "custom";
  /** Observed disagreement D_o = Σ_u Σ_ck n_uc n_uk δ²_ck / (m_u − 1) / n. */
  observedDisagreement: number;
  /** Expected disagreement D_e = Σ_ck n_c n_k δ²_ck / (n (n − 1)). */
  expectedDisagreement: number;
  /** Pairable units (units with ≥ 2 values); the others drop out. */
  units: number;
  /** Pairable values n (the values in pairable units). */
  pairableValues: number;
  confidence: number;
  /** Percentile bootstrap over items, when `bootstrap` > 0. */
  bootstrap?: BootstrapResult;
}

/** How δ² is evaluated: in closed form on (mid-rank) values, or pair by pair. */
type Metric =
  | { kind: "nominal" }
  | { kind: "interval"; values: Float64Array }
  | { kind: "ordinal"; positions: Int32Array }
  | { kind: "pairwise"; delta: (c: number, k: number) => number };

function metricFor(classes: readonly string[], options: KrippendorffAlphaOptions): Metric {
  const q = classes.length;
  if (options.distance) {
    const d = options.distance;
    if (d.rows !== q || d.cols !== q) {
      throw new RangeError(
        `distance must be a ${q} × ${q} matrix, one row per class (got ${d.rows} × ${d.cols})`,
      );
    }
    for (let c = 0; c < q; c++) {
      for (let k = 0; k < q; k++) {
        const v = d.data[c * q + k]!;
        if (!(v >= 0) || v !== d.data[k * q + c] || (c === k && v !== 0)) {
          throw new RangeError(
            `distance must be symmetric, ≥ 0 and 0 on the diagonal (entry [${c}][${k}] is ${v})`,
          );
        }
      }
    }
    return { kind: "pairwise", delta: (c, k) => d.data[c * q + k]! };
  }
  const level = options.level ?? "nominal";
  const given = options.values;
  if (given && given.length !== q) {
    throw new RangeError(`values must give one number per class (got ${given.length} for ${q} classes)`);
  }
  const values = () => (given ? Float64Array.from(given) : classValues(classes));
  switch (level) {
    case "nominal":
      return { kind: "nominal" };
    case "interval":
      return { kind: "interval", values: values() };
    case "ordinal":
      return {
        kind: "ordinal",
        positions: given ? rank(Float64Array.from(given)) : classPositions(classes, options.order),
      };
    case "ratio": {
      const v = values();
      const bad = v.findIndex((x) => !(x >= 0));
      if (bad >= 0)
        throw new RangeError(
          `the ratio level needs values ≥ 0 (class ${JSON.stringify(classes[bad])} is ${v[bad]})`,
        );
      return {
        kind: "pairwise",
        delta: (c, k) => {
          const s = v[c]! + v[k]!;
          return s === 0 ? 0 : ((v[c]! - v[k]!) / s) ** 2;
        },
      };
    }
  }
}

/** Dense ranks 0, 1, … of values (equal values share a rank). */
function rank(values: Float64Array): Int32Array {
  const distinct = [...new Set(values)].sort((x, y) => x - y);
  const r = new Map(distinct.map((v, i) => [v, i]));
  return Int32Array.from(values, (v) => r.get(v)!);
}

/**
 * Krippendorff's ordinal metric is the interval metric on mid-ranks: δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)² =
 * (t_k − t_c)² with t_c = Σ_{g<c} n_g + n_c / 2 (classes of equal rank pooled). O(q log q).
 */
function midRanks(positions: Int32Array, marginals: Float64Array): Float64Array {
  let levels = 0;
  for (const p of positions) levels = Math.max(levels, p + 1);
  const pooled = new Float64Array(levels);
  for (let c = 0; c < positions.length; c++) pooled[positions[c]!]! += marginals[c]!;
  const t = new Float64Array(levels);
  let below = 0;
  for (let p = 0; p < levels; p++) {
    t[p] = below + pooled[p]! / 2;
    below += pooled[p]!;
  }
  return Float64Array.from(positions, (p) => t[p]!);
}

/** Per-unit disagreement Σ_ck n_uc n_uk δ²_ck / (m_u − 1) (0 for units with < 2 values). */
function unitDisagreement(
  counts: CategoryCounts,
  scale: { metric: Metric; values: Float64Array | null },
  out: Float64Array,
): void {
  const { metric, values } = scale;
  const { offsets, category, count, total } = counts;
  for (let u = 0; u < total.length; u++) {
    const m = total[u]!;
    if (m < 2) {
      out[u] = 0;
      continue;
    }
    const start = offsets[u]!;
    const end = offsets[u + 1]!;
    let s = 0;
    switch (metric.kind) {
      case "nominal":
        for (let e = start; e < end; e++) s += count[e]! * count[e]!;
        s = m * m - s;
        break;
      case "interval":
      case "ordinal": {
        // Σ_ck n_c n_k (v_c − v_k)² = 2 m Σ_c n_c (v_c − v̄)², centred for accuracy.
        let mean = 0;
        for (let e = start; e < end; e++) mean += count[e]! * values![category[e]!]!;
        mean /= m;
        for (let e = start; e < end; e++) s += count[e]! * (values![category[e]!]! - mean) ** 2;
        s *= 2 * m;
        break;
      }
      case "pairwise":
        for (let e = start; e < end; e++) {
          for (let f = e + 1; f < end; f++)
            s += 2 * count[e]! * count[f]! * metric.delta(category[e]!, category[f]!);
        }
        break;
    }
    out[u] = s / (m - 1);
  }
}

/** Σ_ck n_c n_k δ²_ck over the pairable marginals n_c. */
function expectedSum(metric: Metric, marginals: Float64Array, values: Float64Array | null): number {
  const q = marginals.length;
  let n = 0;
  for (const x of marginals) n += x;
  switch (metric.kind) {
    case "nominal": {
      let s = 0;
      for (const x of marginals) s += x * x;
      return n * n - s;
    }
    case "interval":
    case "ordinal": {
      let mean = 0;
      for (let c = 0; c < q; c++) mean += marginals[c]! * values![c]!;
      mean /= n;
      let s = 0;
      for (let c = 0; c < q; c++) if (marginals[c]! > 0) s += marginals[c]! * (values![c]! - mean) ** 2;
      return 2 * n * s;
    }
    case "pairwise": {
      const present: number[] = [];
      for (let c = 0; c < q; c++) if (marginals[c]! > 0) present.push(c);
      let s = 0;
      for (let i = 0; i < present.length; i++) {
        for (let j = i + 1; j < present.length; j++) {
          const c = present[i]!;
          const k = present[j]!;
          s += 2 * marginals[c]! * marginals[k]! * metric.delta(c, k);
        }
      }
      return s;
    }
  }
}

/** The pairable marginals n_c (weighted by unit weights when given) into `out`; returns n. */
function pairableMarginals(counts: CategoryCounts, w: Float64Array | null, out: Float64Array): number {
  const { offsets, category, count, total } = counts;
  out.fill(0);
  let n = 0;
  for (let u = 0; u < total.length; u++) {
    const wu = w ? w[u]! : 1;
    if (total[u]! < 2 || wu === 0) continue;
    n += wu * total[u]!;
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) out[category[e]!]! += wu * count[e]!;
  }
  return n;
}

interface AlphaParts {
  value: number;
  observed: number;
  expected: number;
  units: number;
  n: number;
}

/** α, its parts and a reweightable statistic, from category counts. */
function prepare(
  counts: CategoryCounts,
  options: KrippendorffAlphaOptions,
): { parts: AlphaParts; statistic: ItemStatistic } {
  const metric = metricFor(counts.classes, options);
  const q = counts.classes.length;
  const units = counts.total.length;
  const marginals = new Float64Array(q);
  const dUnit = new Float64Array(units);
  const fixedValues = metric.kind === "interval" ? metric.values : null;

  const compute = (w: Float64Array | null, recomputeUnits: boolean): AlphaParts => {
    const n = pairableMarginals(counts, w, marginals);
    const values = metric.kind === "ordinal" ? midRanks(metric.positions, marginals) : fixedValues;
    if (recomputeUnits) unitDisagreement(counts, { metric, values }, dUnit);
    let observedSum = 0;
    let pairable = 0;
    for (let u = 0; u < units; u++) {
      if (counts.total[u]! < 2) continue;
      const wu = w ? w[u]! : 1;
      observedSum += wu * dUnit[u]!;
      pairable += wu;
    }
    const expSum = n > 1 ? expectedSum(metric, marginals, values) : 0;
    const value = n > 1 && expSum > 0 ? 1 - ((n - 1) * observedSum) / expSum : Number.NaN;
    return {
      value,
      observed: n > 0 ? observedSum / n : Number.NaN,
      expected: n > 1 ? expSum / (n * (n - 1)) : Number.NaN,
      units: pairable,
      n,
    };
  };
  const parts = compute(null, true);
  // Mid-ranks depend on the resampled marginals, so the ordinal metric recomputes per-unit disagreements.
  const ordinal = metric.kind === "ordinal";
  const statistic: ItemStatistic = { units, value: parts.value, evaluate: (w) => compute(w, ordinal).value };
  return { parts, statistic };
}

/**
 * Krippendorff's α (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"; 2004, Content Analysis ch. 11)
 * for any number of raters, missing values and the nominal, ordinal, interval and ratio levels or a custom
 * difference matrix: α = 1 − D_o/D_e from the coincidence of values within units. Units with one value are not
 * pairable and drop out. Input: judgments, or category counts (a "values by units" table, see `countsFromTable`;
 * `reliabilityMatrix` turns Krippendorff's raters × units layout into judgments). No analytic standard error is
 * published; use the bootstrap over items. O(n) for nominal, interval and ordinal (ordinal is the interval metric
 * on mid-ranks); O(Σ_u d_u² + q²) for ratio and custom distances (d_u = distinct values in unit u).
 */
export function krippendorffAlpha(
  data: Annotations | CategoryCounts,
  options: KrippendorffAlphaOptions = {},
): KrippendorffAlphaResult {
  const { confidence, bootstrap, seed } = agreementDefaults(options);
  const counts = toCategoryCounts(data);
  const { parts, statistic } = prepare(counts, options);
  const result: KrippendorffAlphaResult = {
    value: parts.value,
    level: options.distance ? "custom" : (options.level ?? "nominal"),
    observedDisagreement: parts.observed,
    expectedDisagreement: parts.expected,
    units: parts.units,
    pairableValues: parts.n,
    confidence,
  };
  if (bootstrap > 0) {
    result.bootstrap = bootstrapStatistics([statistic], { replicates: bootstrap, seed, confidence })[0]!;
  }
  return result;
}

/** Krippendorff's α as an item statistic, for bootstraps run by the caller. */
export function krippendorffAlphaStatistic(
  data: Annotations | CategoryCounts,
  options: Omit<KrippendorffAlphaOptions, "bootstrap" | "seed" | "confidence"> = {},
): ItemStatistic {
  return prepare(toCategoryCounts(data), options).statistic;
}
