// The dense and sparse products every model in models/ uses, in one place. Dense products go through the linalg
// backend (`getBackend()`: the pure-TS packed kernels, ≈ 3 GFLOP/s, or @vox/accel's onnxruntime kernels, ≈ 30–50
// GFLOP/s, when it is loaded); A·Bᵀ with a sparse A uses the backend's spmm; Gᵀ·A with a sparse A stays a loop over
// the non-zeros (O(nnz·m), no dense intermediate).
import { type CsrMatrix, type Features, isCsr } from "../linalg/csr.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { getBackend } from "../linalg/registry.js";

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
  const c = { rows: n, cols: m, data: res };
  if (n === 0 || m === 0) return c;
  if (d === 0) {
    res.fill(0);
    return c;
  }
  if (isCsr(a)) getBackend().spmm(a, b, { transB: true, c });
  else getBackend().gemm(a, b, { transB: true, c });
  return c;
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
  if (m === 0 || d === 0 || n === 0) return;
  getBackend().gemm(g, a, { transA: true, beta: 1, c: { rows: m, cols: d, data: out } });
}

/** out (n×q) = A · B, both dense (A n×p, B p×q): backpropagation through a layer. O(n·p·q). */
export function times(a: Matrix<FloatArray>, b: Matrix<FloatArray>, out?: Float64Array): Matrix {
  const n = a.rows;
  const p = a.cols;
  const q = b.cols;
  if (b.rows !== p) throw new RangeError(`product shapes do not align (${n}×${p} · ${b.rows}×${q})`);
  const res = out ?? new Float64Array(n * q);
  if (res.length !== n * q) throw new RangeError(`output must hold ${n * q} values (got ${res.length})`);
  const c = { rows: n, cols: q, data: res };
  if (n === 0 || q === 0) return c;
  if (p === 0) {
    res.fill(0);
    return c;
  }
  getBackend().gemm(a, b, { c });
  return c;
}
