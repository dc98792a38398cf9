import type { SpmmOptions } from "./backend.js";
import type { CsrMatrix } from "./csr.js";
import { gemmOutput, gemmShape, scaleInPlace } from "./gemm.js";
import type { FloatArray, Matrix } from "./matrix.js";

function assertCsrShape(a: CsrMatrix<FloatArray>): void {
  if (a.indptr.length !== a.rows + 1)
    throw new RangeError(`A.indptr must have rows + 1 = ${a.rows + 1} entries (got ${a.indptr.length})`);
  if (a.indices.length !== a.data.length)
    throw new RangeError(`A.indices and A.data differ in length (${a.indices.length} and ${a.data.length})`);
  const nnz = a.indptr[a.rows]!;
  if (a.indptr[0] !== 0 || nnz > a.data.length)
    throw new RangeError(
      `A.indptr must run from 0 to at most ${a.data.length} (got ${a.indptr[0]} … ${nnz})`,
    );
}

/**
 * Sparse × dense product C ← alpha · op(A) · op(B) + beta · C with A in CSR form (column indices are trusted to
 * lie in [0, A.cols); build A with `csrMatrix` to check them) and B dense row-major. Each stored value of A scales
 * one contiguous row of B (or, for op(B) = Bᵀ, gathers one column of each row of B). O(nnz(A) · n).
 */
export function spmm(
  a: CsrMatrix<FloatArray>,
  b: Matrix<FloatArray>,
  options: SpmmOptions = {},
): Matrix<FloatArray> {
  assertCsrShape(a);
  const s = gemmShape(a, b, options);
  const out = gemmOutput(s, [a.data, b.data], options.c);
  const { m, n, alpha, beta, transA, transB } = s;
  if (m === 0 || n === 0) return out;
  scaleInPlace(out.data, beta);
  if (alpha === 0) return out;
  const od = out.data;
  const bd = b.data;
  const { indptr, indices, data } = a;
  if (!transA && !transB) {
    // Row i of C accumulates A[i, c] · B[c, :].
    for (let i = 0; i < a.rows; i++) {
      const o = i * n;
      for (let p = indptr[i]!, e = indptr[i + 1]!; p < e; p++) {
        const v = alpha * data[p]!;
        const bo = indices[p]! * n;
        for (let j = 0; j < n; j++) od[o + j]! += v * bd[bo + j]!;
      }
    }
  } else if (!transA && transB) {
    // C[i, j] = Σ A[i, c] · B[j, c]: row j of B is contiguous, A's row gathers from it.
    const kb = b.cols;
    for (let i = 0; i < a.rows; i++) {
      const start = indptr[i]!;
      const end = indptr[i + 1]!;
      const o = i * n;
      for (let j = 0; j < n; j++) {
        const bo = j * kb;
        let sum = 0;
        for (let p = start; p < end; p++) sum += data[p]! * bd[bo + indices[p]!]!;
        od[o + j]! += alpha * sum;
      }
    }
  } else if (transA && !transB) {
    // Aᵀ · B: row i of A scatters A[i, c] · B[i, :] into row c of C.
    for (let i = 0; i < a.rows; i++) {
      const bo = i * n;
      for (let p = indptr[i]!, e = indptr[i + 1]!; p < e; p++) {
        const v = alpha * data[p]!;
        const o = indices[p]! * n;
        for (let j = 0; j < n; j++) od[o + j]! += v * bd[bo + j]!;
      }
    }
  } else {
    // Aᵀ · Bᵀ: C[c, j] += A[i, c] · B[j, i]; B is n × A.rows.
    const kb = b.cols;
    for (let i = 0; i < a.rows; i++) {
      for (let p = indptr[i]!, e = indptr[i + 1]!; p < e; p++) {
        const v = alpha * data[p]!;
        const o = indices[p]! * n;
        for (let j = 0; j < n; j++) od[o + j]! += v * bd[j * kb + i]!;
      }
    }
  }
  return out;
}
