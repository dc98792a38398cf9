// The pieces of a small feed-forward network shared by the MLP and the multi-annotator model: dense layers with
// ReLU and inverted dropout, forward and backward passes over a minibatch. All products go through kernels.ts.
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { Features } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import type { Rng } from "../random/rng.js";
import { Adam } from "./adam.js";
import { addTransposedTimes, times, timesTransposed } from "./kernels.js";
import type { EpochHook, EpochInfo } from "./shared.js";

/** One dense layer: outputs = inputs · Wᵀ + b, W stored outputs × inputs (row-major). */
export interface DenseLayer {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

/**
 * A layer with weights drawn from N(0, gain / inputs): gain 2 for ReLU layers (He et al. 2015), 1 for the output
 * layer (LeCun initialisation); biases 0.
 */
export function initLayer(rng: Rng, shape: { inputs: number; outputs: number; gain: number }): DenseLayer {
  const { inputs, outputs, gain } = shape;
  const sd = Math.sqrt(gain / Math.max(1, inputs));
  const weights = new Float64Array(inputs * outputs);
  for (let i = 0; i < weights.length; i++) weights[i] = rng.normal(0, sd);
  return { inputs, outputs, weights, bias: new Float64Array(outputs) };
}

/** Layers of the given sizes (inputs, hidden…, outputs): He initialisation for the hidden layers, LeCun for the last. */
export function initLayers(rng: Rng, sizes: readonly number[]): DenseLayer[] {
  const layers: DenseLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++)
    layers.push(
      initLayer(rng, { inputs: sizes[l]!, outputs: sizes[l + 1]!, gain: l + 2 < sizes.length ? 2 : 1 }),
    );
  return layers;
}

/** outputs = x · Wᵀ + b for a batch. */
export function applyLayer(layer: DenseLayer, x: Features): Matrix {
  const out = timesTransposed(x, { rows: layer.outputs, cols: layer.inputs, data: layer.weights });
  const m = layer.outputs;
  for (let i = 0; i < out.rows; i++) for (let j = 0; j < m; j++) out.data[i * m + j]! += layer.bias[j]!;
  return out;
}

/** What the forward pass through the hidden layers keeps for the backward pass. */
export interface HiddenCache {
  /** Input of each hidden layer (the features, then each layer's activations). */
  inputs: Features[];
  /** Activations after ReLU and dropout of each hidden layer (the last is the representation). */
  outputs: Matrix[];
  /** Per hidden layer: the factor each unit was multiplied by (0 or 1/(1 − p) with dropout, 1 or 0 from ReLU). */
  factors: Float64Array[];
}

/**
 * Forward pass through ReLU hidden layers; with `rng` and dropout > 0, inverted dropout (Srivastava et al. 2014)
 * zeroes each unit with probability `dropout` and scales the kept ones by 1/(1 − dropout).
 */
export function forwardHidden(
  layers: readonly DenseLayer[],
  x: Features,
  opts: { dropout?: number; rng?: Rng | undefined } = {},
): HiddenCache {
  const { dropout = 0, rng } = opts;
  const keepScale = 1 / (1 - dropout);
  const cache: HiddenCache = { inputs: [], outputs: [], factors: [] };
  let input: Features = x;
  for (const layer of layers) {
    const z = applyLayer(layer, input);
    const factor = new Float64Array(z.data.length);
    for (let p = 0; p < z.data.length; p++) {
      let f = z.data[p]! > 0 ? 1 : 0;
      if (rng && dropout > 0) f = rng.float() < dropout ? 0 : f * keepScale;
      factor[p] = f;
      z.data[p]! *= f;
    }
    cache.inputs.push(input);
    cache.outputs.push(z);
    cache.factors.push(factor);
    input = z;
  }
  return cache;
}

/**
 * Backward pass: given the gradient of the loss with respect to the last hidden representation, accumulates each
 * hidden layer's weight and bias gradients into `grads` (same order as `layers`; weights then bias per layer).
 */
export function backwardHidden(
  layers: readonly DenseLayer[],
  cache: HiddenCache,
  p: { gradOut: Matrix; grads: Float64Array[] },
): void {
  let g = p.gradOut;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const factor = cache.factors[l]!;
    for (let q = 0; q < g.data.length; q++) g.data[q]! *= factor[q]!;
    layerGradients({
      input: cache.inputs[l]!,
      gradOut: g,
      gradWeights: p.grads[2 * l]!,
      gradBias: p.grads[2 * l + 1]!,
    });
    if (l > 0) g = backwardInput(layer, g);
  }
}

/** Gradient with respect to a layer's inputs, given the gradient with respect to its outputs. */
export function backwardInput(layer: DenseLayer, gradOut: Matrix): Matrix {
  return times(gradOut, { rows: layer.outputs, cols: layer.inputs, data: layer.weights });
}

/** Accumulates a layer's weight and bias gradients from the gradient of its outputs. */
export function layerGradients(p: {
  input: Features;
  gradOut: Matrix;
  gradWeights: Float64Array;
  gradBias: Float64Array;
}): void {
  addTransposedTimes(p.gradOut, p.input, p.gradWeights);
  const { rows, cols, data } = p.gradOut;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) p.gradBias[j]! += data[i * cols + j]!;
}

/** Checks the settings every network model shares. */
export function checkNetworkOptions(o: {
  hidden: readonly number[];
  dropout: number;
  epochs: number;
  batchSize: number;
}): void {
  if (o.hidden.length < 1 || o.hidden.length > 2)
    throw new RangeError(`hidden must list 1 or 2 layer sizes (got ${o.hidden.length})`);
  for (const h of o.hidden) assertInteger(h, "hidden layer size", { min: 1 });
  assertFiniteInRange(o.dropout, "dropout", { min: 0, max: 0.95 });
  assertInteger(o.epochs, "epochs", { min: 1 });
  assertInteger(o.batchSize, "batchSize", { min: 1 });
}

/**
 * Early stopping on a held-out loss: remembers the parameters of the best epoch, counts epochs without
 * improvement, and puts the best parameters back at the end.
 */
export class EarlyStopping {
  private bestLoss = Infinity;
  private best: Float64Array[];
  private stale = 0;
  /** 0-based epoch of the best loss so far (−1 before any). */
  bestEpoch = -1;

  constructor(
    private readonly params: readonly Float64Array[],
    private readonly patience: number,
  ) {
    assertInteger(patience, "patience", { min: 1 });
    this.best = params.map((p) => p.slice());
  }

  /** Records an epoch's held-out loss; true when training should stop. */
  update(epoch: number, loss: number): boolean {
    if (loss < this.bestLoss - 1e-10) {
      this.bestLoss = loss;
      this.bestEpoch = epoch;
      this.best = this.params.map((p) => p.slice());
      this.stale = 0;
    } else this.stale++;
    return this.stale >= this.patience;
  }

  /** Copies the best epoch's parameters back (if any epoch was recorded). */
  restore(): void {
    if (this.bestEpoch < 0) return;
    for (const [q, p] of this.params.entries()) p.set(this.best[q]!);
  }
}

/** What `trainEpochs` needs: the parameters, the training rows and how to score a batch or the held-out rows. */
export interface EpochLoop {
  params: Float64Array[];
  /** Training rows (indices into whatever `batchLoss` reads); shuffled in place every epoch. */
  rows: Int32Array;
  rng: Rng;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  /**
   * Mean loss of a batch, with its gradient added into `grads` (zeroed before each call). `progress` is the share of
   * training done, (epoch + rows seen / rows) / epochs, for losses with a schedule.
   */
  batchLoss: (rows: Int32Array, grads: Float64Array[], progress: number) => number;
  /** Held-out loss (dropout off), or undefined without a hold-out. */
  validate?: (() => number) | undefined;
  onEpoch?: EpochHook | undefined;
  /** Every row's logits, for the epoch hook. */
  logits: () => Matrix;
  /** A copy of the model, for the epoch hook. */
  snapshot?: EpochInfo["model"];
}

/** What `trainEpochs` reports. */
export interface EpochLoopResult {
  iterations: number;
  /** True when early stopping ended training. */
  converged: boolean;
  objective: number[];
  validationLoss: number[];
  /** Epoch whose parameters were kept. */
  bestEpoch: number;
}

/**
 * Minibatch training with Adam: shuffle, step through batches, score the hold-out, call the hook, stop early when
 * the held-out loss stops improving for `patience` epochs (keeping the best epoch's parameters). O(epochs × data).
 */
export function trainEpochs(loop: EpochLoop): EpochLoopResult {
  const {
    params,
    rows,
    rng,
    epochs,
    batchSize,
    learningRate,
    patience,
    batchLoss,
    validate,
    onEpoch,
    logits,
    snapshot,
  } = loop;
  const grads = params.map((p) => new Float64Array(p.length));
  const adam = new Adam(params, { learningRate });
  const stopping = new EarlyStopping(params, patience);
  const objective: number[] = [];
  const validationLoss: number[] = [];
  let converged = false;
  let epoch = 0;
  while (epoch < epochs) {
    rng.shuffle(rows);
    let total = 0;
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = rows.subarray(start, Math.min(rows.length, start + batchSize));
      for (const g of grads) g.fill(0);
      total += batchLoss(batch, grads, (epoch + start / rows.length) / epochs) * batch.length;
      adam.step(grads);
    }
    objective.push(total / Math.max(1, rows.length));
    const vLoss = validate?.();
    let patienceOut = false;
    if (vLoss !== undefined) {
      validationLoss.push(vLoss);
      patienceOut = stopping.update(epoch, vLoss);
    }
    epoch++;
    const stop = onEpoch?.({
      epoch: epoch - 1,
      loss: objective[objective.length - 1]!,
      validationLoss: vLoss,
      logits,
      ...(snapshot ? { model: snapshot } : {}),
    });
    if (patienceOut) {
      converged = true;
      break;
    }
    if (stop) break;
  }
  stopping.restore();
  return {
    iterations: epoch,
    converged,
    objective,
    validationLoss,
    bestEpoch: stopping.bestEpoch >= 0 ? stopping.bestEpoch : epoch - 1,
  };
}
