// The dense and sparse products every model in models/ uses, in one place: plain typed-array loops (≈ 1 GFLOP/s in
// Node). The linalg backend interface (and @vox/accel's onnxruntime kernels) can replace these three functions
// without touching the models: every large product in models/ goes through them.
import { type CsrMatrix, type Features, isCsr } from "../linalg/csr.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";

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
    for (let i = 0; i < n; i++) {
      const ai = i * d;
      for (let j = 0; j < m; j++) {
        const bj = j * d;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let k = 0;
        // Four accumulators: independent additions pipeline better than one running sum.
        for (; k + 3 < d; k += 4) {
          s0 += ad[ai + k]! * bd[bj + k]!;
          s1 += ad[ai + k + 1]! * bd[bj + k + 1]!;
          s2 += ad[ai + k + 2]! * bd[bj + k + 2]!;
          s3 += ad[ai + k + 3]! * bd[bj + k + 3]!;
        }
        for (; k < d; k++) s0 += ad[ai + k]! * bd[bj + k]!;
        res[i * m + j] = s0 + s1 + s2 + s3;
      }
    }
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
  for (let i = 0; i < n; i++) {
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
