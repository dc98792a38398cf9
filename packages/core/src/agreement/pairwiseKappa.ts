import type { Annotations } from "../data/annotations.js";
import { groupBy } from "../data/groupBy.js";
import { GrowableFloat64, GrowableInt32 } from "../data/growable.js";
import { assertInteger } from "../errors/assert.js";
import type { Matrix } from "../linalg/matrix.js";
import { agreementWeightsFor, type WeightedOptions } from "./agreementOptions.js";
import type { ItemStatistic } from "./bootstrap.js";
import { cohenParts } from "./cohenKappa.js";
import { scottParts } from "./scottPi.js";

/** Options for `pairwiseKappa`. */
export interface PairwiseKappaOptions extends Omit<WeightedOptions, "bootstrap" | "seed" | "confidence"> {
  /** The two-rater coefficient: "cohen" (default) or "scott". */
  metric?: "cohen" | "scott";
  /** Pairs sharing fewer items are reported but left out of the mean (their κ is too noisy). Default 10. */
  minShared?: number;
}

/** A two-rater coefficient for every pair of raters who share an item. */
export interface PairwiseKappaResult {
  /** Number of raters (codes index `Annotations.raters`). */
  raters: number;
  /** Pair p compares raters first[p] < second[p] on shared[p] items, with coefficient value[p] (NaN if undefined). */
  first: Int32Array;
  second: Int32Array;
  shared: Int32Array;
  value: Float64Array;
  /** Mean coefficient over the pairs with ≥ minShared shared items and a defined value (Light 1971); NaN if none. */
  mean: number;
  /** Pairs in the mean. */
  used: number;
  minShared: number;
}

interface Prepared {
  a: Annotations;
  q: number;
  coefficient: (t: Float64Array) => number;
  byRater: { offsets: Int32Array; order: Int32Array };
  byItem: { offsets: Int32Array; order: Int32Array };
}

function prepare(a: Annotations, options: PairwiseKappaOptions): Prepared {
  const q = a.classes.length;
  const w = agreementWeightsFor(a.classes, options);
  const coefficient =
    (options.metric ?? "cohen") === "cohen"
      ? (t: Float64Array) => cohenParts(t, q, w).value
      : (t: Float64Array) => scottParts(t, q, w).value;
  return {
    a,
    q,
    coefficient,
    byRater: groupBy(a.rater, a.raters.length),
    byItem: groupBy(a.item, a.items.length),
  };
}

/** One rater pair: raters g < h, their shared items and their contingency table (rows: g). */
interface PairVisit {
  g: number;
  h: number;
  shared: number;
  table: Float64Array;
}

/**
 * Visits every rater pair's contingency table (items weighted by `w`, 1 when null), rater by rater: for rater g, the
 * tables with partners h > g are accumulated in a scratch buffer indexed through a stamp array. O(Σ_i m_i² +
 * pairs × q²) time, O(partners × q²) scratch; nothing is quadratic in items or raters.
 */
function eachPair(p: Prepared, w: Float64Array | null, visit: (pair: PairVisit) => void): void {
  const { a, q, byRater, byItem } = p;
  const qq = q * q;
  const slot = new Int32Array(a.raters.length).fill(-1);
  const partners: number[] = [];
  let shared = new Int32Array(16);
  let tables = new Float64Array(16 * qq);
  for (let g = 0; g < a.raters.length; g++) {
    for (let x = byRater.offsets[g]!; x < byRater.offsets[g + 1]!; x++) {
      const j = byRater.order[x]!;
      const i = a.item[j]!;
      const wi = w ? w[i]! : 1;
      const c = a.label[j]!;
      for (let y = byItem.offsets[i]!; y < byItem.offsets[i + 1]!; y++) {
        const k = byItem.order[y]!;
        const h = a.rater[k]!;
        if (h <= g) continue;
        let s = slot[h]!;
        if (s < 0) {
          s = partners.length;
          slot[h] = s;
          partners.push(h);
          if (s >= shared.length) {
            const grownShared = new Int32Array(shared.length * 2);
            grownShared.set(shared);
            shared = grownShared;
            const grownTables = new Float64Array(tables.length * 2);
            grownTables.set(tables);
            tables = grownTables;
          }
          shared[s] = 0;
          tables.fill(0, s * qq, (s + 1) * qq);
        }
        shared[s]!++;
        tables[s * qq + c * q + a.label[k]!]! += wi;
      }
    }
    for (let s = 0; s < partners.length; s++) {
      visit({ g, h: partners[s]!, shared: shared[s]!, table: tables.subarray(s * qq, (s + 1) * qq) });
      slot[partners[s]!] = -1;
    }
    partners.length = 0;
  }
}

/**
 * Cohen's κ (or Scott's π) for every pair of raters who judged a common item, on the items they share, and the
 * mean over pairs with at least `minShared` shared items (Light's κ, Light 1971, for Cohen; Fleiss' κ is the
 * better single multi-rater number, this matrix shows who disagrees with whom). O(Σ_i m_i² + pairs × q²).
 */
export function pairwiseKappa(a: Annotations, options: PairwiseKappaOptions = {}): PairwiseKappaResult {
  const { minShared = 10 } = options;
  assertInteger(minShared, "minShared", { min: 1 });
  const p = prepare(a, options);
  const first = new GrowableInt32();
  const second = new GrowableInt32();
  const shared = new GrowableInt32();
  const value = new GrowableFloat64();
  let sum = 0;
  let used = 0;
  eachPair(p, null, ({ g, h, shared: n, table }) => {
    const v = p.coefficient(table);
    first.push(g);
    second.push(h);
    shared.push(n);
    value.push(v);
    if (n >= minShared && Number.isFinite(v)) {
      sum += v;
      used++;
    }
  });
  return {
    raters: a.raters.length,
    first: first.toArray(),
    second: second.toArray(),
    shared: shared.toArray(),
    value: value.toArray(),
    mean: used > 0 ? sum / used : Number.NaN,
    used,
    minShared,
  };
}

/**
 * The mean pairwise coefficient as an item statistic: a replicate recomputes every pair's table from reweighted items
 * (pairs stay in the mean when they share ≥ minShared items in the full data and are defined in the replicate).
 */
export function pairwiseKappaStatistic(a: Annotations, options: PairwiseKappaOptions = {}): ItemStatistic {
  const { minShared = 10 } = options;
  const p = prepare(a, options);
  const evaluate = (w: Float64Array | null) => {
    let sum = 0;
    let used = 0;
    eachPair(p, w, ({ shared: n, table }) => {
      if (n < minShared) return;
      const v = p.coefficient(table);
      if (Number.isFinite(v)) {
        sum += v;
        used++;
      }
    });
    return used > 0 ? sum / used : Number.NaN;
  };
  return { units: a.items.length, value: evaluate(null), evaluate };
}

/** The pairwise coefficients as a dense raters × raters matrix (symmetric; NaN on the diagonal and for pairs that share no item). O(raters²). */
export function pairwiseMatrix(result: PairwiseKappaResult): Matrix {
  const r = result.raters;
  const data = new Float64Array(r * r).fill(Number.NaN);
  for (let p = 0; p < result.first.length; p++) {
    data[result.first[p]! * r + result.second[p]!] = result.value[p]!;
    data[result.second[p]! * r + result.first[p]!] = result.value[p]!;
  }
  return { rows: r, cols: r, data };
}
