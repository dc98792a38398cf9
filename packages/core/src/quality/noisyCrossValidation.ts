import { assertCodes, assertInteger } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { createRng, type Rng, type Seed } from "../random/rng.js";

/**
 * Trains any model on the rows `train` (with their given labels) and returns its predicted probabilities for the
 * rows `test` (test.length × classes). How rows become features, and which learner, is the caller's business.
 */
export type FitPredict = (train: Int32Array, test: Int32Array) => Matrix<FloatArray>;

/** Options for `noisyCrossValidation`. */
export interface NoisyCrossValidationOptions {
  /** Fits on one half, predicts the other. */
  fitPredict: FitPredict;
  /** Number of classes K. Default: the largest label + 1 (at least 2). */
  classes?: number;
  /** Seed of the random halving. Default 0. */
  seed?: Seed;
}

/** Result of `noisyCrossValidation`. */
export interface NoisyCrossValidationResult {
  /** 1 where the model trained on the other half predicts the given label (the selected, probably clean rows). */
  selected: Uint8Array;
  /** Which half (0 or 1) each row was in. */
  half: Uint8Array;
  /** Out-of-half probabilities (rows × classes). */
  probs: Matrix;
  /** Out-of-half cross-entropy of the given label (large = suspicious). */
  loss: Float64Array;
  /** Share of rows selected (the out-of-half accuracy against the given labels). */
  agreement: number;
  /** Noise rate implied by `agreement` under symmetric noise (see `symmetricNoiseFromAgreement`). */
  estimatedNoise: number;
}

/**
 * Noisy cross-validation (Chen, Liao, Chen & Zhang 2019, "Understanding and Utilizing Deep Neural Networks Trained
 * with Noisy Labels", Algorithm 1): split the rows at random into two halves, train on each half and keep the rows
 * of the other half whose prediction equals their given label. Under symmetric noise a model trained on noisy
 * labels predicts the clean label of held-out rows, so the kept set is much cleaner than the data (their Theorem
 * 1). Costs two fits.
 */
export function noisyCrossValidation(
  labels: Int32Array,
  options: NoisyCrossValidationOptions,
): NoisyCrossValidationResult {
  const k = classCount(labels, options.classes);
  const n = labels.length;
  if (n < 2) throw new RangeError(`noisy cross-validation needs at least 2 rows (got ${n})`);
  const rng = createRng(options.seed ?? 0);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const [a, b] = halve(all, rng);
  const probs = new Float64Array(n * k);
  const loss = new Float64Array(n);
  const selected = new Uint8Array(n);
  const half = new Uint8Array(n);
  for (const i of b) half[i] = 1;
  const p = { labels, classes: k, fitPredict: options.fitPredict };
  let agree = 0;
  for (const [train, test] of [
    [a, b],
    [b, a],
  ] as const) {
    const h = heldOut(p, train, test);
    test.forEach((i, t) => {
      probs.set(h.probs.subarray(t * k, (t + 1) * k), i * k);
      loss[i] = h.loss[t]!;
      selected[i] = h.correct[t]!;
      agree += h.correct[t]!;
    });
  }
  const agreement = agree / n;
  return {
    selected,
    half,
    probs: { rows: n, cols: k, data: probs },
    loss,
    agreement,
    estimatedNoise: symmetricNoiseFromAgreement(agreement, k),
  };
}

/**
 * The symmetric noise rate ε that makes a perfect classifier of the clean labels agree with the noisy labels of
 * held-out rows at rate `agreement`: (1 − ε)² + ε²/(K − 1) = agreement (Chen et al. 2019, §3, the test accuracy of
 * Theorem 1 with the model's predictions distributed as the noisy labels). The smaller root, in [0, (K − 1)/K];
 * agreement at or below 1/K gives (K − 1)/K, agreement 1 gives 0.
 */
export function symmetricNoiseFromAgreement(agreement: number, classes: number): number {
  assertInteger(classes, "classes", { min: 2 });
  const q = (classes - 1) / classes;
  const disc = 1 - (1 - Math.min(1, Math.max(0, agreement))) / q;
  return disc <= 0 ? q : q * (1 - Math.sqrt(disc));
}

/** K from the option or the labels (at least 2), checking the labels are codes below it. */
export function classCount(labels: Int32Array, classes?: number): number {
  let max = 1;
  for (const l of labels) if (l > max) max = l;
  const k = classes ?? max + 1;
  assertInteger(k, "classes", { min: 2 });
  assertCodes(labels, k, "labels");
  return k;
}

/** A random split of `rows` into two halves (the first gets ⌊n/2⌋), each sorted. */
export function halve(rows: Int32Array, rng: Rng): [Int32Array, Int32Array] {
  const order = rng.permutation(rows.length);
  const m = Math.floor(rows.length / 2);
  const a = Int32Array.from(order.subarray(0, m), (t) => rows[t]!).sort();
  const b = Int32Array.from(order.subarray(m), (t) => rows[t]!).sort();
  return [a, b];
}

/** Fits on `train`, predicts `test`: probabilities, given-label cross-entropy and whether the argmax is right. */
export function heldOut(
  p: { labels: Int32Array; classes: number; fitPredict: FitPredict },
  train: Int32Array,
  test: Int32Array,
): { probs: FloatArray; loss: Float64Array; correct: Uint8Array } {
  const { labels, classes: k } = p;
  const m = p.fitPredict(train, test);
  if (m.rows !== test.length || m.cols !== k)
    throw new RangeError(
      `fitPredict must return ${test.length} × ${k} probabilities (got ${m.rows} × ${m.cols})`,
    );
  const loss = new Float64Array(test.length);
  const correct = new Uint8Array(test.length);
  for (let t = 0; t < test.length; t++) {
    const y = labels[test[t]!]!;
    let best = 0;
    for (let c = 1; c < k; c++) if (m.data[t * k + c]! > m.data[t * k + best]!) best = c;
    correct[t] = best === y ? 1 : 0;
    loss[t] = -Math.log(Math.max(m.data[t * k + y]!, 1e-300));
  }
  return { probs: m.data, loss, correct };
}
