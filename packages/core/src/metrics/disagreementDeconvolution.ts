import type { Annotations } from "../data/annotations.js";
import { groupBy } from "../data/groupBy.js";
import { assertFiniteInRange } from "../errors/assert.js";
import type { Matrix } from "../linalg/matrix.js";

/** Options for `disagreementDeconvolution`. */
export interface DeconvolutionOptions {
  /**
   * Within-rater flip probability: the chance a rater's judgment differs from their own stable ("primary") opinion,
   * for all classes or per class (indexed by the primary class). Default: estimated from repeated judgments (the
   * same rater judging the same item more than once, read with `--duplicates keep-all`), else 0.
   */
  flipRate?: number | ArrayLike<number>;
  /** A classifier's predicted class per item (−1 = none): scored against the raters' stable opinions. */
  predictions?: Int32Array;
}

/** How a classifier scores against individual raters, with and without rater noise and disagreement. */
export interface DeconvolvedAccuracy {
  /** Against each item's plurality label (ties split evenly): the usual accuracy. */
  aggregated: number;
  /** Mean share of each item's raters whose judgment equals the prediction. */
  raters: number;
  /** Mean share of each item's raters whose stable opinion equals the prediction (Gordon et al.'s metric). */
  deconvolved: number;
  /** The best `deconvolved` score any single-label classifier can reach: mean of each item's largest share. */
  ceiling: number;
  /**
   * Share of the classifier's deconvolved error that is irreducible disagreement: (1 − ceiling) / (1 −
   * deconvolved). The rest is the model's own error.
   */
  disagreementShare: number;
  /** Items scored (those with judgments and a prediction). */
  items: number;
}

/** Result of `disagreementDeconvolution`. */
export interface DeconvolutionResult {
  /** The flip rate used per class. */
  flipRate: Float64Array;
  /** Where it came from. */
  flipRateSource: "given" | "repeats" | "none";
  /** (item, rater) pairs judged more than once (the evidence for the estimate). */
  repeatedPairs: number;
  /** Observed label shares per item (items × classes; each rater weighs 1; NaN rows for items without judgments). */
  observed: Matrix;
  /** Stable-opinion shares per item after removing the within-rater noise (items × classes). */
  deconvolved: Matrix;
  accuracy?: DeconvolvedAccuracy;
}

/** Euclidean projection of v onto the probability simplex (Duchi et al. 2008), in place. O(K log K). */
function projectToSimplex(v: Float64Array): void {
  const u = Float64Array.from(v).sort().reverse();
  let sum = 0;
  let theta = 0;
  for (let j = 0; j < u.length; j++) {
    sum += u[j]!;
    const t = (sum - 1) / (j + 1);
    if (u[j]! - t > 0) theta = t;
  }
  for (let c = 0; c < v.length; c++) v[c] = Math.max(0, v[c]! - theta);
}

/** Inverse of a small dense matrix by Gauss–Jordan elimination with partial pivoting. */
function invert(a: Float64Array, k: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(k * k);
  for (let c = 0; c < k; c++) inv[c * k + c] = 1;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs(m[r * k + col]!) > Math.abs(m[pivot * k + col]!)) pivot = r;
    if (Math.abs(m[pivot * k + col]!) < 1e-12)
      throw new RangeError(
        "flip rates this high make stable opinions unidentifiable (the noise matrix is singular)",
      );
    for (let j = 0; j < k; j++) {
      [m[col * k + j], m[pivot * k + j]] = [m[pivot * k + j]!, m[col * k + j]!];
      [inv[col * k + j], inv[pivot * k + j]] = [inv[pivot * k + j]!, inv[col * k + j]!];
    }
    const d = m[col * k + col]!;
    for (let j = 0; j < k; j++) {
      m[col * k + j]! /= d;
      inv[col * k + j]! /= d;
    }
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = m[r * k + col]!;
      if (f === 0) continue;
      for (let j = 0; j < k; j++) {
        m[r * k + j]! -= f * m[col * k + j]!;
        inv[r * k + j]! -= f * inv[col * k + j]!;
      }
    }
  }
  return inv;
}

/**
 * Disagreement deconvolution (Gordon, Zhou, Patel, Hashimoto & Bernstein 2021, "The disagreement deconvolution:
 * bringing machine learning performance metrics in line with reality", CHI): separates each item's label
 * distribution into raters' stable opinions and within-rater noise, then scores a classifier against individual
 * raters' stable opinions instead of one aggregated label. Noise model: a rater whose stable opinion is c reports c
 * with probability 1 − f_c and each other class with f_c / (K − 1); the observed shares o = Mᵀπ are inverted and
 * projected onto the simplex. The flip rates f_c are estimated, when not given, from repeated judgments as
 * P(next judgment ≠ this one | this one = c) (a plug-in estimate that takes the earlier judgment as the stable
 * one). This is vox's reading of the paper's procedure; the expected accuracy over sampled stable labels is
 * computed exactly instead of by sampling. O(judgments + items · K²).
 */
export function disagreementDeconvolution(
  a: Annotations,
  options: DeconvolutionOptions = {},
): DeconvolutionResult {
  const k = a.classes.length;
  const nItems = a.items.length;
  const byItem = groupBy(a.item, nItems);
  // Repeats: consecutive judgments of the same (item, rater), found with per-rater stamps (no pair hashing).
  const lastLabel = new Int32Array(a.raters.length);
  const counted = new Int32Array(a.raters.length).fill(-1);
  const seen = new Int32Array(a.raters.length).fill(-1);
  const perRater = new Int32Array(a.raters.length);
  const pairs = new Float64Array(k);
  const flips = new Float64Array(k);
  let repeatedPairs = 0;
  const observed = new Float64Array(nItems * k);
  for (let i = 0; i < nItems; i++) {
    const start = byItem.offsets[i]!;
    const end = byItem.offsets[i + 1]!;
    // Judgments per rater on this item: each rater weighs 1, split over their judgments.
    for (let p = start; p < end; p++) {
      const r = a.rater[byItem.order[p]!]!;
      if (counted[r] !== i) {
        counted[r] = i;
        perRater[r] = 0;
      }
      perRater[r]!++;
    }
    let raters = 0;
    for (let p = start; p < end; p++) {
      const j = byItem.order[p]!;
      const r = a.rater[j]!;
      const c = a.label[j]!;
      observed[i * k + c]! += 1 / perRater[r]!;
      if (seen[r] !== i) {
        seen[r] = i;
        raters++;
        if (perRater[r]! > 1) repeatedPairs++;
      } else {
        const prev = lastLabel[r]!;
        pairs[prev]!++;
        if (prev !== c) flips[prev]!++;
      }
      lastLabel[r] = c;
    }
    if (raters === 0) for (let c = 0; c < k; c++) observed[i * k + c] = Number.NaN;
    else for (let c = 0; c < k; c++) observed[i * k + c]! /= raters;
  }
  const flipRate = new Float64Array(k);
  let source: DeconvolutionResult["flipRateSource"] = "none";
  if (options.flipRate !== undefined) {
    source = "given";
    const f = options.flipRate;
    for (let c = 0; c < k; c++) {
      const v = typeof f === "number" ? f : f[c];
      if (v === undefined)
        throw new RangeError(
          `flipRate must have one rate per class (${k}; got ${(f as ArrayLike<number>).length})`,
        );
      assertFiniteInRange(v, `flipRate[${c}]`, { min: 0, max: 1 });
      flipRate[c] = v;
    }
  } else {
    let tp = 0;
    let tf = 0;
    for (let c = 0; c < k; c++) {
      tp += pairs[c]!;
      tf += flips[c]!;
    }
    if (tp > 0) {
      source = "repeats";
      for (let c = 0; c < k; c++) flipRate[c] = pairs[c]! > 0 ? flips[c]! / pairs[c]! : tf / tp;
    }
  }
  // Noise matrix M[c][c'] = P(report c' | stable c); observed = Mᵀ·stable, so stable = (Mᵀ)⁻¹·observed.
  const mt = new Float64Array(k * k);
  for (let c = 0; c < k; c++)
    for (let d = 0; d < k; d++)
      mt[d * k + c] = c === d ? 1 - flipRate[c]! : k > 1 ? flipRate[c]! / (k - 1) : 0;
  const inv = invert(mt, k);
  const deconvolved = new Float64Array(nItems * k);
  const v = new Float64Array(k);
  for (let i = 0; i < nItems; i++) {
    if (Number.isNaN(observed[i * k]!)) {
      deconvolved.fill(Number.NaN, i * k, (i + 1) * k);
      continue;
    }
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let d = 0; d < k; d++) s += inv[c * k + d]! * observed[i * k + d]!;
      v[c] = s;
    }
    projectToSimplex(v);
    deconvolved.set(v, i * k);
  }
  const result: DeconvolutionResult = {
    flipRate,
    flipRateSource: source,
    repeatedPairs,
    observed: { rows: nItems, cols: k, data: observed },
    deconvolved: { rows: nItems, cols: k, data: deconvolved },
  };
  if (options.predictions) result.accuracy = scorePredictions(result, options.predictions);
  return result;
}

function scorePredictions(r: DeconvolutionResult, predictions: Int32Array): DeconvolvedAccuracy {
  const { rows: n, cols: k } = r.observed;
  if (predictions.length !== n)
    throw new RangeError(
      `predictions must have one class per item (got ${predictions.length} for ${n} items)`,
    );
  let aggregated = 0;
  let raters = 0;
  let deconvolved = 0;
  let ceiling = 0;
  let items = 0;
  for (let i = 0; i < n; i++) {
    const y = predictions[i]!;
    if (y < 0 || Number.isNaN(r.observed.data[i * k]!)) continue;
    if (y >= k) throw new RangeError(`predictions[${i}] must be a class code in [0, ${k}) or −1 (got ${y})`);
    items++;
    let max = -1;
    let ties = 0;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const o = r.observed.data[i * k + c]!;
      if (o > max + 1e-12) {
        max = o;
        ties = 1;
      } else if (Math.abs(o - max) <= 1e-12) ties++;
      best = Math.max(best, r.deconvolved.data[i * k + c]!);
    }
    if (Math.abs(r.observed.data[i * k + y]! - max) <= 1e-12) aggregated += 1 / ties;
    raters += r.observed.data[i * k + y]!;
    deconvolved += r.deconvolved.data[i * k + y]!;
    ceiling += best;
  }
  const d = items ? deconvolved / items : Number.NaN;
  const c = items ? ceiling / items : Number.NaN;
  return {
    aggregated: items ? aggregated / items : Number.NaN,
    raters: items ? raters / items : Number.NaN,
    deconvolved: d,
    ceiling: c,
    disagreementShare: d < 1 ? (1 - c) / (1 - d) : 0,
    items,
  };
}
