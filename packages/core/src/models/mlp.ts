import { assertFiniteInRange } from "../errors/assert.js";
import { type Features, selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng, type Rng, type Seed } from "../random/rng.js";
import { createLoss, validationLoss } from "./losses/createLoss.js";
import type { LossFunction, LossSpec } from "./losses/types.js";
import {
  applyLayer,
  backwardHidden,
  backwardInput,
  checkNetworkOptions,
  type DenseLayer,
  forwardHidden,
  initLayers,
  layerGradients,
  trainEpochs,
} from "./network.js";
import {
  checkTrainingInput,
  checkWidth,
  type EpochHook,
  pickRows,
  softmaxCrossEntropy,
  totalWeight,
} from "./shared.js";
import { stratifiedSplit } from "./stratifiedKFold.js";

/** A fitted multilayer perceptron: ReLU hidden layers, then a softmax output layer. */
export interface MlpModel {
  readonly kind: "mlp";
  readonly classes: number;
  readonly features: number;
  /** Hidden layers, then the output layer (classes outputs). */
  readonly layers: readonly DenseLayer[];
  /** Dropout probability used in training (and by MC-dropout prediction). */
  readonly dropout: number;
}

/** Options for `mlp`. */
export interface MlpOptions {
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /** Sizes of the hidden layers (one or two). Default [100]. */
  hidden?: readonly number[];
  /** Probability of zeroing each hidden unit during training (inverted dropout). Default 0.1. */
  dropout?: number;
  /** L2 penalty λ on the weights (not the biases): the objective adds (λ/2)·‖W‖². Default 1e-4. */
  weightDecay?: number;
  /** Adam's step size. Default 0.001. */
  learningRate?: number;
  /** Maximum number of passes over the training rows. Default 100. */
  epochs?: number;
  /** Rows per step. Default 64. */
  batchSize?: number;
  /**
   * Hold out a stratified `validationFraction` of the rows, stop when their loss has not improved for `patience`
   * epochs and keep the best epoch's weights. Ignored (no hold-out) when it would hold out no row. Default true.
   */
  earlyStopping?: boolean;
  /** Share of rows held out for early stopping. Default 0.1. */
  validationFraction?: number;
  /** Epochs without improvement of the validation loss before stopping. Default 10. */
  patience?: number;
  /** Per-row weights. Default: all 1. */
  sampleWeight?: Float64Array;
  /** Seed for the initial weights, the validation split, the shuffles and dropout. Default 0. */
  seed?: Seed;
  /** Called at the end of every epoch (training dynamics, progress, cancellation). */
  onEpoch?: EpochHook;
  /**
   * The training loss in place of cross-entropy (see `losses/`): a spec or a `LossFunction`. The held-out rows of
   * early stopping are scored with the same loss (noisy label annealing: with its base loss). Default
   * cross-entropy.
   */
  loss?: LossSpec | LossFunction;
}

/** Result of `mlp`. */
export interface MlpResult {
  model: MlpModel;
  /** Epochs run. */
  iterations: number;
  /** True when early stopping ended training (the validation loss stopped improving). */
  converged: boolean;
  /** Mean training loss (with penalty) per epoch. */
  objective: number[];
  /** Validation loss per epoch (empty without early stopping). */
  validationLoss: number[];
  /** The epoch whose weights were kept (the last one without early stopping). */
  bestEpoch: number;
  /** 1 for rows held out for early stopping (not trained on). */
  heldOut: Uint8Array;
}

/** Logits (rows × classes) with dropout off; with `rng`, one stochastic pass with dropout on (MC dropout). */
export function mlpLogits(model: MlpModel, x: Features, rng?: Rng): Matrix {
  checkWidth(x, model.features);
  const hidden = model.layers.slice(0, -1);
  const cache = forwardHidden(hidden, x, { dropout: model.dropout, rng });
  const last = cache.outputs[cache.outputs.length - 1] ?? x;
  return applyLayer(model.layers[model.layers.length - 1]!, last);
}

/** The last hidden layer's activations (rows × units), dropout off: the representation the output layer sees. */
export function mlpRepresentation(model: MlpModel, x: Features): Matrix {
  checkWidth(x, model.features);
  const cache = forwardHidden(model.layers.slice(0, -1), x);
  return cache.outputs[cache.outputs.length - 1]!;
}

/** What `mlpObjective` needs besides the model and the batch. */
export interface MlpObjectiveOptions {
  weightDecay: number;
  rng?: Rng | undefined;
  grads?: Float64Array[] | undefined;
  /** The loss; default softmax cross-entropy. */
  loss?: LossFunction | undefined;
  /** Receives each row's unweighted loss. */
  losses?: Float64Array | undefined;
  /** Share of training done, passed on to the loss. */
  progress?: number | undefined;
}

/**
 * The training objective on a batch, Σ_i w_i·ℓ_i / Σ_i w_i + (λ/2)·Σ‖W‖² (ℓ cross-entropy unless `loss` says
 * otherwise), and (with `grads`, one array per layer weight and bias, in layer order) its gradient, accumulated.
 * With `rng`, dropout masks are drawn from it, so a fixed seed gives a fixed mask (used by the finite-difference
 * test). A model with no hidden layer (only the output layer) is softmax regression on the features.
 */
export function mlpObjective(
  model: MlpModel,
  batch: { x: Features; y: Int32Array; weight?: Float64Array | undefined },
  opts: MlpObjectiveOptions,
): number {
  const { x, y, weight } = batch;
  const { weightDecay, rng, grads, loss: lossFn = softmaxCrossEntropy, losses, progress } = opts;
  const hidden = model.layers.slice(0, -1);
  const output = model.layers[model.layers.length - 1]!;
  const cache = forwardHidden(hidden, x, { dropout: model.dropout, rng });
  const rep = cache.outputs[cache.outputs.length - 1] ?? x;
  const logits = applyLayer(output, rep);
  const sw = totalWeight(y.length, weight);
  const gLogits = grads ? new Float64Array(logits.data.length) : undefined;
  let loss = lossFn(logits, y, { weight, grad: gLogits, losses, progress }) / sw;
  let penalty = 0;
  for (const layer of model.layers) for (const w of layer.weights) penalty += w * w;
  loss += (weightDecay / 2) * penalty;
  if (grads && gLogits) {
    for (let q = 0; q < gLogits.length; q++) gLogits[q]! /= sw;
    const gOut: Matrix = { rows: y.length, cols: model.classes, data: gLogits };
    const L = hidden.length;
    layerGradients({ input: rep, gradOut: gOut, gradWeights: grads[2 * L]!, gradBias: grads[2 * L + 1]! });
    if (L > 0) backwardHidden(hidden, cache, { gradOut: backwardInput(output, gOut), grads });
    model.layers.forEach((layer, l) => {
      const gw = grads[2 * l]!;
      for (let q = 0; q < gw.length; q++) gw[q]! += weightDecay * layer.weights[q]!;
    });
  }
  return loss;
}

/**
 * A multilayer perceptron classifier (Rumelhart, Hinton & Williams 1986): one or two ReLU hidden layers with
 * inverted dropout (Srivastava et al. 2014), a softmax output, L2 weight decay, trained by Adam (Kingma & Ba 2015)
 * on shuffled minibatches, with early stopping on a seeded stratified validation split. The dropout it was trained
 * with also gives MC-dropout predictions (Gal & Ghahramani 2016; see `mcDropout`). Each epoch costs
 * O(nnz·h₁ + n·(h₁·h₂ + h·K)).
 */
export function mlp(x: Features, y: Int32Array, options: MlpOptions = {}): MlpResult {
  const k = checkTrainingInput(x, y, options);
  const {
    hidden = [100],
    dropout = 0.1,
    weightDecay = 1e-4,
    learningRate = 0.001,
    epochs = 100,
    batchSize = 64,
    earlyStopping = true,
    validationFraction = 0.1,
    patience = 10,
    sampleWeight,
    seed = 0,
    onEpoch,
  } = options;
  checkNetworkOptions({ hidden, dropout, epochs, batchSize });
  const loss = options.loss === undefined ? undefined : createLoss(options.loss, k);
  const heldOutLoss = options.loss === undefined ? undefined : validationLoss(options.loss, k);
  assertFiniteInRange(weightDecay, "weightDecay", { min: 0 });
  const rng = createRng(seed);
  const layers = initLayers(rng, [x.cols, ...hidden, k]);
  const model: MlpModel = { kind: "mlp", classes: k, features: x.cols, layers, dropout };

  let heldOut: Uint8Array = new Uint8Array(y.length);
  if (earlyStopping) heldOut = stratifiedSplit(y, { fraction: validationFraction, seed: rng.uint32() });
  let nValid = 0;
  for (const h of heldOut) nValid += h;
  if (nValid === y.length) {
    // Nothing left to train on: train on everything, without early stopping.
    heldOut.fill(0);
    nValid = 0;
  }
  const trainRows = new Int32Array(y.length - nValid);
  const validRows = new Int32Array(nValid);
  for (let i = 0, a = 0, b = 0; i < y.length; i++) {
    if (heldOut[i]) validRows[b++] = i;
    else trainRows[a++] = i;
  }
  const validation =
    nValid > 0
      ? {
          x: selectRows(x, validRows),
          y: pickRows(y, validRows),
          weight: sampleWeight && pickRows(sampleWeight, validRows),
        }
      : undefined;

  const loop = trainEpochs({
    params: layers.flatMap((l) => [l.weights, l.bias]),
    rows: trainRows,
    rng,
    epochs,
    batchSize,
    learningRate,
    patience,
    batchLoss: (rows, grads, progress) => {
      const batch = {
        x: selectRows(x, rows),
        y: pickRows(y, rows),
        weight: sampleWeight && pickRows(sampleWeight, rows),
      };
      return mlpObjective(model, batch, { weightDecay, rng, grads, loss, progress });
    },
    validate:
      validation &&
      (() => mlpObjective({ ...model, dropout: 0 }, validation, { weightDecay: 0, loss: heldOutLoss })),
    onEpoch,
    logits: () => mlpLogits(model, x),
    snapshot: () => ({
      ...model,
      layers: model.layers.map((l) => ({ ...l, weights: l.weights.slice(), bias: l.bias.slice() })),
    }),
  });
  return { model, ...loop, heldOut };
}
