import { assertCodes } from "../errors/assert.js";
import type { Matrix } from "../linalg/matrix.js";
import { checkTransition } from "../models/losses/forwardCorrectedLoss.js";
import { createRng, type Seed } from "../random/rng.js";
import { symmetricTransition } from "./symmetricTransition.js";

/** Options for `flipLabels`: the noise as a rate (symmetric) or a transition matrix. */
export interface FlipLabelsOptions {
  /** Symmetric noise at this rate (see `symmetricTransition`). Ignored when `transition` is given. Default 0.2. */
  rate?: number;
  /** T[i][j] = P(observed j | true i), rows summing to 1. */
  transition?: Matrix;
  /** Number of classes K. Default: the largest label + 1 (at least 2). */
  classes?: number;
  /** Default 0. */
  seed?: Seed;
}

/** Noisy labels and which rows changed. */
export interface FlipLabelsResult {
  labels: Int32Array;
  /** 1 where the noisy label differs from the clean one. */
  flipped: Uint8Array;
  /** Number of changed labels. */
  flips: number;
  /** The transition matrix the labels were drawn from. */
  transition: Matrix;
}

/**
 * Synthetic class-conditional label noise: each label y_i is replaced by a draw from row y_i of the transition
 * matrix, independently and seeded (the protocol of Patrini et al. 2017 and Han et al. 2018). The realised flip
 * share varies around its expectation Σ_i (1 − T[y_i][y_i]) / n. O(n · K).
 */
export function flipLabels(labels: Int32Array, options: FlipLabelsOptions = {}): FlipLabelsResult {
  const { rate = 0.2, seed = 0 } = options;
  let maxLabel = 1;
  for (const l of labels) if (l > maxLabel) maxLabel = l;
  const k = options.classes ?? options.transition?.rows ?? maxLabel + 1;
  assertCodes(labels, k, "labels");
  const transition = options.transition
    ? checkTransition(options.transition, { classes: k, observable: false })
    : symmetricTransition(k, rate);
  const rng = createRng(seed);
  const out = new Int32Array(labels.length);
  const flipped = new Uint8Array(labels.length);
  let flips = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    out[i] = rng.categorical(transition.data.subarray(y * k, (y + 1) * k));
    if (out[i] !== y) {
      flipped[i] = 1;
      flips++;
    }
  }
  return { labels: out, flipped, flips, transition };
}
