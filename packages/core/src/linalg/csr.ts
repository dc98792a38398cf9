import { assertInteger } from "../errors/assert.js";
import type { FloatArray, Matrix } from "./matrix.js";

/**
 * A sparse matrix in compressed sparse row form (scipy's `csr_matrix` layout): the non-zeros of row i are
 * `data[indptr[i]]` … `data[indptr[i + 1] − 1]` in the columns `indices[…]`. vox's text features (TF-IDF, feature
 * hashing) come in this shape. Canonical matrices (what vox produces) have sorted, distinct column indices per row.
 */
export interface CsrMatrix<A extends FloatArray = Float64Array> {
  readonly rows: number;
  readonly cols: number;
  /** rows + 1 offsets into `indices`/`data`, starting at 0, non-decreasing. */
  readonly indptr: Int32Array;
  /** Column of each stored value, in [0, cols). */
  readonly indices: Int32Array;
  readonly data: A;
}

/** Dense or sparse features: what every model in vox accepts as input. */
export type Features = Matrix<FloatArray> | CsrMatrix<FloatArray>;

/** Whether features are sparse (CSR) rather than dense. */
export function isCsr(x: Features): x is CsrMatrix<FloatArray> {
  return "indptr" in x;
}

/**
 * Wraps CSR arrays as a matrix after checking them: indptr has rows + 1 non-decreasing offsets from 0 to the
 * number of values, and every column index lies in [0, cols). O(rows + nnz).
 */
export function csrMatrix<A extends FloatArray>(parts: {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: A;
}): CsrMatrix<A> {
  const { rows, cols, indptr, indices, data } = parts;
  assertInteger(rows, "rows", { min: 0 });
  assertInteger(cols, "cols", { min: 0 });
  if (indptr.length !== rows + 1)
    throw new RangeError(`indptr must have rows + 1 = ${rows + 1} entries (got ${indptr.length})`);
  if (indices.length !== data.length)
    throw new RangeError(
      `indices and data must have the same length (got ${indices.length} and ${data.length})`,
    );
  if (indptr[0] !== 0) throw new RangeError(`indptr[0] must be 0 (got ${indptr[0]})`);
  if (indptr[rows] !== data.length)
    throw new RangeError(
      `indptr[${rows}] must equal the number of values ${data.length} (got ${indptr[rows]})`,
    );
  for (let i = 0; i < rows; i++) {
    if (indptr[i + 1]! < indptr[i]!)
      throw new RangeError(`indptr must be non-decreasing (indptr[${i + 1}] < indptr[${i}])`);
  }
  for (let p = 0; p < indices.length; p++) {
    const c = indices[p]!;
    if (!(c >= 0 && c < cols)) throw new RangeError(`indices[${p}] = ${c} is outside [0, ${cols})`);
  }
  return { rows, cols, indptr, indices, data };
}

/** The CSR form of a dense matrix (exact zeros are not stored). O(rows × cols). */
export function csrFromDense(m: Matrix<FloatArray>): CsrMatrix {
  let nnz = 0;
  for (let p = 0; p < m.data.length; p++) if (m.data[p] !== 0) nnz++;
  const indptr = new Int32Array(m.rows + 1);
  const indices = new Int32Array(nnz);
  const data = new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0, base = i * m.cols; j < m.cols; j++) {
      const v = m.data[base + j]!;
      if (v !== 0) {
        indices[k] = j;
        data[k++] = v;
      }
    }
    indptr[i + 1] = k;
  }
  return { rows: m.rows, cols: m.cols, indptr, indices, data };
}

/** The dense form of a CSR matrix (repeated indices in a row are summed, as scipy does). O(rows × cols). */
export function csrToDense(x: CsrMatrix<FloatArray>): Matrix {
  const out = new Float64Array(x.rows * x.cols);
  for (let i = 0; i < x.rows; i++) {
    const base = i * x.cols;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) out[base + x.indices[p]!]! += x.data[p]!;
  }
  return { rows: x.rows, cols: x.cols, data: out };
}

/** The rows `which` (in that order, repeats allowed) of dense or sparse features, as a new matrix. */
export function selectRows<X extends Features>(x: X, which: ArrayLike<number>): X {
  for (let t = 0; t < which.length; t++) {
    const i = which[t]!;
    if (!(i >= 0 && i < x.rows) || !Number.isInteger(i))
      throw new RangeError(`row index ${i} out of range [0, ${x.rows})`);
  }
  if (isCsr(x)) {
    const indptr = new Int32Array(which.length + 1);
    for (let t = 0; t < which.length; t++) {
      const i = which[t]!;
      indptr[t + 1] = indptr[t]! + x.indptr[i + 1]! - x.indptr[i]!;
    }
    const nnz = indptr[which.length]!;
    const indices = new Int32Array(nnz);
    const data = new (x.data.constructor as new (n: number) => FloatArray)(nnz);
    for (let t = 0; t < which.length; t++) {
      const i = which[t]!;
      indices.set(x.indices.subarray(x.indptr[i]!, x.indptr[i + 1]!), indptr[t]!);
      data.set(x.data.subarray(x.indptr[i]!, x.indptr[i + 1]!), indptr[t]!);
    }
    return { rows: which.length, cols: x.cols, indptr, indices, data } as CsrMatrix<FloatArray> as X;
  }
  const m = x as Matrix<FloatArray>;
  const data = new (m.data.constructor as new (n: number) => FloatArray)(which.length * m.cols);
  for (let t = 0; t < which.length; t++) {
    const i = which[t]!;
    data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), t * m.cols);
  }
  return { rows: which.length, cols: m.cols, data } as Matrix<FloatArray> as X;
}

/** Scales each row of a CSR matrix in place to unit Euclidean norm (rows of zeros stay zero). O(nnz). */
export function csrNormalizeRows<A extends FloatArray>(x: CsrMatrix<A>): CsrMatrix<A> {
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) s += x.data[p]! * x.data[p]!;
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) x.data[p]! *= inv;
    }
  }
  return x;
}
