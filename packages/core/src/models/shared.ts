// Helpers shared by the models: input checks, numerically stable softmax cross-entropy, the epoch hook type.
import { assertCodes, assertInteger } from "../errors/assert.js";
import type { Features } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import type { MlpModel } from "./mlp.js";
import type { SoftmaxModel } from "./softmaxRegression.js";

/** What a model's `onEpoch` hook receives at the end of each epoch. */
export interface EpochInfo {
  /** 0-based epoch. */
  epoch: number;
  /** Mean training loss over the epoch's minibatches (including the penalty). */
  loss: number;
  /** Mean loss on the held-out validation rows, when there are any. */
  validationLoss?: number | undefined;
  /**
   * Logits (rows × classes) of every row given to `fit`, in input order, with the weights at the end of this
   * epoch and dropout off. Computed on demand (one forward pass), so a hook that does not call it costs nothing.
   */
  logits: () => Matrix;
  /**
   * A copy of the model at the end of this epoch (a checkpoint, e.g. for TracIn), made on demand. Given by
   * softmax regression's minibatch solver and the MLP.
   */
  model?: () => SoftmaxModel | MlpModel;
}

/** Called at the end of every epoch; returning true stops training (for example on Ctrl-C). */
export type EpochHook = (info: EpochInfo) => boolean | undefined;

/** Checks features, labels and optional weights for a fit; returns the number of classes. */
export function checkTrainingInput(
  x: Features,
  y: Int32Array,
  options: { classes?: number | undefined; sampleWeight?: Float64Array | undefined },
): number {
  if (y.length !== x.rows)
    throw new RangeError(
      `features and labels must have the same number of rows (got ${x.rows} and ${y.length})`,
    );
  if (x.rows === 0) throw new RangeError("cannot fit a model on zero rows");
  let maxLabel = -1;
  for (let i = 0; i < y.length; i++) if (y[i]! > maxLabel) maxLabel = y[i]!;
  const classes = options.classes ?? maxLabel + 1;
  assertInteger(classes, "classes", { min: 1 });
  assertCodes(y, classes, "labels");
  const w = options.sampleWeight;
  if (w) {
    if (w.length !== y.length)
      throw new RangeError(
        `sampleWeight must have one weight per row (got ${w.length} for ${y.length} rows)`,
      );
    for (let i = 0; i < w.length; i++)
      if (!(w[i]! >= 0) || !Number.isFinite(w[i]!))
        throw new RangeError(`sampleWeight[${i}] must be finite and ≥ 0 (got ${w[i]})`);
  }
  return classes;
}

/** Throws unless prediction features have the width the model was trained on. */
export function checkWidth(x: Features, expected: number): void {
  if (x.cols !== expected)
    throw new RangeError(`the model expects ${expected} features per row (got ${x.cols})`);
}

/**
 * Turns logits (rows × K, in place) into softmax probabilities and returns Σ_i w_i · (−log p_i[y_i]), the
 * weighted cross-entropy. With `grad`, also writes w_i · (p_i − onehot(y_i)) into it: the gradient of the loss with
 * respect to the logits. Stable for large logits (subtracts each row's maximum).
 */
export function softmaxCrossEntropy(
  logits: Matrix,
  y: ArrayLike<number>,
  opts: { weight?: ArrayLike<number> | undefined; grad?: Float64Array | undefined } = {},
): number {
  const { rows, cols, data } = logits;
  const { weight, grad } = opts;
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (data[base + c]! > max) max = data[base + c]!;
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(data[base + c]! - max);
    const lse = max + Math.log(sum);
    const yi = y[i]!;
    const wi = weight ? weight[i]! : 1;
    loss += wi * (lse - data[base + yi]!);
    for (let c = 0; c < cols; c++) data[base + c] = Math.exp(data[base + c]! - lse);
    if (grad) {
      for (let c = 0; c < cols; c++) grad[base + c] = wi * data[base + c]!;
      grad[base + yi]! -= wi;
    }
  }
  return loss;
}

/** Sum of weights (or the row count without weights). */
export function totalWeight(n: number, weight?: ArrayLike<number>): number {
  if (!weight) return n;
  let s = 0;
  for (let i = 0; i < weight.length; i++) s += weight[i]!;
  return s;
}

/** The entries of `values` at `rows` (labels or weights of a subset of rows). */
export function pickRows<A extends Int32Array | Float64Array>(values: A, rows: ArrayLike<number>): A {
  const out = new (values.constructor as new (n: number) => A)(rows.length);
  for (let t = 0; t < rows.length; t++) out[t] = values[rows[t]!]!;
  return out;
}
