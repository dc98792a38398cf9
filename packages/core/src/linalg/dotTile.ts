// The one hot loop of the pure-TS backend: dot products between two packed sets of Float64 rows, 4 × 4 at a time.
// gemm, pairwiseDistances, topKNeighbours and radiusNeighbours all reduce to it after packing their operands.
import type { FloatArray } from "./matrix.js";

/** A tile of dot products: out[i·n + j] = Σ_t a[i·k + t] · b[j·k + t] for i < m, j < n. */
export interface DotTile {
  /** m packed rows of length k. */
  a: Float64Array;
  m: number;
  /** n packed rows of length k. */
  b: Float64Array;
  n: number;
  k: number;
  /** At least m·n values; row stride n. */
  out: Float64Array;
}

/**
 * Fills `tile.out` with the m × n dot products. Register-blocked: 16 accumulators for a 4 × 4 block read 8 values
 * per step of t (the loads, not the multiplies, bound plain JS), edges fall back to narrower loops. O(m·n·k).
 */
export function dotTile(tile: DotTile): void {
  const { a, m, b, n, k, out } = tile;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      for (let t = 0; t < k; t++) {
        const x0 = a[a0 + t]!;
        const x1 = a[a1 + t]!;
        const x2 = a[a2 + t]!;
        const x3 = a[a3 + t]!;
        const y0 = b[b0 + t]!;
        const y1 = b[b1 + t]!;
        const y2 = b[b2 + t]!;
        const y3 = b[b3 + t]!;
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        c03 += x0 * y3;
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3;
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        c23 += x2 * y3;
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        c33 += x3 * y3;
      }
      let o = i * n + j;
      out[o] = c00;
      out[o + 1] = c01;
      out[o + 2] = c02;
      out[o + 3] = c03;
      o += n;
      out[o] = c10;
      out[o + 1] = c11;
      out[o + 2] = c12;
      out[o + 3] = c13;
      o += n;
      out[o] = c20;
      out[o + 1] = c21;
      out[o + 2] = c22;
      out[o + 3] = c23;
      o += n;
      out[o] = c30;
      out[o + 1] = c31;
      out[o + 2] = c32;
      out[o + 3] = c33;
    }
    for (let j = n4; j < n; j++) {
      const b0 = j * k;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let t = 0; t < k; t++) {
        const y = b[b0 + t]!;
        c0 += a[a0 + t]! * y;
        c1 += a[a1 + t]! * y;
        c2 += a[a2 + t]! * y;
        c3 += a[a3 + t]! * y;
      }
      out[i * n + j] = c0;
      out[(i + 1) * n + j] = c1;
      out[(i + 2) * n + j] = c2;
      out[(i + 3) * n + j] = c3;
    }
  }
  for (let i = m4; i < m; i++) {
    const a0 = i * k;
    for (let j = 0; j < n; j++) {
      const b0 = j * k;
      let s = 0;
      for (let t = 0; t < k; t++) s += a[a0 + t]! * b[b0 + t]!;
      out[i * n + j] = s;
    }
  }
}

/** Where `packRows` reads: rows [row0, row0 + count) of a rows × cols row-major array, optionally transposed. */
export interface PackSource {
  data: FloatArray;
  /** Row length of `data` as stored. */
  cols: number;
  /** Read the transpose: packed row r is stored column r (stride `cols`) rather than stored row r. */
  transposed: boolean;
}

/**
 * Copies `count` logical rows starting at `row0` (each `length` long) into `dst` as Float64, contiguous; the
 * kernels then run monomorphic on Float64Array whatever the input type. O(count · length).
 */
export function packRows(
  src: PackSource,
  range: { row0: number; count: number; length: number },
  dst: Float64Array,
): void {
  const { data, cols, transposed } = src;
  const { row0, count, length } = range;
  if (!transposed) {
    if (data instanceof Float64Array) dst.set(data.subarray(row0 * cols, (row0 + count) * cols));
    else for (let p = 0, q = row0 * cols, e = count * length; p < e; p++, q++) dst[p] = data[q]!;
    return;
  }
  // Logical row r is stored column r: walk the stored rows once, scattering into the packed rows.
  for (let t = 0; t < length; t++) {
    const base = t * cols + row0;
    for (let r = 0; r < count; r++) dst[r * length + t] = data[base + r]!;
  }
}

/** Squared Euclidean norm of each packed row. O(count · length). */
export function rowSquaredNorms(rows: Float64Array, count: number, length: number): Float64Array {
  const out = new Float64Array(count);
  for (let r = 0; r < count; r++) {
    let s = 0;
    for (let t = r * length, e = t + length; t < e; t++) s += rows[t]! * rows[t]!;
    out[r] = s;
  }
  return out;
}
