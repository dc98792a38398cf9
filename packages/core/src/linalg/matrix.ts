import { assertInteger } from "../errors/assert.js";

/** A dense typed array that can back a matrix. */
export type FloatArray = Float64Array | Float32Array;

/**
 * A dense row-major matrix: element (i, j) is `data[i * cols + j]`. Rows are contiguous, so `row(m, i)` is a
 * zero-copy view. vox passes matrices (probabilities, features, embeddings) in this shape everywhere.
 */
export interface Matrix<A extends FloatArray = Float64Array> {
  readonly rows: number;
  readonly cols: number;
  readonly data: A;
}

function checkShape(rows: number, cols: number): void {
  assertInteger(rows, "rows", { min: 0 });
  assertInteger(cols, "cols", { min: 0 });
}

/** Wraps `data` (length rows × cols) as a matrix without copying. */
export function matrix<A extends FloatArray>(rows: number, cols: number, data: A): Matrix<A> {
  checkShape(rows, cols);
  if (data.length !== rows * cols) {
    throw new RangeError(`matrix data must have rows × cols = ${rows * cols} elements (got ${data.length})`);
  }
  return { rows, cols, data };
}

/** A rows × cols matrix of zeros (Float64 unless `float32` is set). */
export function zeros(rows: number, cols: number): Matrix;
export function zeros(rows: number, cols: number, float32: true): Matrix<Float32Array>;
export function zeros(rows: number, cols: number, float32 = false): Matrix<FloatArray> {
  checkShape(rows, cols);
  return { rows, cols, data: float32 ? new Float32Array(rows * cols) : new Float64Array(rows * cols) };
}

/** Builds a Float64 matrix from nested arrays; every row must have the same length. */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new RangeError(`row ${i} has ${r.length} values, expected ${cols}`);
    data.set(r, i * cols);
  });
  return { rows: rows.length, cols, data };
}

/** The matrix as nested plain arrays (for printing and JSON; not for hot paths). */
export function toRows(m: Matrix<FloatArray>): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(row(m, i)));
  return out;
}

/** Row i as a zero-copy view. */
export function row<A extends FloatArray>(m: Matrix<A>, i: number): A {
  if (!(i >= 0 && i < m.rows)) throw new RangeError(`row index ${i} out of range [0, ${m.rows})`);
  return m.data.subarray(i * m.cols, (i + 1) * m.cols) as A;
}

/** The transpose, as a new matrix of the same element type. */
export function transpose<A extends FloatArray>(m: Matrix<A>): Matrix<A> {
  const { rows, cols, data } = m;
  const out = new (data.constructor as new (n: number) => A)(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = data[base + j]!;
  }
  return { rows: cols, cols: rows, data: out };
}

/**
 * C = A·B in Float64, plain loops in i-k-j order (streams rows of B; ≈ 1 GFLOP/s in Node). For large products use
 * the linalg backend of @vox/accel instead.
 */
export function matmul(a: Matrix<FloatArray>, b: Matrix<FloatArray>): Matrix {
  if (a.cols !== b.rows)
    throw new RangeError(`matmul shapes do not align (${a.rows}×${a.cols} · ${b.rows}×${b.cols})`);
  const n = b.cols;
  const out = new Float64Array(a.rows * n);
  for (let i = 0; i < a.rows; i++) {
    const oi = i * n;
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k]!;
      if (aik === 0) continue;
      const bk = k * n;
      for (let j = 0; j < n; j++) out[oi + j]! += aik * b.data[bk + j]!;
    }
  }
  return { rows: a.rows, cols: n, data: out };
}

/** Sum of each row. */
export function rowSums(m: Matrix<FloatArray>): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = i * m.cols, end = j + m.cols; j < end; j++) s += m.data[j]!;
    out[i] = s;
  }
  return out;
}

/** Sum of each column. */
export function colSums(m: Matrix<FloatArray>): Float64Array {
  const out = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    const base = i * m.cols;
    for (let j = 0; j < m.cols; j++) out[j]! += m.data[base + j]!;
  }
  return out;
}

/** Index of the largest entry of each row (the first one on ties); −1 for an empty row. */
export function argmaxRows(m: Matrix<FloatArray>): Int32Array {
  const out = new Int32Array(m.rows).fill(-1);
  for (let i = 0; i < m.rows; i++) {
    const base = i * m.cols;
    let best = -Infinity;
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[base + j]!;
      if (v > best) {
        best = v;
        out[i] = j;
      }
    }
  }
  return out;
}

/**
 * Scales each row in place to sum to 1. A row that sums to 0 becomes uniform, so the result is always a valid
 * distribution.
 */
export function normalizeRows<A extends FloatArray>(m: Matrix<A>): Matrix<A> {
  for (let i = 0; i < m.rows; i++) {
    const base = i * m.cols;
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[base + j]!;
    if (s > 0) for (let j = 0; j < m.cols; j++) m.data[base + j]! /= s;
    else m.data.fill(1 / m.cols, base, base + m.cols);
  }
  return m;
}

/** log Σ exp(x), stable for large |x|. −Infinity for an empty input. */
export function logSumExp(x: ArrayLike<number>, start = 0, end = x.length): number {
  let max = -Infinity;
  for (let i = start; i < end; i++) if (x[i]! > max) max = x[i]!;
  if (max === -Infinity) return -Infinity;
  if (max === Infinity) return Infinity;
  let s = 0;
  for (let i = start; i < end; i++) s += Math.exp(x[i]! - max);
  return max + Math.log(s);
}

/** Softmax of each row, in place (stable: subtracts the row maximum before exponentiating). */
export function softmaxRows<A extends FloatArray>(m: Matrix<A>): Matrix<A> {
  for (let i = 0; i < m.rows; i++) {
    const base = i * m.cols;
    let max = -Infinity;
    for (let j = 0; j < m.cols; j++) if (m.data[base + j]! > max) max = m.data[base + j]!;
    let s = 0;
    for (let j = 0; j < m.cols; j++) {
      const e = Math.exp(m.data[base + j]! - max);
      m.data[base + j] = e;
      s += e;
    }
    for (let j = 0; j < m.cols; j++) m.data[base + j]! /= s;
  }
  return m;
}
