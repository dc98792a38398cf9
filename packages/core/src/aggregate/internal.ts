// Helpers shared by the aggregators (not re-exported): input checks, grouping judgments by item once, vote
// counting, turning posteriors into hard labels, and small numeric kernels.
import type { Annotations } from "../data/annotations.js";
import { groupBy } from "../data/groupBy.js";
import { assertCodes, assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng, type Rng } from "../random/rng.js";
import type { AggregateResult, CategoricalOptions, TiePolicy } from "./types.js";

/** Judgments regrouped by item (compressed sparse rows), with rater and label copied into item order. */
export interface ByItem {
  /** Items, raters, classes, judgments. */
  readonly I: number;
  readonly R: number;
  readonly K: number;
  readonly n: number;
  /** Judgments of item i are k = offsets[i] … offsets[i + 1] − 1. */
  readonly offsets: Int32Array;
  /** rater[k], label[k]: the k-th judgment in item order (copies, so hot loops read memory in sequence). */
  readonly rater: Int32Array;
  readonly label: Int32Array;
  /** order[k]: the index in the original annotations of the k-th judgment in item order. */
  readonly order: Int32Array;
  /** Judgments per rater. */
  readonly perRater: Int32Array;
  /** Validated known labels (−1 = unknown), or undefined. */
  readonly known: Int32Array | undefined;
}

/** Validates the dataset and the common options and regroups judgments by item. O(n + items + raters). */
export function byItem(a: Annotations, options: CategoricalOptions = {}): ByItem {
  const I = a.items.length;
  const R = a.raters.length;
  const K = a.classes.length;
  const n = a.item.length;
  if (a.rater.length !== n || a.label.length !== n) {
    throw new RangeError(
      `item, rater and label codes must have the same length (got ${n}, ${a.rater.length} and ${a.label.length})`,
    );
  }
  assertCodes(a.item, I, "item");
  assertCodes(a.rater, R, "rater");
  assertCodes(a.label, K, "label");
  const known = checkKnown(options.known, I, K);
  const { offsets, order } = groupBy(a.item, I);
  const rater = new Int32Array(n);
  const label = new Int32Array(n);
  const perRater = new Int32Array(R);
  for (let k = 0; k < n; k++) {
    const j = order[k]!;
    rater[k] = a.rater[j]!;
    label[k] = a.label[j]!;
    perRater[rater[k]!]!++;
  }
  return { I, R, K, n, offsets, rater, label, order, perRater, known };
}

function checkKnown(known: Int32Array | undefined, I: number, K: number): Int32Array | undefined {
  if (known === undefined) return undefined;
  if (known.length !== I) {
    throw new RangeError(`known labels must have one entry per item (got ${known.length} for ${I} items)`);
  }
  for (let i = 0; i < I; i++) {
    const c = known[i]!;
    if (!(c >= -1 && c < K) || !Number.isInteger(c)) {
      throw new RangeError(`known[${i}] must be a class code in [0, ${K}) or −1 (got ${c})`);
    }
  }
  return known;
}

/** Reads `maxIterations` and `tolerance` with the method's defaults, checking their ranges. */
export function iterationOptions(
  options: { maxIterations?: number | undefined; tolerance?: number | undefined },
  defaults: { maxIterations: number; tolerance: number },
): { maxIterations: number; tolerance: number } {
  const { maxIterations = defaults.maxIterations, tolerance = defaults.tolerance } = options;
  assertInteger(maxIterations, "maxIterations", { min: 0 });
  assertFiniteInRange(tolerance, "tolerance", { min: 0 });
  return { maxIterations, tolerance };
}

/** Overwrites the rows of known items with one-hot rows. */
export function clampKnown(post: Float64Array, known: Int32Array | undefined, K: number): void {
  if (!known) return;
  for (let i = 0; i < known.length; i++) {
    const c = known[i]!;
    if (c < 0) continue;
    post.fill(0, i * K, (i + 1) * K);
    post[i * K + c] = 1;
  }
}

/**
 * Weighted vote shares per item: row i is Σ weight[r] over the item's judgments per class, normalised to sum to 1
 * (uniform when an item has no judgments or only zero weights). Known items are clamped. O(n + items × classes).
 */
export function voteShares(d: ByItem, weight?: Float64Array): Float64Array {
  const { I, K, offsets, rater, label } = d;
  const post = new Float64Array(I * K);
  for (let i = 0; i < I; i++) {
    const base = i * K;
    let total = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const w = weight ? weight[rater[k]!]! : 1;
      post[base + label[k]!]! += w;
      total += w;
    }
    if (total > 0) for (let c = 0; c < K; c++) post[base + c]! /= total;
    else post.fill(1 / K, base, base + K);
  }
  clampKnown(post, d.known, K);
  return post;
}

/**
 * Hard labels from posteriors: the most probable class; ties (within 1e-12 relative) are resolved by `ties`. Items
 * without judgments and not known get −1. Known items get their known class.
 */
export function decide(
  post: Float64Array,
  d: ByItem,
  options: { ties?: TiePolicy | undefined; seed?: number | undefined },
): Int32Array {
  const ties: TiePolicy = options.ties ?? "random";
  const seed = options.seed ?? 0;
  const { I, K, offsets, known } = d;
  const labels = new Int32Array(I);
  let rng: Rng | undefined;
  const tied: number[] = [];
  for (let i = 0; i < I; i++) {
    if (known && known[i]! >= 0) {
      labels[i] = known[i]!;
      continue;
    }
    if (offsets[i] === offsets[i + 1]) {
      labels[i] = -1;
      continue;
    }
    const base = i * K;
    let best = -Infinity;
    for (let c = 0; c < K; c++) if (post[base + c]! > best) best = post[base + c]!;
    tied.length = 0;
    const slack = 1e-12 * Math.abs(best);
    for (let c = 0; c < K; c++) if (post[base + c]! >= best - slack) tied.push(c);
    if (tied.length === 1) labels[i] = tied[0]!;
    else {
      switch (ties) {
        case "first":
          labels[i] = tied[0]!;
          break;
        case "soft":
          labels[i] = -1;
          break;
        case "random":
          rng ??= createRng(seed);
          labels[i] = tied[rng.int(tied.length)]!;
          break;
      }
    }
  }
  return labels;
}

/**
 * Each rater's agreement with the aggregate: the share of their judgments that equal the item's hard label (items
 * labelled −1 are skipped); NaN for a rater with no scored judgment. With `ties: "random"` and the posteriors
 * given, a judgment on a tied item earns 1/(number of tied classes) when it names one of them: the expected
 * agreement over the random tie-breaks, so skills do not depend on which way a coin fell.
 */
export function agreementWith(
  labels: Int32Array,
  d: ByItem,
  tiesFrom?: { post: Float64Array; ties: TiePolicy | undefined },
): Float64Array {
  const { I, R, K, offsets, rater, label } = d;
  const hit = new Float64Array(R);
  const seen = new Float64Array(R);
  const expected = tiesFrom !== undefined && (tiesFrom.ties ?? "random") === "random";
  for (let i = 0; i < I; i++) {
    const t = labels[i]!;
    if (t < 0) continue;
    let tiedCount = 1;
    let best = 0;
    if (expected) {
      const { post } = tiesFrom;
      best = post[i * K + t]!;
      tiedCount = 0;
      for (let c = 0; c < K; c++) if (post[i * K + c]! >= best - 1e-12 * best) tiedCount++;
    }
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const r = rater[k]!;
      seen[r]!++;
      if (tiedCount > 1) {
        const p = tiesFrom!.post[i * K + label[k]!]!;
        if (p >= best - 1e-12 * best) hit[r]! += 1 / tiedCount;
      } else if (label[k] === t) hit[r]!++;
    }
  }
  const out = new Float64Array(R);
  for (let r = 0; r < R; r++) out[r] = seen[r]! > 0 ? hit[r]! / seen[r]! : Number.NaN;
  return out;
}

/**
 * Normalises `row[base … base + K)` from log scores to probabilities in place (subtracting the maximum first) and
 * returns log Σ exp(scores), the log normaliser.
 */
export function softmaxInPlace(row: Float64Array, base: number, K: number): number {
  let max = -Infinity;
  for (let c = 0; c < K; c++) if (row[base + c]! > max) max = row[base + c]!;
  if (max === -Infinity) {
    row.fill(1 / K, base, base + K);
    return -Infinity;
  }
  let s = 0;
  for (let c = 0; c < K; c++) {
    const e = Math.exp(row[base + c]! - max);
    row[base + c] = e;
    s += e;
  }
  for (let c = 0; c < K; c++) row[base + c]! /= s;
  return max + Math.log(s);
}

/** Wraps a Float64Array of items × classes as a matrix. */
export function asMatrix(data: Float64Array, rows: number, cols: number): Matrix {
  return { rows, cols, data };
}

/** Digamma ψ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series (error < 1e-13). */
export function digamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return (
    r +
    Math.log(x) -
    0.5 / x -
    f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - (691 / 32760) * f)))))
  );
}

/** A result for datasets with no classes or no items: nothing to decide. */
export function emptyRaterSkill(d: ByItem): { skill: Float64Array; judgments: Int32Array } {
  return { skill: new Float64Array(d.R).fill(Number.NaN), judgments: d.perRater };
}

/** Rejects a tie policy that is not one of the three. */
export function checkTies(ties: TiePolicy | undefined): void {
  if (ties !== undefined && ties !== "random" && ties !== "first" && ties !== "soft") {
    throw new RangeError(`ties must be "random", "first" or "soft" (got ${JSON.stringify(ties)})`);
  }
}

/** The result of a vote-based method: hard labels decided from the vote shares, no likelihood. */
export function voteResult(
  method: string,
  d: ByItem,
  fit: {
    post: Float64Array;
    skill: Float64Array;
    options: CategoricalOptions;
    labels?: Int32Array;
    iterations?: number;
    converged?: boolean;
  },
): AggregateResult {
  const { post, skill, options, iterations = 0, converged = true } = fit;
  return {
    method,
    labels: fit.labels ?? decide(post, d, options),
    posteriors: asMatrix(post, d.I, d.K),
    raters: { skill, judgments: d.perRater },
    logLikelihood: new Float64Array(0),
    iterations,
    converged,
  };
}
