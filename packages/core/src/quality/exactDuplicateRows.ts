import { murmurhash3 } from "../features/murmurhash3.js";
import { type CsrMatrix, type Features, isCsr } from "../linalg/csr.js";
import type { FloatArray } from "../linalg/matrix.js";
import { hashGroups } from "./hashGroups.js";

/**
 * Groups identical rows: `group[i]` is the index of the first row equal to row i (itself when it is the first or
 * unique), comparing values with === (so 0 and −0 are equal and a row holding NaN equals no other). Rows are
 * bucketed by a seeded MurmurHash3 of their float64 bytes and confirmed element by element, so hash collisions
 * never merge distinct rows. Sparse rows compare their stored entries (column indices and values). Expected O(N·d)
 * time (O(nnz) sparse), O(N) memory.
 */
export function exactDuplicateRows(features: Features, seed = 0): Int32Array {
  if (isCsr(features)) return sparseDuplicateRows(features, seed);
  const { rows: n, cols: d, data } = features;
  const scratch = new Float64Array(d);
  const bytes = new Uint8Array(scratch.buffer);
  return hashGroups(
    n,
    (i) => {
      // + 0 turns −0 into 0 so that equal rows hash equally
      for (let j = 0; j < d; j++) scratch[j] = data[i * d + j]! + 0;
      return murmurhash3(bytes, seed);
    },
    (a, b) => {
      for (let j = 0; j < d; j++) if (data[a * d + j] !== data[b * d + j]) return false;
      return true;
    },
  );
}

function sparseDuplicateRows(x: CsrMatrix<FloatArray>, seed: number): Int32Array {
  const { indptr, indices, data } = x;
  let widest = 0;
  for (let i = 0; i < x.rows; i++) widest = Math.max(widest, indptr[i + 1]! - indptr[i]!);
  // each entry as (column, value) in 16 bytes
  const scratch = new Float64Array(2 * widest);
  const bytes = new Uint8Array(scratch.buffer);
  return hashGroups(
    x.rows,
    (i) => {
      const start = indptr[i]!;
      const n = indptr[i + 1]! - start;
      for (let p = 0; p < n; p++) {
        scratch[2 * p] = indices[start + p]!;
        scratch[2 * p + 1] = data[start + p]! + 0;
      }
      return murmurhash3(bytes, seed, 16 * n);
    },
    (a, b) => {
      const n = indptr[a + 1]! - indptr[a]!;
      if (indptr[b + 1]! - indptr[b]! !== n) return false;
      for (let p = 0; p < n; p++) {
        const pa = indptr[a]! + p;
        const pb = indptr[b]! + p;
        if (indices[pa] !== indices[pb] || data[pa] !== data[pb]) return false;
      }
      return true;
    },
  );
}
