import { assertFiniteInRange, assertSameLength } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";

/** Options for `temperatureScaling`. */
export interface TemperatureScalingOptions {
  /** Added to every probability before taking logs, so zero votes stay finite. Default 1e-3. */
  epsilon?: number;
  /** Search range for T. Default [0.05, 20]. */
  minTemperature?: number;
  /** Default 20. */
  maxTemperature?: number;
  /** Stop when the bracket on log T is narrower than this. Default 1e-6. */
  tolerance?: number;
  /** Default 200. */
  maxIterations?: number;
}

/** The fitted temperature. */
export interface TemperatureScalingResult {
  temperature: number;
  /** Mean negative log-likelihood of the labels at T = 1 and at the fitted T. */
  nllBefore: number;
  nllAfter: number;
  iterations: number;
  converged: boolean;
  /** NLL at each iteration's better end of the bracket. */
  trace: number[];
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
 * Temperature scaling (Guo, Pleiss, Sun & Weinberger 2017, "On Calibration of Modern Neural Networks", ICML §4.2):
 * one parameter T > 0 divides the logits, here log(p + ε) of given class probabilities (an LLM's label
 * probabilities or vote shares), chosen to minimise the negative log-likelihood of the known labels. The NLL is
 * convex in 1/T, so a golden-section search over log T finds it. Labels −1 are skipped. The predicted class never
 * changes; only confidences do. O(iterations · rows · cols).
 */
export function temperatureScaling(
  probs: Matrix<FloatArray>,
  labels: Int32Array,
  options: TemperatureScalingOptions = {},
): TemperatureScalingResult {
  const {
    epsilon = 1e-3,
    minTemperature = 0.05,
    maxTemperature = 20,
    tolerance = 1e-6,
    maxIterations = 200,
  } = options;
  assertSameLength({ length: probs.rows }, labels, "probability rows and labels");
  const { cols } = probs;
  const logits = new Float64Array(probs.data.length);
  for (let k = 0; k < logits.length; k++) logits[k] = Math.log(probs.data[k]! + epsilon);
  const nll = (t: number): number => {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < probs.rows; i++) {
      const y = labels[i]!;
      if (y < 0) continue;
      if (y >= cols) throw new RangeError(`labels[${i}] must be < ${cols} (got ${y})`);
      const base = i * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) max = Math.max(max, logits[base + j]! / t);
      let s = 0;
      for (let j = 0; j < cols; j++) s += Math.exp(logits[base + j]! / t - max);
      sum += max + Math.log(s) - logits[base + y]! / t;
      n++;
    }
    return n === 0 ? Number.NaN : sum / n;
  };
  const nllBefore = nll(1);
  if (Number.isNaN(nllBefore)) {
    return { temperature: 1, nllBefore, nllAfter: nllBefore, iterations: 0, converged: true, trace: [] };
  }
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(minTemperature);
  let b = Math.log(maxTemperature);
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = nll(Math.exp(c));
  let fd = nll(Math.exp(d));
  const trace: number[] = [];
  let iterations = 0;
  while (b - a > tolerance && iterations < maxIterations) {
    iterations++;
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = nll(Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = nll(Math.exp(d));
    }
    trace.push(Math.min(fc, fd));
  }
  const temperature = Math.exp((a + b) / 2);
  return {
    temperature,
    nllBefore,
    nllAfter: nll(temperature),
    iterations,
    converged: b - a <= tolerance,
    trace,
  };
}
