// The pieces of a small feed-forward network shared by the MLP and the multi-annotator model: dense layers with
// ReLU and inverted dropout, forward and backward passes over a minibatch. All products go through kernels.ts.
import type { Features } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import type { Rng } from "../random/rng.js";
import { addTransposedTimes, times, timesTransposed } from "./kernels.js";

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
