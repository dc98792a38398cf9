// The dense and sparse products every model in models/ uses, in one place: plain typed-array loops (≈ 1 GFLOP/s in
// Node). The linalg backend interface (and @vox/accel's onnxruntime kernels) can replace these three functions
// without touching the models: every large product in models/ goes through them.
import { type CsrMatrix, type Features, isCsr } from "../linalg/csr.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";

/** Σ_k x[a + k]·y[b + k] for k < d. */
function dot(x: FloatArray, y: FloatArray, at: { a: number; b: number; d: number }): number {
  const { a, b, d } = at;
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < d; k += 2) {
    s0 += x[a + k]! * y[b + k]!;
    s1 += x[a + k + 1]! * y[b + k + 1]!;
  }
  if (k < d) s0 += x[a + k]! * y[b + k]!;
  return s0 + s1;
}

/**
 * out (n×m) = A · Bᵀ, with A n×d (dense or CSR) and B m×d dense row-major: row i of the result holds the dot
 * products of row i of A with every row of B. Weights in models/ are stored out × in (like scikit-learn's
 * `coef_`), so a layer's forward pass is this product. O(n·m·d) dense, O(nnz·m) sparse.
 */
export function timesTransposed(a: Features, b: Matrix<FloatArray>, out?: Float64Array): Matrix {
  const n = a.rows;
  const m = b.rows;
  const d = b.cols;
  if (a.cols !== d) throw new RangeError(`product shapes do not align (${a.rows}×${a.cols} · (${m}×${d})ᵀ)`);
  const res = out ?? new Float64Array(n * m);
  if (res.length !== n * m) throw new RangeError(`output must hold ${n * m} values (got ${res.length})`);
  const bd = b.data;
  if (isCsr(a)) {
    const { indptr, indices, data } = a;
    for (let i = 0; i < n; i++) {
      const start = indptr[i]!;
      const end = indptr[i + 1]!;
      for (let j = 0; j < m; j++) {
        const bj = j * d;
        let s = 0;
        for (let p = start; p < end; p++) s += data[p]! * bd[bj + indices[p]!]!;
        res[i * m + j] = s;
      }
    }
  } else {
    const ad = a.data;
    // 2 × 2 register blocks: rows i, i+1 of A against rows j, j+1 of B share every load.
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const a0 = i * d;
      const a1 = a0 + d;
      let j = 0;
      for (; j + 1 < m; j += 2) {
        const b0 = j * d;
        const b1 = b0 + d;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let k = 0; k < d; k++) {
          const x0 = ad[a0 + k]!;
          const x1 = ad[a1 + k]!;
          const y0 = bd[b0 + k]!;
          const y1 = bd[b1 + k]!;
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
        }
        res[i * m + j] = s00;
        res[i * m + j + 1] = s01;
        res[(i + 1) * m + j] = s10;
        res[(i + 1) * m + j + 1] = s11;
      }
      for (; j < m; j++) {
        res[i * m + j] = dot(ad, bd, { a: a0, b: j * d, d });
        res[(i + 1) * m + j] = dot(ad, bd, { a: a1, b: j * d, d });
      }
    }
    for (; i < n; i++) for (let j = 0; j < m; j++) res[i * m + j] = dot(ad, bd, { a: i * d, b: j * d, d });
  }
  return { rows: n, cols: m, data: res };
}

/**
 * out (m×d) += Gᵀ · A, with G n×m dense and A n×d (dense or CSR): the gradient of a layer's weights from the
 * gradient of its outputs. Accumulates into `out`. O(n·m·d) dense, O(nnz·m) sparse.
 */
export function addTransposedTimes(g: Matrix<FloatArray>, a: Features, out: Float64Array): void {
  const n = a.rows;
  const m = g.cols;
  const d = a.cols;
  if (g.rows !== n) throw new RangeError(`product shapes do not align ((${g.rows}×${m})ᵀ · ${n}×${d})`);
  if (out.length !== m * d) throw new RangeError(`output must hold ${m * d} values (got ${out.length})`);
  const gd = g.data;
  if (isCsr(a)) {
    const { indptr, indices, data } = a as CsrMatrix<FloatArray>;
    for (let i = 0; i < n; i++) {
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) {
        const v = data[p]!;
        const c = indices[p]!;
        for (let j = 0; j < m; j++) out[j * d + c]! += gd[i * m + j]! * v;
      }
    }
    return;
  }
  const ad = a.data;
  // Four rows of A per pass over each output row: a quarter of the loads and stores of out.
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a0 = i * d;
    for (let j = 0; j < m; j++) {
      const g0 = gd[i * m + j]!;
      const g1 = gd[(i + 1) * m + j]!;
      const g2 = gd[(i + 2) * m + j]!;
      const g3 = gd[(i + 3) * m + j]!;
      if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) continue;
      const oj = j * d;
      for (let k = 0; k < d; k++)
        out[oj + k]! +=
          g0 * ad[a0 + k]! + g1 * ad[a0 + d + k]! + g2 * ad[a0 + 2 * d + k]! + g3 * ad[a0 + 3 * d + k]!;
    }
  }
  for (; i < n; i++) {
    const ai = i * d;
    for (let j = 0; j < m; j++) {
      const gij = gd[i * m + j]!;
      if (gij === 0) continue;
      const oj = j * d;
      for (let k = 0; k < d; k++) out[oj + k]! += gij * ad[ai + k]!;
    }
  }
}

/** out (n×q) = A · B, both dense (A n×p, B p×q): backpropagation through a layer. O(n·p·q). */
export function times(a: Matrix<FloatArray>, b: Matrix<FloatArray>, out?: Float64Array): Matrix {
  const n = a.rows;
  const p = a.cols;
  const q = b.cols;
  if (b.rows !== p) throw new RangeError(`product shapes do not align (${n}×${p} · ${b.rows}×${q})`);
  const res = out ?? new Float64Array(n * q);
  if (res.length !== n * q) throw new RangeError(`output must hold ${n * q} values (got ${res.length})`);
  res.fill(0);
  const ad = a.data;
  const bd = b.data;
  for (let i = 0; i < n; i++) {
    const oi = i * q;
    for (let k = 0; k < p; k++) {
      const aik = ad[i * p + k]!;
      if (aik === 0) continue;
      const bk = k * q;
      for (let j = 0; j < q; j++) res[oi + j]! += aik * bd[bk + j]!;
    }
  }
  return { rows: n, cols: q, data: res };
}
