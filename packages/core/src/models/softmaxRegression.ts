import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { type Features, selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng, type Seed } from "../random/rng.js";
import { Adam } from "./adam.js";
import { addTransposedTimes, timesTransposed } from "./kernels.js";
import { lbfgs } from "./lbfgs.js";
import { createLoss } from "./losses/createLoss.js";
import type { LossFunction, LossSpec } from "./losses/types.js";
import {
  checkTrainingInput,
  checkWidth,
  type EpochHook,
  softmaxCrossEntropy,
  totalWeight,
} from "./shared.js";

/** A fitted multinomial logistic regression: logits = W·x + b. */
export interface SoftmaxModel {
  readonly kind: "softmax";
  readonly classes: number;
  readonly features: number;
  /** classes × features, row-major (scikit-learn's `coef_` layout). */
  readonly weights: Float64Array;
  /** One intercept per class (centred to sum to 0, as scikit-learn's lbfgs leaves them). */
  readonly bias: Float64Array;
}

/** Options for `softmaxRegression`. */
export interface SoftmaxRegressionOptions {
  /** Number of classes K (labels are codes in [0, K)). Default: the largest label + 1. */
  classes?: number;
  /** Inverse L2 strength, scikit-learn's C: the objective is Σ_i w_i·CE_i + ‖W‖²/(2C). Default 1. */
  C?: number;
  /** Fit an (unpenalised) intercept per class. Default true. */
  fitIntercept?: boolean;
  /** Per-row weights w_i ≥ 0. Default: all 1. */
  sampleWeight?: Float64Array;
  /**
   * "lbfgs" (full-batch L-BFGS: exact, matches scikit-learn), "minibatch" (Adam over shuffled minibatches: for
   * large data), or "auto" (lbfgs up to 20M feature values, minibatch beyond). Default "auto".
   */
  solver?: "auto" | "lbfgs" | "minibatch";
  /** lbfgs: iteration cap. Default 1000. */
  maxIterations?: number;
  /**
   * lbfgs: stop when the largest gradient entry of the objective divided by Σw is at most this. minibatch: stop
   * when the epoch loss improves by less than this (relative) twice in a row. Default 1e-6 (lbfgs), 1e-4
   * (minibatch); 0 runs every epoch.
   */
  tolerance?: number;
  /** minibatch: number of passes over the data. Default 30. */
  epochs?: number;
  /** minibatch: rows per step. Default 256. */
  batchSize?: number;
  /** minibatch: Adam's step size. Default 0.01. */
  learningRate?: number;
  /** minibatch: seed for the shuffles. Default 0. */
  seed?: Seed;
  /** minibatch: called at the end of every epoch (training dynamics, progress, cancellation). */
  onEpoch?: EpochHook;
  /** lbfgs: checked after every iteration; returning true stops early (cancellation). */
  shouldStop?: () => boolean;
  /**
   * The training loss in place of cross-entropy (see `losses/`): a spec (`{kind: "gce", q: 0.7}`, …) or a
   * `LossFunction`. Non-convex losses (GCE, MAE, SCE with β > 0, forward correction in general) give a stationary
   * point reached from the zero start under lbfgs. Noisy label annealing needs the minibatch solver. Default
   * cross-entropy.
   */
  loss?: LossSpec | LossFunction;
}

/** Result of `softmaxRegression`. */
export interface SoftmaxRegressionResult {
  model: SoftmaxModel;
  solver: "lbfgs" | "minibatch";
  /** lbfgs iterations, or minibatch epochs run. */
  iterations: number;
  converged: boolean;
  /** Objective trace (divided by Σw): after each lbfgs iteration, or each epoch's mean minibatch loss. */
  objective: number[];
}

/** Logits (rows × classes) of a softmax model: X·Wᵀ + b. O(rows · features · classes), O(nnz · classes) sparse. */
export function softmaxLogits(model: SoftmaxModel, x: Features): Matrix {
  checkWidth(x, model.features);
  const out = timesTransposed(x, { rows: model.classes, cols: model.features, data: model.weights });
  const k = model.classes;
  for (let i = 0; i < out.rows; i++) for (let c = 0; c < k; c++) out.data[i * k + c]! += model.bias[c]!;
  return out;
}

/**
 * Multinomial (softmax) logistic regression with an L2 penalty on the weights, not on the intercepts, minimising
 * Σ_i w_i · (−log softmax(W·x_i + b)[y_i]) + ‖W‖² / (2C): the objective of scikit-learn's
 * `LogisticRegression(multi_class="multinomial", solver="lbfgs")` (Cox 1958 for the model; L-BFGS after Liu &
 * Nocedal 1989). The lbfgs solver starts at zero, which keeps the weights and intercepts of the K classes summing
 * to zero (the penalty identifies W, and this choice identifies b, as in scikit-learn). Each lbfgs iteration costs
 * O(nnz · K); the minibatch solver O(nnz · K) per epoch.
 */
export function softmaxRegression(
  x: Features,
  y: Int32Array,
  options: SoftmaxRegressionOptions = {},
): SoftmaxRegressionResult {
  const k = checkTrainingInput(x, y, options);
  const { C = 1, fitIntercept = true, sampleWeight, solver = "auto" } = options;
  assertFiniteInRange(C, "C", { min: Number.MIN_VALUE });
  const nnz = "indptr" in x ? x.data.length : x.rows * x.cols;
  const chosen = solver === "auto" ? (nnz <= 20_000_000 ? "lbfgs" : "minibatch") : solver;
  const loss = options.loss === undefined ? softmaxCrossEntropy : createLoss(options.loss, k);
  const problem = { x, y, k, C, fitIntercept, sampleWeight, loss };
  return chosen === "lbfgs" ? fitLbfgs(problem, options) : fitMinibatch(problem, options);
}

interface Problem {
  x: Features;
  y: Int32Array;
  k: number;
  C: number;
  fitIntercept: boolean;
  sampleWeight: Float64Array | undefined;
  loss: LossFunction;
}

function fitLbfgs(p: Problem, options: SoftmaxRegressionOptions): SoftmaxRegressionResult {
  const { x, y, k, C, fitIntercept, sampleWeight, loss } = p;
  const { maxIterations = 1000, tolerance = 1e-6, shouldStop } = options;
  const d = x.cols;
  const nw = d * k;
  const sw = totalWeight(y.length, sampleWeight);
  if (!(sw > 0)) throw new RangeError("sampleWeight must not be all zero");
  const logits = new Float64Array(x.rows * k);
  const gradLogits = new Float64Array(x.rows * k);
  // Parameters: W (k × d, row-major) then b (k). The objective is divided by Σw so tolerances do not scale with n.
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const w = theta.subarray(0, nw);
    const lg = timesTransposed(x, { rows: k, cols: d, data: w }, logits);
    if (fitIntercept) {
      for (let i = 0; i < x.rows; i++) for (let c = 0; c < k; c++) logits[i * k + c]! += theta[nw + c]!;
    }
    let f = loss(lg, y, { weight: sampleWeight, grad: gradLogits });
    grad.fill(0);
    const gw = grad.subarray(0, nw);
    addTransposedTimes({ rows: x.rows, cols: k, data: gradLogits }, x, gw);
    let penalty = 0;
    for (let j = 0; j < nw; j++) {
      penalty += w[j]! * w[j]!;
      gw[j]! += w[j]! / C;
    }
    f += penalty / (2 * C);
    if (fitIntercept) {
      for (let i = 0; i < x.rows; i++) for (let c = 0; c < k; c++) grad[nw + c]! += gradLogits[i * k + c]!;
    }
    for (let j = 0; j < grad.length; j++) grad[j]! /= sw;
    return f / sw;
  };
  const res = lbfgs(objective, new Float64Array(nw + (fitIntercept ? k : 0)), {
    maxIterations,
    tolerance,
    ...(shouldStop ? { onIteration: () => shouldStop() } : {}),
  });
  const weights = res.x.slice(0, nw);
  const bias = fitIntercept ? res.x.slice(nw) : new Float64Array(k);
  centre(bias);
  return {
    model: { kind: "softmax", classes: k, features: d, weights, bias },
    solver: "lbfgs",
    iterations: res.iterations,
    converged: res.converged,
    objective: res.objective,
  };
}

/** A centred copy. */
function centred(b: Float64Array): Float64Array {
  const out = b.slice();
  centre(out);
  return out;
}

/** Subtracts the mean (softmax is unchanged by a shift shared by all classes). */
function centre(b: Float64Array): void {
  let m = 0;
  for (const v of b) m += v;
  m /= b.length;
  for (let c = 0; c < b.length; c++) b[c]! -= m;
}

function fitMinibatch(p: Problem, options: SoftmaxRegressionOptions): SoftmaxRegressionResult {
  const { x, y, k, C, fitIntercept, sampleWeight, loss: lossFn } = p;
  const { epochs = 30, batchSize = 256, learningRate = 0.01, tolerance = 1e-4, seed = 0, onEpoch } = options;
  assertInteger(epochs, "epochs", { min: 1 });
  assertInteger(batchSize, "batchSize", { min: 1 });
  const n = x.rows;
  const d = x.cols;
  const sw = totalWeight(n, sampleWeight);
  if (!(sw > 0)) throw new RangeError("sampleWeight must not be all zero");
  const weights = new Float64Array(k * d);
  const bias = new Float64Array(k);
  const gw = new Float64Array(k * d);
  const gb = new Float64Array(k);
  const adam = new Adam(fitIntercept ? [weights, bias] : [weights], { learningRate });
  const rng = createRng(seed);
  const model: SoftmaxModel = { kind: "softmax", classes: k, features: d, weights, bias };
  const objective: number[] = [];
  let calm = 0;
  let epoch = 0;
  let converged = false;
  const batchWeight = new Float64Array(batchSize);
  while (epoch < epochs) {
    const order = rng.permutation(n);
    let epochLoss = 0;
    for (let start = 0; start < n; start += batchSize) {
      const rows = order.subarray(start, Math.min(n, start + batchSize));
      const xb = selectRows(x, rows);
      const yb = new Int32Array(rows.length);
      for (let t = 0; t < rows.length; t++) {
        yb[t] = y[rows[t]!]!;
        batchWeight[t] = sampleWeight ? sampleWeight[rows[t]!]! : 1;
      }
      const lg = softmaxLogits(model, xb);
      const grad = new Float64Array(rows.length * k);
      // Scaled so the expected batch loss is the full objective divided by Σw.
      const scale = n / (rows.length * sw);
      let loss = lossFn(lg, yb, {
        weight: batchWeight.subarray(0, rows.length),
        grad,
        progress: (epoch + start / n) / epochs,
      });
      gw.fill(0);
      addTransposedTimes({ rows: rows.length, cols: k, data: grad }, xb, gw);
      let penalty = 0;
      for (let j = 0; j < gw.length; j++) {
        gw[j] = gw[j]! * scale + weights[j]! / (C * sw);
        penalty += weights[j]! * weights[j]!;
      }
      loss = loss * scale + penalty / (2 * C * sw);
      gb.fill(0);
      for (let t = 0; t < rows.length; t++) for (let c = 0; c < k; c++) gb[c]! += grad[t * k + c]! * scale;
      adam.step(fitIntercept ? [gw, gb] : [gw]);
      epochLoss += loss * rows.length;
    }
    epochLoss /= n;
    const previous = objective[objective.length - 1];
    objective.push(epochLoss);
    epoch++;
    const stop = onEpoch?.({
      epoch: epoch - 1,
      loss: epochLoss,
      logits: () => softmaxLogits(model, x),
      model: () => ({ ...model, weights: weights.slice(), bias: centred(bias) }),
    });
    if (tolerance > 0 && previous !== undefined && previous - epochLoss < tolerance * Math.abs(previous))
      calm++;
    else calm = 0;
    if (calm >= 2) {
      converged = true;
      break;
    }
    if (stop) break;
  }
  centre(bias);
  return { model, solver: "minibatch", iterations: epoch, converged, objective };
}
