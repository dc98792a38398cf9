import type { Matrix } from "../../linalg/matrix.js";

/** What a loss is told besides the logits and the labels. */
export interface LossOptions {
  /** Per-row weights w_i ≥ 0. Default: all 1. */
  weight?: ArrayLike<number> | undefined;
  /** When given (rows × K), receives w_i · ∂ℓ_i/∂z_i, the gradient with respect to the logits. */
  grad?: Float64Array | undefined;
  /** When given (one entry per row), receives each row's unweighted loss ℓ_i (co-teaching ranks rows by it). */
  losses?: Float64Array | undefined;
  /**
   * Share of training done, in [0, 1]: minibatch trainers pass (epoch + rows seen / rows) / epochs. Schedules such
   * as noisy label annealing need it; full-batch L-BFGS leaves it undefined.
   */
  progress?: number | undefined;
}

/**
 * A classification loss on logits z (rows × K) and integer labels: returns Σ_i w_i · ℓ(z_i, y_i) and, like
 * `softmaxCrossEntropy`, overwrites `logits` with the softmax probabilities.
 */
export type LossFunction = (logits: Matrix, y: ArrayLike<number>, options?: LossOptions) => number;

/** A loss described as data (what the CLI builds and model files record). Defaults are those of each loss. */
export type LossSpec =
  | { kind: "ce" }
  | { kind: "gce"; q?: number }
  | { kind: "mae" }
  | { kind: "sce"; alpha?: number; beta?: number; logZero?: number }
  | { kind: "forward"; transition: readonly (readonly number[])[] }
  | { kind: "smoothing"; epsilon?: number }
  | { kind: "nla"; base?: LossSpec; start?: number; end?: number };

/** The kinds of `LossSpec`. */
export const LOSS_KINDS = ["ce", "gce", "mae", "sce", "forward", "smoothing", "nla"] as const;
