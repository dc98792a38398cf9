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
  /** Force the rater-by-rater path (for tests; default: item order when it fits in memory). */
  path?: "auto" | "rater";
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

/** Memory bounds of the item-order path: a raters × raters pair index and one q × q table per rater pair seen. */
const DENSE_MAX_RATERS = 2048;
const DENSE_MAX_TABLE_CELLS = 1 << 23;

interface Prepared {
  a: Annotations;
  q: number;
  coefficient: (t: Float64Array) => number;
  /** Item-order path: judgments' raters and labels sorted by item, and the pair index (null: rater-by-rater path). */
  dense: {
    itemOffsets: Int32Array;
    itemRater: Int32Array;
    itemLabel: Int32Array;
    itemCode: Int32Array;
    /** pair id of raters (g, h), g < h, at g · raters + h; −1 when they share no item. Ids follow (g, h) order. */
    pairIndex: Int32Array;
    first: Int32Array;
    second: Int32Array;
    shared: Int32Array;
  } | null;
  byRater: { offsets: Int32Array; order: Int32Array };
  byItem: { offsets: Int32Array; order: Int32Array };
}

/** Items' judgments as contiguous (rater, label) runs and every co-occurring rater pair, numbered in (g, h) order. */
function densePairs(
  a: Annotations,
  byItem: { offsets: Int32Array; order: Int32Array },
  q: number,
): Prepared["dense"] {
  const r = a.raters.length;
  if (r > DENSE_MAX_RATERS) return null;
  const n = a.item.length;
  const itemRater = new Int32Array(n);
  const itemLabel = new Int32Array(n);
  const itemCode = new Int32Array(n);
  for (let x = 0; x < n; x++) {
    const j = byItem.order[x]!;
    itemRater[x] = a.rater[j]!;
    itemLabel[x] = a.label[j]!;
    itemCode[x] = a.item[j]!;
  }
  const shared = new Int32Array(r * r);
  for (let i = 0; i < a.items.length; i++) {
    const end = byItem.offsets[i + 1]!;
    for (let x = byItem.offsets[i]!; x < end; x++) {
      for (let y = x + 1; y < end; y++) {
        const g = itemRater[x]!;
        const h = itemRater[y]!;
        if (g !== h) shared[g < h ? g * r + h : h * r + g]!++;
      }
    }
  }
  let pairs = 0;
  for (let k = 0; k < shared.length; k++) if (shared[k]! > 0) pairs++;
  if (pairs * q * q > DENSE_MAX_TABLE_CELLS) return null;
  const pairIndex = new Int32Array(r * r).fill(-1);
  const first = new Int32Array(pairs);
  const second = new Int32Array(pairs);
  const count = new Int32Array(pairs);
  for (let k = 0, p = 0; k < shared.length; k++) {
    if (shared[k] === 0) continue;
    pairIndex[k] = p;
    first[p] = Math.floor(k / r);
    second[p] = k % r;
    count[p] = shared[k]!;
    p++;
  }
  return {
    itemOffsets: byItem.offsets,
    itemRater,
    itemLabel,
    itemCode,
    pairIndex,
    first,
    second,
    shared: count,
  };
}

function prepare(a: Annotations, options: PairwiseKappaOptions): Prepared {
  const q = a.classes.length;
  const w = agreementWeightsFor(a.classes, options);
  const coefficient =
    (options.metric ?? "cohen") === "cohen"
      ? (t: Float64Array) => cohenParts(t, q, w).value
      : (t: Float64Array) => scottParts(t, q, w).value;
  const byItem = groupBy(a.item, a.items.length);
  return {
    a,
    q,
    coefficient,
    dense: options.path === "rater" ? null : densePairs(a, byItem, q),
    byRater: groupBy(a.rater, a.raters.length),
    byItem,
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
 * Visits every rater pair's contingency table (items weighted by `w`, 1 when null) in (g, h) order. Item-order path
 * (raters ≤ 2048 and tables that fit in 8M cells): one sequential pass over items' judgments, O(Σ_i m_i² +
 * pairs × q²). Otherwise rater by rater, accumulating rater g's tables with partners h > g in a scratch buffer
 * indexed through a stamp array: the same time, O(partners × q²) memory. Nothing is quadratic in items.
 */
function eachPair(p: Prepared, w: Float64Array | null, visit: (pair: PairVisit) => void): void {
  if (p.dense) {
    eachPairDense(p, p.dense, { w, visit });
    return;
  }
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
    const sorted = partners.map((h) => h).sort((x, y) => x - y);
    for (const h of sorted) {
      const s = slot[h]!;
      visit({ g, h, shared: shared[s]!, table: tables.subarray(s * qq, (s + 1) * qq) });
      slot[h] = -1;
    }
    partners.length = 0;
  }
}

function eachPairDense(
  p: Prepared,
  d: NonNullable<Prepared["dense"]>,
  run: { w: Float64Array | null; visit: (pair: PairVisit) => void },
): void {
  const { q, a } = p;
  const { w, visit } = run;
  const qq = q * q;
  const r = a.raters.length;
  const tables = new Float64Array(d.first.length * qq);
  const { itemOffsets, itemRater, itemLabel, itemCode, pairIndex } = d;
  for (let i = 0; i < a.items.length; i++) {
    const end = itemOffsets[i + 1]!;
    const start = itemOffsets[i]!;
    if (end - start < 2) continue;
    const wi = w ? w[itemCode[start]!]! : 1;
    if (wi === 0) continue;
    for (let x = start; x < end; x++) {
      const g = itemRater[x]!;
      for (let y = x + 1; y < end; y++) {
        const h = itemRater[y]!;
        if (g < h) tables[pairIndex[g * r + h]! * qq + itemLabel[x]! * q + itemLabel[y]!]! += wi;
        else if (h < g) tables[pairIndex[h * r + g]! * qq + itemLabel[y]! * q + itemLabel[x]!]! += wi;
      }
    }
  }
  for (let s = 0; s < d.first.length; s++) {
    visit({
      g: d.first[s]!,
      h: d.second[s]!,
      shared: d.shared[s]!,
      table: tables.subarray(s * qq, (s + 1) * qq),
    });
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

/**
 * The pairwise coefficients as a dense raters × raters matrix (symmetric; NaN on the diagonal, for pairs that share
 * no item and for pairs sharing fewer than `minShared` items, default the result's own threshold). O(raters²).
 */
export function pairwiseMatrix(result: PairwiseKappaResult, options: { minShared?: number } = {}): Matrix {
  const { minShared = result.minShared } = options;
  const r = result.raters;
  const data = new Float64Array(r * r).fill(Number.NaN);
  for (let p = 0; p < result.first.length; p++) {
    if (result.shared[p]! < minShared) continue;
    data[result.first[p]! * r + result.second[p]!] = result.value[p]!;
    data[result.second[p]! * r + result.first[p]!] = result.value[p]!;
  }
  return { rows: r, cols: r, data };
}
