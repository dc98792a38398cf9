import type { Matrix } from "../linalg/matrix.js";
import { solve } from "./linearSolve.js";
import { labelCounts, pairwiseSum } from "./numeric.js";

/** How `estimateLatent` estimates the prior of true labels p(y). */
export type PriorMethod = "cnt" | "eqn" | "marginal";

/** Options for `estimateLatent`. */
export interface EstimateLatentOptions {
  /**
   * "cnt" (default): column totals of the confident joint; "eqn": solve noise·p(y) = p(s); "marginal":
   * inverse-noise · p(s).
   */
  priorMethod?: PriorMethod;
  /**
   * Iterate the three estimates until they agree algebraically (cleanlab's `converge_latent_estimates`, 3 × 5
   * fixed rounds). Default false.
   */
  converge?: boolean;
}

/** Latent estimates of confident learning. */
export interface LatentEstimates {
  /** p(true label = k), sums to 1. */
  prior: Float64Array;
  /** K×K noise matrix P(given = i | true = j); columns sum to 1. */
  noiseMatrix: Matrix;
  /** K×K inverse noise matrix P(true = i | given = j); columns sum to 1. */
  inverseNoiseMatrix: Matrix;
}

const TINY = 1e-100;
const CLIP_LOW = 1e-5;

/**
 * Prior of true labels, noise matrix and inverse noise matrix from a (calibrated) confident joint C[given][true]
 * (Northcutt, Jiang & Chuang 2021, JAIR, §3.1): noise[i][j] = C[i][j] / Σ_i C[i][j], inverse[j][i] = C[i][j] /
 * Σ_j C[i][j]; off-diagonal rates are clipped to [0, 0.9999] and columns renormalised. Follows cleanlab 2.9's
 * `estimate_latent`. O(K³) (O(K²) without `converge`) plus O(N) to count labels.
 */
export function estimateLatent(
  joint: Matrix,
  labels: Int32Array,
  options: EstimateLatentOptions = {},
): LatentEstimates {
  const { priorMethod = "cnt", converge = false } = options;
  const k = joint.rows;
  if (joint.cols !== k) throw new RangeError(`the confident joint must be square (got ${k}×${joint.cols})`);
  const counts = labelCounts(labels, k);
  const ps = counts.map((c) => c / labels.length);
  const c = joint.data;
  const rowTotals = new Float64Array(k);
  const colTotals = new Float64Array(k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      rowTotals[i]! += c[i * k + j]!;
      colTotals[j]! += c[i * k + j]!;
    }
  let noise: Float64Array = new Float64Array(k * k);
  let inverse: Float64Array = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      noise[i * k + j] = c[i * k + j]! / Math.max(colTotals[j]!, TINY);
      inverse[j * k + i] = c[i * k + j]! / Math.max(rowTotals[i]!, TINY);
    }
  let py: Float64Array = computePrior(ps, { noise, inverse, colTotals, method: priorMethod, k });
  noise = clipNoiseRates(noise, k);
  inverse = clipNoiseRates(inverse, k);
  if (converge) {
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 5; b++) {
        inverse = inverseFromNoise({ py, noise, ps }, k);
        py = computePrior(ps, { noise, inverse, colTotals, method: "eqn", k });
      }
      noise = noiseFromInverse({ ps, inverse, py }, k);
    }
    py = clipValues(py, CLIP_LOW, 1);
    noise = clipNoiseRates(noise, k);
    inverse = clipNoiseRates(inverse, k);
  }
  return {
    prior: py,
    noiseMatrix: { rows: k, cols: k, data: noise },
    inverseNoiseMatrix: { rows: k, cols: k, data: inverse },
  };
}

function computePrior(
  ps: Float64Array,
  m: { noise: Float64Array; inverse: Float64Array; colTotals: Float64Array; method: PriorMethod; k: number },
): Float64Array {
  const { k } = m;
  let py: Float64Array;
  switch (m.method) {
    case "cnt": {
      const total = pairwiseSum(m.colTotals);
      py = m.colTotals.map((v) => v / total);
      break;
    }
    case "eqn":
      py = solve({ rows: k, cols: k, data: m.noise }, ps);
      break;
    case "marginal":
      py = new Float64Array(k);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) py[i]! += m.inverse[i * k + j]! * ps[j]!;
      break;
  }
  return clipValues(py, CLIP_LOW, 1);
}

/** Clips to [low, high] and rescales to sum to 1 (cleanlab's `clip_values` with new_sum = 1). */
function clipValues(x: Float64Array, low: number, high: number): Float64Array {
  const clipped = x.map((v) => Math.min(Math.max(v, low), high));
  const total = Math.max(pairwiseSum(clipped), TINY);
  return clipped.map((v) => (v * 1) / total);
}

/** Off-diagonal entries clipped to [0, 0.9999], diagonal kept, columns renormalised to sum to 1. */
function clipNoiseRates(m: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = m[i * k + j]!;
      out[i * k + j] = i === j ? v : Math.min(Math.max(v, 0), 0.9999);
    }
  const colSums = new Float64Array(k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) colSums[j]! += out[i * k + j]!;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[i * k + j]! /= Math.max(colSums[j]!, TINY);
  return out;
}

/** inverse[j][i] = noise[i][j]·py[j] / ps[i], clipped (cleanlab's `compute_inv_noise_matrix`). */
function inverseFromNoise(
  { py, noise, ps }: { py: Float64Array; noise: Float64Array; ps: Float64Array },
  k: number,
): Float64Array {
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) inv[j * k + i] = (noise[i * k + j]! * py[j]!) / Math.max(ps[i]!, TINY);
  return clipNoiseRates(inv, k);
}

/** noise[i][j] = inverse[j][i]·ps[i] / py[j], clipped (cleanlab's `compute_noise_matrix_from_inverse`). */
function noiseFromInverse(
  { ps, inverse, py }: { ps: Float64Array; inverse: Float64Array; py: Float64Array },
  k: number,
): Float64Array {
  const noise = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) noise[i * k + j] = (inverse[j * k + i]! * ps[i]!) / Math.max(py[j]!, TINY);
  return clipNoiseRates(noise, k);
}
