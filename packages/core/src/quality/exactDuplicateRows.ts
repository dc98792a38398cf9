import { murmurhash3 } from "../features/murmurhash3.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { hashGroups } from "./hashGroups.js";

/**
 * Groups identical rows: `group[i]` is the index of the first row equal to row i (itself when it is the first or
 * unique), comparing values with === (so 0 and −0 are equal and a row holding NaN equals no other). Rows are
 * bucketed by a seeded MurmurHash3 of their float64 bytes and confirmed element by element, so hash collisions
 * never merge distinct rows. Expected O(N·d) time, O(N) memory.
 */
export function exactDuplicateRows(features: Matrix<FloatArray>, seed = 0): Int32Array {
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
