import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { createRng } from "../random/rng.js";
import { percentileOfSorted } from "./numeric.js";
import type { TrainingDynamics } from "./trainingDynamics.js";

/** Options for `aum`. */
export interface AumOptions {
  /**
   * The fake class given to threshold samples (Pleiss et al. 2020, §3.2), usually K (the extra output). When set,
   * examples trained with this label are the threshold samples and `threshold`/`flagged` are returned.
   */
  thresholdClass?: number;
  /** Percentile of the threshold samples' AUM below which an example is flagged. Default 99. */
  percentile?: number;
}

/** Area under the margin for every example. */
export interface AumResult {
  /** Mean over epochs of (logit of the gold label − largest other logit). */
  aum: Float64Array;
  /** The `percentile`-th percentile of the threshold samples' AUM (linear interpolation, as numpy). */
  threshold?: number;
  /**
   * 1 where AUM < the threshold samples' AUM at rank ⌈q·(n−1)⌉ (numpy's "higher" percentile): the examples whose
   * margins are worse than (about) all but 1 − q of deliberately mislabeled ones. Includes threshold samples.
   */
  flagged?: Uint8Array;
  /** 1 for threshold samples. */
  thresholdSamples?: Uint8Array;
}

/**
 * Area Under the Margin (Pleiss, Zhang, Elenberg & Weinberger 2020, "Identifying Mislabeled Data using the Area
 * Under the Margin Ranking"): the margin of an example at an epoch is its assigned label's logit minus the largest
 * other logit; AUM averages it over epochs. Mislabeled examples have low, often negative AUM. With threshold
 * samples (a second run in which N/(K+1) examples are relabeled to a fake class K, see `assignThresholdSamples`),
 * the data decide the cut-off. O(E·N·K).
 */
export function aum(d: TrainingDynamics, options: AumOptions = {}): AumResult {
  const { epochs, examples: n, classes: k, logits, gold } = d;
  const out = new Float64Array(n);
  for (let e = 0; e < epochs; e++) {
    for (let i = 0; i < n; i++) {
      const base = (e * n + i) * k;
      const g = gold[i]!;
      let other = -Infinity;
      for (let c = 0; c < k; c++) if (c !== g && logits[base + c]! > other) other = logits[base + c]!;
      out[i]! += logits[base + g]! - other;
    }
  }
  for (let i = 0; i < n; i++) out[i]! /= epochs;
  if (options.thresholdClass === undefined) return { aum: out };
  const tc = options.thresholdClass;
  assertInteger(tc, "thresholdClass", { min: 0, max: k - 1 });
  const { percentile = 99 } = options;
  assertFiniteInRange(percentile, "percentile", { min: 0, max: 100 });
  const thresholdSamples = new Uint8Array(n);
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    if (gold[i] === tc) {
      thresholdSamples[i] = 1;
      values.push(out[i]!);
    }
  }
  if (values.length === 0) throw new RangeError(`no example is labeled with the threshold class ${tc}`);
  const sorted = Float64Array.from(values).sort();
  const threshold = percentileOfSorted(sorted, percentile);
  const cut = sorted[Math.ceil((percentile / 100) * (sorted.length - 1))]!;
  const flagged = new Uint8Array(n);
  for (let i = 0; i < n; i++) flagged[i] = out[i]! < cut ? 1 : 0;
  return { aum: out, threshold, flagged, thresholdSamples };
}

/**
 * Picks ⌊N/(K+1)⌋ examples uniformly at random (seeded) and relabels them to the fake class K for the threshold-
 * sample run of AUM (Pleiss et al. 2020, §3.2). Train with K+1 outputs on the returned labels, record the
 * dynamics, then call `aum(dynamics, { thresholdClass: K })`.
 */
export function assignThresholdSamples(
  labels: Int32Array,
  options: { classes?: number; count?: number; seed?: number } = {},
): { labels: Int32Array; thresholdSamples: Uint8Array; thresholdClass: number } {
  let max = 0;
  for (const l of labels) max = Math.max(max, l);
  const k = options.classes ?? max + 1;
  const n = labels.length;
  const count = options.count ?? Math.floor(n / (k + 1));
  assertInteger(count, "count", { min: 0, max: n });
  const rng = createRng(options.seed ?? 0);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  // partial Fisher–Yates: the first `count` positions are a uniform sample
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const out = Int32Array.from(labels);
  const thresholdSamples = new Uint8Array(n);
  for (let i = 0; i < count; i++) {
    out[order[i]!] = k;
    thresholdSamples[order[i]!] = 1;
  }
  return { labels: out, thresholdSamples, thresholdClass: k };
}
