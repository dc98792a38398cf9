// Distance work of the geometric strategies (core-set, BADGE, CAL, k-means, information density), in blocks so a
// 100k × 384 pool never needs a pool × pool (or pool × labeled) matrix at once. Dense blocks go through the linalg
// backend's pairwiseDistances (onnxruntime when @vox/accel is loaded); sparse (CSR) blocks through its spmm.
import { type CsrMatrix, type Features, isCsr, selectRows } from "../linalg/csr.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { getBackend } from "../linalg/registry.js";
import { timesTransposed } from "../models/kernels.js";

/** Default query rows per backend call. */
export const DEFAULT_CHUNK_ROWS = 4096;
/** Reference rows per block (dense references are materialised one block at a time). */
const REF_BLOCK = 1024;

/** Rows start … start + count − 1 of dense or CSR features, as a zero-copy view. */
export function rowBlock(x: Features, start: number, count: number): Features {
  if (isCsr(x)) {
    const p0 = x.indptr[start]!;
    const p1 = x.indptr[start + count]!;
    const indptr = new Int32Array(count + 1);
    for (let i = 0; i <= count; i++) indptr[i] = x.indptr[start + i]! - p0;
    const view: CsrMatrix<FloatArray> = {
      rows: count,
      cols: x.cols,
      indptr,
      indices: x.indices.subarray(p0, p1),
      data: x.data.subarray(p0, p1),
    };
    return view;
  }
  return { rows: count, cols: x.cols, data: x.data.subarray(start * x.cols, (start + count) * x.cols) };
}

/** Dense or CSR features as a dense matrix (the same object when already dense; Float32 stays Float32). */
export function densify(picked: Features): Matrix<FloatArray> {
  if (!isCsr(picked)) return picked;
  const out = new (picked.data.constructor as new (n: number) => FloatArray)(picked.rows * picked.cols);
  for (let i = 0; i < picked.rows; i++)
    for (let p = picked.indptr[i]!; p < picked.indptr[i + 1]!; p++)
      out[i * picked.cols + picked.indices[p]!]! += picked.data[p]!;
  return { rows: picked.rows, cols: picked.cols, data: out };
}

/** The rows `which` of x as a dense matrix. O(|which| × cols). */
export function denseRows(x: Features, which: ArrayLike<number>): Matrix<FloatArray> {
  return densify(selectRows(x, which));
}

/** Squared Euclidean norm of every row. O(nnz). */
export function squaredNorms(x: Features): Float64Array {
  const out = new Float64Array(x.rows);
  if (isCsr(x)) {
    for (let i = 0; i < x.rows; i++) {
      let s = 0;
      for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) s += x.data[p]! * x.data[p]!;
      out[i] = s;
    }
    return out;
  }
  const d = x.cols;
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let j = i * d; j < (i + 1) * d; j++) s += x.data[j]! * x.data[j]!;
    out[i] = s;
  }
  return out;
}

/**
 * Squared Euclidean distances between every row of `a` (dense or CSR) and every row of `b` (dense): an a.rows ×
 * b.rows Float64 block, clamped at 0. Dense: the backend's pairwiseDistances; CSR: ‖a‖² + ‖b‖² − 2·a·bᵀ with the
 * product through the backend's spmm. O(a.rows × b.rows × d).
 */
export function sqDistanceBlock(a: Features, b: Matrix<FloatArray>): Float64Array {
  if (a.rows === 0 || b.rows === 0) return new Float64Array(a.rows * b.rows);
  if (!isCsr(a)) {
    const d = getBackend().pairwiseDistances(a, b, { metric: "sqeuclidean" }).data;
    return d instanceof Float64Array ? d : Float64Array.from(d);
  }
  const dot = timesTransposed(a, b).data;
  const na = squaredNorms(a);
  const nb = squaredNorms(b);
  const m = b.rows;
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < m; j++) dot[i * m + j] = Math.max(0, na[i]! + nb[j]! - 2 * dot[i * m + j]!);
  return dot;
}

/** Calls `visit` for each block of query rows × reference rows, with the block's squared distances. */
export function forEachDistanceBlock(
  sets: { queries: Features; refs: Features; chunkRows?: number | undefined },
  visit: (block: { d: Float64Array; q0: number; nq: number; r0: number; nr: number }) => void,
): void {
  const { queries, refs, chunkRows = DEFAULT_CHUNK_ROWS } = sets;
  for (let r0 = 0; r0 < refs.rows; r0 += REF_BLOCK) {
    const nr = Math.min(REF_BLOCK, refs.rows - r0);
    const block = rowBlock(refs, r0, nr);
    const rb = isCsr(block) ? densify(block) : block;
    for (let q0 = 0; q0 < queries.rows; q0 += chunkRows) {
      const nq = Math.min(chunkRows, queries.rows - q0);
      visit({ d: sqDistanceBlock(rowBlock(queries, q0, nq), rb), q0, nq, r0, nr });
    }
  }
}

/**
 * For every query row, the squared distance to its nearest reference row and that row's index (Infinity and −1
 * with no references). O(nq × nr × d) time, O(chunk × block) working memory.
 */
export function nearestReference(
  queries: Features,
  refs: Features,
  chunkRows = DEFAULT_CHUNK_ROWS,
): { distance: Float64Array; index: Int32Array } {
  const distance = new Float64Array(queries.rows).fill(Infinity);
  const index = new Int32Array(queries.rows).fill(-1);
  forEachDistanceBlock({ queries, refs, chunkRows }, ({ d, q0, nq, r0, nr }) => {
    for (let i = 0; i < nq; i++)
      for (let j = 0; j < nr; j++) {
        const v = d[i * nr + j]!;
        if (v < distance[q0 + i]!) {
          distance[q0 + i] = v;
          index[q0 + i] = r0 + j;
        }
      }
  });
  return { distance, index };
}

/**
 * The k nearest reference rows of every query row (queries × k indices, nearest first, ties by index), for CAL.
 * Dense features use the backend's topKNeighbours; CSR features reduce spmm distance blocks. O(nq × nr × d).
 */
export function nearestReferences(
  queries: Features,
  refs: Features,
  options: { k: number; chunkRows?: number },
): { k: number; indices: Int32Array } {
  const k = Math.min(options.k, refs.rows);
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const indices = new Int32Array(queries.rows * k);
  if (k === 0) return { k, indices };
  if (!isCsr(queries) && !isCsr(refs)) {
    const backend = getBackend();
    for (let q0 = 0; q0 < queries.rows; q0 += chunkRows) {
      const nq = Math.min(chunkRows, queries.rows - q0);
      const r = backend.topKNeighbours(rowBlock(queries, q0, nq) as Matrix<FloatArray>, refs, { k });
      indices.set(r.indices, q0 * k);
    }
    return { k, indices };
  }
  // Sparse: keep the best k per query across reference blocks (insertion into a sorted list of length k).
  const bestD = new Float64Array(queries.rows * k).fill(Infinity);
  indices.fill(-1);
  forEachDistanceBlock({ queries, refs, chunkRows }, ({ d, q0, nq, r0, nr }) => {
    for (let i = 0; i < nq; i++) {
      const base = (q0 + i) * k;
      for (let j = 0; j < nr; j++) {
        const v = d[i * nr + j]!;
        if (!(v < bestD[base + k - 1]!)) continue;
        let t = k - 1;
        while (t > 0 && bestD[base + t - 1]! > v) {
          bestD[base + t] = bestD[base + t - 1]!;
          indices[base + t] = indices[base + t - 1]!;
          t--;
        }
        bestD[base + t] = v;
        indices[base + t] = r0 + j;
      }
    }
  });
  return { k, indices };
}

/**
 * Dot products of every row of `x` (dense or CSR) with one dense vector, through the backend (gemm or spmm), in
 * chunks. O(rows × d).
 */
export function dotWith(x: Features, v: Matrix<FloatArray>, chunkRows = DEFAULT_CHUNK_ROWS): Float64Array {
  const out = new Float64Array(x.rows);
  for (let q0 = 0; q0 < x.rows; q0 += chunkRows) {
    const nq = Math.min(chunkRows, x.rows - q0);
    out.set(timesTransposed(rowBlock(x, q0, nq), v).data, q0);
  }
  return out;
}
