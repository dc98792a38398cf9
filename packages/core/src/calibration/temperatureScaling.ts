import { assertFiniteInRange } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { lbfgs } from "../models/lbfgs.js";

/** Options for `temperatureScaling`. */
export interface TemperatureScalingOptions {
  /** Iteration cap of the 1-D optimisation. Default 100. */
  maxIterations?: number;
  /** Stop when |d NLL / d log T| is at most this. Default 1e-10. */
  tolerance?: number;
}

/** Result of `temperatureScaling`. */
export interface TemperatureScalingResult {
  /** T > 0: calibrated probabilities are softmax(logits / T). T > 1 softens over-confident models. */
  temperature: number;
  /** Mean negative log-likelihood of the known labels at T = 1 and at the fitted T (NaN without known labels). */
  before: number;
  after: number;
  iterations: number;
  converged: boolean;
  /** Mean NLL after each iteration. */
  objective: number[];
}

/**
 * Temperature scaling (Guo et al. 2017, "On calibration of modern neural networks", §4.2): the single T > 0 that
 * minimises the mean negative log-likelihood of held-out labels under softmax(logits / T). Fit it on held-out or
 * out-of-fold logits, never on the training rows. Rows labelled −1 are skipped; with no known label T = 1. The NLL
 * is convex in 1/T; solved by L-BFGS over log T. O(n·K) per step.
 */
export function temperatureScaling(
  logits: Matrix<FloatArray>,
  y: Int32Array,
  options: TemperatureScalingOptions = {},
): TemperatureScalingResult {
  const { rows, cols: k, data } = logits;
  if (y.length !== rows)
    throw new RangeError(`labels and logits must have the same number of rows (got ${y.length} and ${rows})`);
  const known: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (y[i] === -1) continue;
    if (!(y[i]! >= 0 && y[i]! < k))
      throw new RangeError(`labels[${i}] must be an integer code in [0, ${k}) or −1 (got ${y[i]})`);
    known.push(i);
  }
  const n = known.length;
  if (n === 0)
    return {
      temperature: 1,
      before: Number.NaN,
      after: Number.NaN,
      iterations: 0,
      converged: true,
      objective: [],
    };
  const { maxIterations = 100, tolerance = 1e-10 } = options;
  // f(s) = mean_i [lse(s·z_i) − s·z_iy] with s = 1/T = e^u; df/du = s · mean_i [Σ_c p_ic z_ic − z_iy].
  const nll = (s: number, wantGrad: boolean): { f: number; g: number } => {
    let f = 0;
    let g = 0;
    for (const i of known) {
      const base = i * k;
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (data[base + c]! > max) max = data[base + c]!;
      if (max === -Infinity) continue;
      let sum = 0;
      let weighted = 0;
      for (let c = 0; c < k; c++) {
        const z = data[base + c]!;
        if (z === -Infinity) continue;
        const e = Math.exp(s * (z - max));
        sum += e;
        weighted += e * z;
      }
      const zy = data[base + y[i]!]!;
      f += s * max + Math.log(sum) - s * zy;
      if (wantGrad) g += weighted / sum - zy;
    }
    return { f: f / n, g: (s * g) / n };
  };
  const before = nll(1, false).f;
  const res = lbfgs(
    (u, grad) => {
      const r = nll(Math.exp(u[0]!), true);
      grad[0] = r.g;
      return r.f;
    },
    [0],
    { maxIterations, tolerance },
  );
  const temperature = Math.exp(-res.x[0]!);
  return {
    temperature,
    before,
    after: res.value,
    iterations: res.iterations,
    converged: res.converged,
    objective: res.objective,
  };
}

/** Softmax(log(p + ε) / T) of each row: p^(1/T), renormalised. A new matrix. O(rows · cols). */
export function applyTemperature(probs: Matrix<FloatArray>, temperature: number, epsilon = 1e-3): Matrix {
  assertFiniteInRange(temperature, "temperature", { min: Number.MIN_VALUE });
  const { rows, cols } = probs;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) {
      const z = Math.log(probs.data[base + j]! + epsilon) / temperature;
      data[base + j] = z;
      if (z > max) max = z;
    }
    let s = 0;
    for (let j = 0; j < cols; j++) {
      data[base + j] = Math.exp(data[base + j]! - max);
      s += data[base + j]!;
    }
    for (let j = 0; j < cols; j++) data[base + j]! /= s;
  }
  return { rows, cols, data };
}

/**
 * Temperature scaling for class probabilities instead of logits (an LLM's label probabilities, vote shares): the
 * logits are log(p + ε), so zero probabilities stay finite. Labels −1 are skipped. The predicted class never
 * changes; only confidences do. Apply the result with `applyTemperature(probs, T, ε)`.
 */
export function temperatureScalingOfProbabilities(
  probs: Matrix<FloatArray>,
  labels: Int32Array,
  options: TemperatureScalingOptions & { epsilon?: number } = {},
): TemperatureScalingResult {
  const { epsilon = 1e-3, ...rest } = options;
  const logits = new Float64Array(probs.data.length);
  for (let j = 0; j < logits.length; j++) logits[j] = Math.log(probs.data[j]! + epsilon);
  return temperatureScaling({ rows: probs.rows, cols: probs.cols, data: logits }, labels, rest);
}
