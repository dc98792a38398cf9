import type { Annotations } from "../data/annotations.js";
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { createRng, type Seed } from "../random/rng.js";

/** Options for `simulateCrowd`. */
export interface SimulateCrowdOptions {
  /** Number of items. Default 200. */
  items?: number;
  /** Number of raters. Default 20. */
  raters?: number;
  /** Number of classes. Default 3. */
  classes?: number;
  /** Distinct raters per item (≤ raters). Default 5. */
  overlap?: number;
  /** Share of raters who answer uniformly at random. Default 0.1. */
  spammerShare?: number;
  /** Accuracy range [lo, hi] of the other raters; each draws its accuracy uniformly from it. Default [0.6, 0.95]. */
  accuracy?: readonly [number, number];
  /** Class prior (normalised); default uniform. */
  prior?: readonly number[];
  /** Seed for every random choice. Default 0. */
  seed?: Seed;
}

/** A synthetic crowd: judgments plus the hidden truth and rater accuracies that produced them. */
export interface SimulatedCrowd {
  annotations: Annotations;
  /** True class code of each item. */
  truth: Int32Array;
  /** Each rater's probability of answering correctly (1/classes for spammers). */
  raterAccuracy: Float64Array;
  /** Whether each rater is a spammer. */
  spammer: Uint8Array;
}

/**
 * Generates a seeded synthetic crowd-labelling dataset: each item has a true class drawn from the prior and is
 * judged by `overlap` distinct raters chosen uniformly at random. A reliable rater answers correctly with its own
 * accuracy and otherwise picks a wrong class uniformly (the "one-coin" model of Dawid & Skene 1979's simplest
 * case); a spammer picks any class uniformly. O(items × overlap) time; items "i0000…", raters "r000…", classes
 * "c0…".
 */
export function simulateCrowd(options: SimulateCrowdOptions = {}): SimulatedCrowd {
  const {
    items = 200,
    raters = 20,
    classes = 3,
    overlap = 5,
    spammerShare = 0.1,
    accuracy = [0.6, 0.95],
    prior,
    seed = 0,
  } = options;
  assertInteger(items, "items", { min: 1, max: 2 ** 31 - 1 });
  assertInteger(raters, "raters", { min: 1, max: 2 ** 31 - 1 });
  assertInteger(classes, "classes", { min: 2, max: 1 << 16 });
  assertInteger(overlap, "overlap", { min: 1, max: raters });
  assertFiniteInRange(spammerShare, "spammerShare", { min: 0, max: 1 });
  const [lo, hi] = accuracy;
  assertFiniteInRange(lo, "accuracy[0]", { min: 0, max: 1 });
  assertFiniteInRange(hi, "accuracy[1]", { min: lo, max: 1 });
  if (prior && prior.length !== classes) {
    throw new RangeError(`prior must have one weight per class (got ${prior.length} for ${classes} classes)`);
  }

  const rng = createRng(seed);
  const spammer = new Uint8Array(raters);
  const raterAccuracy = new Float64Array(raters);
  const nSpam = Math.round(spammerShare * raters);
  for (const r of rng.sample(raters, nSpam)) spammer[r] = 1;
  for (let r = 0; r < raters; r++) raterAccuracy[r] = spammer[r] ? 1 / classes : lo + (hi - lo) * rng.float();

  const truth = new Int32Array(items);
  const weights = prior ?? new Array<number>(classes).fill(1);
  for (let i = 0; i < items; i++) truth[i] = rng.categorical(weights);

  const n = items * overlap;
  const item = new Int32Array(n);
  const rater = new Int32Array(n);
  const label = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < items; i++) {
    for (const r of rng.sample(raters, overlap)) {
      item[j] = i;
      rater[j] = r;
      if (spammer[r]) label[j] = rng.int(classes);
      else if (rng.float() < raterAccuracy[r]!) label[j] = truth[i]!;
      else label[j] = (truth[i]! + 1 + rng.int(classes - 1)) % classes;
      j++;
    }
  }
  const pad = (prefix: string, count: number) => {
    const width = String(count - 1).length;
    return Array.from({ length: count }, (_, k) => prefix + String(k).padStart(width, "0"));
  };
  return {
    annotations: {
      items: pad("i", items),
      raters: pad("r", raters),
      classes: Array.from({ length: classes }, (_, c) => `c${c}`),
      item,
      rater,
      label,
    },
    truth,
    raterAccuracy,
    spammer,
  };
}
