// Small datasets defined by closed formulas, identical to the ones in reference/models_sklearn.py, so the tests and
// the scikit-learn reference run fit exactly the same numbers without shipping data files. Pure (no Node APIs).
import type { Matrix } from "@vox/core";

/** x_ij = sin(0.7 i + 1.3 j + 0.1 i j)·(1 + j/5); y_i = argmax_c (A_c · x_i + 1.5 cos(2.3 i + c)), A_cj = cos(1 + c d + j). */
export function formulaDataset(n: number, d: number, k: number): { x: Matrix; y: Int32Array } {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) x[i * d + j] = Math.sin(0.7 * i + 1.3 * j + 0.1 * i * j) * (1 + j / 5);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = 1.5 * Math.cos(2.3 * i + c);
      for (let j = 0; j < d; j++) s += Math.cos(1 + c * d + j) * x[i * d + j]!;
      if (s > best) {
        best = s;
        y[i] = c;
      }
    }
  }
  return { x: { rows: n, cols: d, data: x }, y };
}

/** w_i = 0.5 + (i mod 4) / 2. */
export function formulaWeights(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 4) / 2);
}

/** Counts c_ij = floor(3·(1 + sin(1.1 i + 0.9 j))), 40 rows × 6 terms; y_i = i mod 3. */
export function formulaCounts(): { x: Matrix; y: Int32Array } {
  const n = 40;
  const d = 6;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) x[i * d + j] = Math.floor(3 * (1 + Math.sin(1.1 * i + 0.9 * j)));
  return { x: { rows: n, cols: d, data: x }, y: Int32Array.from({ length: n }, (_, i) => i % 3) };
}

/** y_i = i mod 4 for i < 30, probabilities p_ic ∝ exp(cos(i + 2c)). */
export function formulaPredictions(): { y: Int32Array; probs: Matrix } {
  const n = 30;
  const k = 4;
  const probs = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += probs[i * k + c] = Math.exp(Math.cos(i + 2 * c));
    for (let c = 0; c < k; c++) probs[i * k + c]! /= s;
  }
  return { y: Int32Array.from({ length: n }, (_, i) => i % 4), probs: { rows: n, cols: k, data: probs } };
}
