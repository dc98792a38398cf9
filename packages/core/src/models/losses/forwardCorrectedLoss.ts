import type { Matrix } from "../../linalg/matrix.js";
import { rowLoss } from "./rowLoss.js";
import type { LossFunction } from "./types.js";

/**
 * Checks a noise transition matrix T (K×K, T[i][j] = P(observed label j | true label i)) and returns a row-major
 * copy: entries in [0, 1], rows summing to 1 (within 1e-6), K = `classes` when given, and (unless `observable` is
 * false) every column with a positive entry, so that every observed label is possible. Throws a RangeError naming
 * the first bad row or column.
 */
export function checkTransition(
  transition: Matrix | readonly (readonly number[])[],
  options: { classes?: number | undefined; observable?: boolean } = {},
): Matrix {
  const { classes, observable = true } = options;
  let t: Matrix;
  if ("data" in transition)
    t = { rows: transition.rows, cols: transition.cols, data: Float64Array.from(transition.data) };
  else {
    const rows = transition.length;
    const data = new Float64Array(rows * rows);
    transition.forEach((r, i) => {
      if (r.length !== rows)
        throw new RangeError(
          `the transition matrix must be square (row ${i} has ${r.length} entries for ${rows} rows)`,
        );
      data.set(r, i * rows);
    });
    t = { rows, cols: rows, data };
  }
  const k = t.rows;
  if (t.cols !== k) throw new RangeError(`the transition matrix must be square (got ${k}×${t.cols})`);
  if (classes !== undefined && k !== classes)
    throw new RangeError(`the transition matrix is ${k}×${k} but there are ${classes} classes`);
  const colMax = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const v = t.data[i * k + j]!;
      if (!(v >= 0 && v <= 1)) throw new RangeError(`transition[${i}][${j}] must be in [0, 1] (got ${v})`);
      s += v;
      if (v > colMax[j]!) colMax[j] = v;
    }
    if (Math.abs(s - 1) > 1e-6)
      throw new RangeError(`row ${i} of the transition matrix must sum to 1 (got ${s})`);
  }
  for (let j = 0; j < k && observable; j++)
    if (colMax[j] === 0)
      throw new RangeError(
        `column ${j} of the transition matrix is all zero: label ${j} could never be observed`,
      );
  return t;
}

/**
 * Forward loss correction (Patrini, Rozza, Menon, Nock & Qu 2017, "Making Deep Neural Networks Robust to Label
 * Noise: a Loss Correction Approach", CVPR, Theorem 2): cross-entropy of the observed label against the model's
 * clean-label probabilities pushed through the noise, ℓ = −log (Tᵀ p)_y = −log Σ_j p_j · T[j][y], with
 * T[i][j] = P(observed j | true i) (rows sum to 1). The model itself keeps predicting clean labels. Computed in log
 * space (logsumexp of log p_j + log T[j][y]); gradient p − r with r_j = p_j·T[j][y] / Σ_l p_l·T[l][y]. With T = I it
 * is cross-entropy. O(rows · K).
 */
export function forwardCorrectedLoss(transition: Matrix | readonly (readonly number[])[]): LossFunction {
  const t = checkTransition(transition);
  const k = t.rows;
  const logT = t.data.map((v) => Math.log(v));
  const a = new Float64Array(k);
  return rowLoss(({ p, logp, y: yi, grad, wantGrad }) => {
    if (p.length !== k)
      throw new RangeError(`the transition matrix is ${k}×${k} but the model has ${p.length} classes`);
    let max = -Infinity;
    for (let j = 0; j < k; j++) {
      a[j] = logp[j]! + logT[j * k + yi]!;
      if (a[j]! > max) max = a[j]!;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(a[j]! - max);
    const logS = max + Math.log(sum);
    if (wantGrad) for (let j = 0; j < k; j++) grad[j] = p[j]! - Math.exp(a[j]! - logS);
    return -logS;
  });
}
