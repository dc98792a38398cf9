import { dawidSkene } from "../../aggregate/dawidSkene.js";
import type { AggregateResult } from "../../aggregate/types.js";
import type { Annotations } from "../../data/annotations.js";
import { groupBy } from "../../data/groupBy.js";
import { assertInteger } from "../../errors/assert.js";
import type { FloatArray, Matrix } from "../../linalg/matrix.js";
import { createRng, type Rng, type Seed } from "../../random/rng.js";
import { labelUncertainty } from "./labelUncertainty.js";

/**
 * How items are ranked for one more label:
 * - `posterior`: 1 − the largest aggregated posterior (truth inference, e.g. Dawid–Skene), so rater quality counts;
 * - `lu`: Sheng et al.'s label uncertainty on the raw vote counts (`labelUncertainty`);
 * - `mu`: model uncertainty, 1 − the largest class probability of a classifier (`modelProbabilities`);
 * - `lmu`: Sheng et al.'s combination √(LU · MU), with MU rescaled to LU's [0, ½] range;
 * - `fewest`: generalised round robin, the item with the fewest judgments first;
 * - `random`: a seeded random order.
 */
export type ItemScore = "posterior" | "lu" | "mu" | "lmu" | "fewest" | "random";

/**
 * How the rater for a chosen item is picked among those available:
 * - `information`: the largest expected information gain about the item's true class, I(truth; answer), under the
 *   item's current posterior and the rater's estimated one-coin accuracy;
 * - `skill`: the largest estimated accuracy;
 * - `random`: uniformly, seeded.
 */
export type RaterChoice = "information" | "skill" | "random";

/** Which raters can be asked about which item, as compressed rows: item i's raters are `raters[offsets[i]…offsets[i+1])`. */
export interface ItemRaters {
  readonly offsets: Int32Array;
  readonly raters: Int32Array;
}

/** Options for `repeatedLabelingRequests`. */
export interface RepeatedLabelingOptions {
  /** Requests to return (at most one per item). Default 1. */
  batch?: number;
  /** Item ranking. Default "posterior". */
  score?: ItemScore;
  /** Rater choice. Default "information". */
  rater?: RaterChoice;
  /** Truth inference on `a` already run (its posteriors and rater skills are used). Default: `dawidSkene(a, { seed })`. */
  aggregate?: AggregateResult;
  /** Classifier probabilities, items × classes, for `mu` and `lmu`. */
  modelProbabilities?: Matrix<FloatArray>;
  /** Raters that can be asked about each item. Default: every rater who has not judged it yet. */
  available?: ItemRaters;
  /** Most requests one rater gets in one batch (how much work a rater is available for). Default unlimited. */
  raterCapacity?: number;
  /** Items that already have this many judgments are not asked about again. Default unlimited. */
  maxLabels?: number;
  /** Seed for tie-breaking and random choices. Default 0. */
  seed?: Seed;
}

/** The next (item, rater) requests, best first. */
export interface LabelRequests {
  readonly item: Int32Array;
  readonly rater: Int32Array;
  /** The item's score under the chosen `score` (larger = asked sooner). */
  readonly score: Float64Array;
}

/**
 * Active repeated labeling for crowds (Sheng, Provost & Ipeirotis, KDD 2008; Ipeirotis, Provost, Sheng & Wang, DMKD
 * 2014): given the judgments so far, picks which items get one more label and from whom. Items are ranked by
 * `score` (an item never judged is a new item and competes with relabeling on the same score: under `posterior` it
 * has the class prior's uncertainty, under `lu` the maximum ½); ties are broken by a seeded random order. Each chosen
 * item then gets the best available rater by `rater`, respecting `raterCapacity`; an item with no available rater is
 * skipped. Rater accuracy is estimated from the aggregate as (Σ posterior of the rater's answers + 1) / (judgments +
 * 2), a Beta(1, 1)-smoothed expected accuracy, so a rater with few judgments is not trusted to extremes.
 * O(judgments + items · log items + batch · raters available).
 */
export function repeatedLabelingRequests(
  a: Annotations,
  options: RepeatedLabelingOptions = {},
): LabelRequests {
  const {
    batch = 1,
    score = "posterior",
    rater = "information",
    raterCapacity = Number.POSITIVE_INFINITY,
    maxLabels = Number.POSITIVE_INFINITY,
    seed = 0,
  } = options;
  assertInteger(batch, "batch", { min: 0 });
  if (raterCapacity !== Number.POSITIVE_INFINITY) assertInteger(raterCapacity, "raterCapacity", { min: 1 });
  if (maxLabels !== Number.POSITIVE_INFINITY) assertInteger(maxLabels, "maxLabels", { min: 1 });
  const I = a.items.length;
  const R = a.raters.length;
  const K = a.classes.length;
  const rng = createRng(seed);
  const needsAggregate = score === "posterior" || rater !== "random";
  const agg = needsAggregate ? (options.aggregate ?? dawidSkene(a, { seed })) : undefined;
  if (agg && (agg.posteriors.rows !== I || agg.posteriors.cols !== K)) {
    throw new RangeError(
      `aggregate posteriors must be items × classes (${I} × ${K}), got ${agg.posteriors.rows} × ${agg.posteriors.cols}`,
    );
  }
  const byItem = groupBy(a.item, I);
  const itemScore = scoreItems(a, { score, byItem, agg, probs: options.modelProbabilities, rng });
  const available = options.available ?? notYetJudged(a, byItem);
  if (available.offsets.length !== I + 1) {
    throw new RangeError(`available must have items + 1 = ${I + 1} offsets, got ${available.offsets.length}`);
  }
  const accuracy = agg ? raterAccuracy(a, agg) : new Float64Array(R);
  // Random tie-break ranks: sorting by (score desc, rank asc) is a seeded shuffle among equal scores.
  const rank = rng.permutation(I);
  const candidates: number[] = [];
  for (let i = 0; i < I; i++) {
    const n = byItem.offsets[i + 1]! - byItem.offsets[i]!;
    if (n < maxLabels && available.offsets[i + 1]! > available.offsets[i]!) candidates.push(i);
  }
  candidates.sort((x, y) => itemScore[y]! - itemScore[x]! || rank[x]! - rank[y]!);
  const used = new Int32Array(R);
  const outItem: number[] = [];
  const outRater: number[] = [];
  const outScore: number[] = [];
  for (const i of candidates) {
    if (outItem.length >= batch) break;
    const r = pickRater(i, { available, used, raterCapacity, rater, accuracy, agg, K, rng });
    if (r < 0) continue;
    used[r]!++;
    outItem.push(i);
    outRater.push(r);
    outScore.push(itemScore[i]!);
  }
  return {
    item: Int32Array.from(outItem),
    rater: Int32Array.from(outRater),
    score: Float64Array.from(outScore),
  };
}

interface ScoreContext {
  score: ItemScore;
  byItem: { offsets: Int32Array; order: Int32Array };
  agg: AggregateResult | undefined;
  probs: Matrix<FloatArray> | undefined;
  rng: Rng;
}

function scoreItems(a: Annotations, c: ScoreContext): Float64Array {
  const I = a.items.length;
  const K = a.classes.length;
  const out = new Float64Array(I);
  const { offsets, order } = c.byItem;
  switch (c.score) {
    case "posterior": {
      const p = c.agg!.posteriors.data;
      for (let i = 0; i < I; i++) out[i] = 1 - maxOf(p, i * K, K);
      return out;
    }
    case "fewest":
      for (let i = 0; i < I; i++) out[i] = -(offsets[i + 1]! - offsets[i]!);
      return out;
    case "random":
      for (let i = 0; i < I; i++) out[i] = c.rng.float();
      return out;
    case "lu":
    case "mu":
    case "lmu": {
      const lu = c.score === "mu" ? undefined : countUncertainty(a, { offsets, order });
      const mu = c.score === "lu" ? undefined : modelUncertainty(c.probs, I, K);
      for (let i = 0; i < I; i++) out[i] = lu && mu ? Math.sqrt(lu[i]! * mu[i]!) : (lu ?? mu)![i]!;
      return out;
    }
    default: {
      const never: never = c.score;
      throw new RangeError(`unknown item score ${String(never)}`);
    }
  }
}

function countUncertainty(a: Annotations, g: { offsets: Int32Array; order: Int32Array }): Float64Array {
  const I = a.items.length;
  const K = a.classes.length;
  const out = new Float64Array(I);
  const counts = new Int32Array(K);
  for (let i = 0; i < I; i++) {
    counts.fill(0);
    for (let k = g.offsets[i]!; k < g.offsets[i + 1]!; k++) counts[a.label[g.order[k]!]!]!++;
    let top = 0;
    let second = 0;
    for (let c = 0; c < K; c++) {
      const v = counts[c]!;
      if (v > top) {
        second = top;
        top = v;
      } else if (v > second) second = v;
    }
    out[i] = labelUncertainty(top, second);
  }
  return out;
}

/** 1 − max probability, rescaled from [0, 1 − 1/K] to LU's [0, ½] (for two classes: ½ − |p − ½|, Sheng's MU). */
function modelUncertainty(probs: Matrix<FloatArray> | undefined, I: number, K: number): Float64Array {
  if (!probs) throw new RangeError("item score mu/lmu needs modelProbabilities");
  if (probs.rows !== I || probs.cols !== K) {
    throw new RangeError(
      `modelProbabilities must be items × classes (${I} × ${K}), got ${probs.rows} × ${probs.cols}`,
    );
  }
  const out = new Float64Array(I);
  const scale = 0.5 / (1 - 1 / K);
  for (let i = 0; i < I; i++) out[i] = (1 - maxOf(probs.data, i * K, K)) * scale;
  return out;
}

function maxOf(data: ArrayLike<number>, start: number, n: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) m = Math.max(m, data[start + k]!);
  return m;
}

function notYetJudged(a: Annotations, byItem: { offsets: Int32Array; order: Int32Array }): ItemRaters {
  const I = a.items.length;
  const R = a.raters.length;
  const offsets = new Int32Array(I + 1);
  const list: number[] = [];
  const stamp = new Int32Array(R).fill(-1);
  for (let i = 0; i < I; i++) {
    for (let k = byItem.offsets[i]!; k < byItem.offsets[i + 1]!; k++) stamp[a.rater[byItem.order[k]!]!] = i;
    for (let r = 0; r < R; r++) if (stamp[r] !== i) list.push(r);
    offsets[i + 1] = list.length;
  }
  return { offsets, raters: Int32Array.from(list) };
}

/** Beta(1, 1)-smoothed expected accuracy per rater: (Σ posterior of the answers given + 1) / (judgments + 2). */
function raterAccuracy(a: Annotations, agg: AggregateResult): Float64Array {
  const R = a.raters.length;
  const K = a.classes.length;
  const correct = new Float64Array(R);
  const n = new Float64Array(R);
  const p = agg.posteriors.data;
  for (let j = 0; j < a.item.length; j++) {
    const r = a.rater[j]!;
    correct[r]! += p[a.item[j]! * K + a.label[j]!]!;
    n[r]!++;
  }
  for (let r = 0; r < R; r++) correct[r] = (correct[r]! + 1) / (n[r]! + 2);
  return correct;
}

interface PickContext {
  available: ItemRaters;
  used: Int32Array;
  raterCapacity: number;
  rater: RaterChoice;
  accuracy: Float64Array;
  agg: AggregateResult | undefined;
  K: number;
  rng: Rng;
}

function pickRater(i: number, c: PickContext): number {
  const { offsets, raters } = c.available;
  const open: number[] = [];
  for (let k = offsets[i]!; k < offsets[i + 1]!; k++)
    if (c.used[raters[k]!]! < c.raterCapacity) open.push(raters[k]!);
  if (open.length === 0) return -1;
  switch (c.rater) {
    case "random":
      return open[c.rng.int(open.length)]!;
    case "skill":
    case "information": {
      const prior = c.agg!.posteriors.data.subarray(i * c.K, (i + 1) * c.K);
      let best = -1;
      let bestValue = Number.NEGATIVE_INFINITY;
      for (const r of open) {
        const s = c.accuracy[r]!;
        const v = c.rater === "skill" ? s : informationGain(prior, s);
        if (v > bestValue) {
          bestValue = v;
          best = r;
        }
      }
      return best;
    }
    default: {
      const never: never = c.rater;
      throw new RangeError(`unknown rater choice ${String(never)}`);
    }
  }
}

/**
 * I(truth; answer) in nats for a one-coin rater of accuracy s (wrong answers uniform over the other K − 1 classes)
 * and a prior p over the truth: H(answer) − H(answer | truth).
 */
function informationGain(p: ArrayLike<number>, s: number): number {
  const K = p.length;
  if (K < 2) return 0;
  const off = (1 - s) / (K - 1);
  let hAnswer = 0;
  for (let o = 0; o < K; o++) {
    const q = off + (s - off) * p[o]!; // Σ_t p_t P(o | t)
    if (q > 0) hAnswer -= q * Math.log(q);
  }
  let hGiven = 0;
  if (s > 0) hGiven -= s * Math.log(s);
  if (off > 0) hGiven -= (K - 1) * off * Math.log(off);
  return hAnswer - hGiven;
}
