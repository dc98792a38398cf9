import type { GemmOptions } from "./backend.js";
import { dotTile, packRows } from "./dotTile.js";
import type { FloatArray, Matrix } from "./matrix.js";

/** The shape of C ← alpha · op(A) · op(B) + beta · C, checked. */
export interface GemmShape {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  alpha: number;
  beta: number;
}

function assertMatrix(x: Matrix<FloatArray>, name: string): void {
  if (!(x.data instanceof Float64Array || x.data instanceof Float32Array))
    throw new TypeError(`${name} must be backed by a Float64Array or Float32Array`);
  if (x.data.length !== x.rows * x.cols)
    throw new RangeError(`${name} has ${x.data.length} values, expected rows × cols = ${x.rows * x.cols}`);
}

/** Checks the operands of a gemm/spmm call and resolves the defaults (shared by every backend). */
export function gemmShape(
  a: { rows: number; cols: number },
  b: Matrix<FloatArray>,
  options: GemmOptions = {},
): GemmShape {
  const { transA = false, transB = false, alpha = 1, beta = 0, c } = options;
  assertMatrix(b, "B");
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb) {
    const opA = `${m}×${k}${transA ? " (Aᵀ)" : ""}`;
    const opB = `${kb}×${n}${transB ? " (Bᵀ)" : ""}`;
    throw new RangeError(`gemm shapes do not align: op(A) is ${opA}, op(B) is ${opB}`);
  }
  if (!Number.isFinite(alpha) || !Number.isFinite(beta))
    throw new RangeError(`alpha and beta must be finite (got ${alpha} and ${beta})`);
  if (c) {
    assertMatrix(c, "C");
    if (c.rows !== m || c.cols !== n) throw new RangeError(`C must be ${m}×${n} (got ${c.rows}×${c.cols})`);
  } else if (beta !== 0) throw new RangeError("beta ≠ 0 needs an output matrix c to scale");
  return { m, n, k, transA, transB, alpha, beta };
}

/** The output of a gemm-like call: `c` when given, else a new matrix (Float32 when every input is Float32). */
export function gemmOutput(
  shape: { m: number; n: number },
  inputs: readonly FloatArray[],
  c: Matrix<FloatArray> | undefined,
): Matrix<FloatArray> {
  if (c) return c;
  const f32 = inputs.every((x) => x instanceof Float32Array);
  const size = shape.m * shape.n;
  return { rows: shape.m, cols: shape.n, data: f32 ? new Float32Array(size) : new Float64Array(size) };
}

/** out ← beta · out (out ← 0 when beta is 0, ignoring NaNs already there, as BLAS does). */
export function scaleInPlace(out: FloatArray, beta: number): void {
  if (beta === 0) out.fill(0);
  else if (beta !== 1) for (let p = 0; p < out.length; p++) out[p]! *= beta;
}

// Block sizes: MC packed rows of op(A) × NC packed columns of op(B), each k long, Float64. With k = 384 the B block
// is 768 KiB (fits the 1–2 MiB L2 of current x86 cores) and 4 rows of A stay in L1 during the kernel.
const MC = 64;
const NC = 256;

/**
 * Dense general matrix multiply C ← alpha · op(A) · op(B) + beta · C on row-major Float32/Float64 matrices, in
 * plain TypeScript: op(A) and op(B)ᵀ are packed block by block into Float64 rows and multiplied by a 4 × 4
 * register-blocked kernel (≈ 1–2 GFLOP/s in Node); Float32 results are rounded once, at the end. O(m·n·k).
 */
export function gemm(
  a: Matrix<FloatArray>,
  b: Matrix<FloatArray>,
  options: GemmOptions = {},
): Matrix<FloatArray> {
  assertMatrix(a, "A");
  const s = gemmShape(a, b, options);
  const out = gemmOutput(s, [a.data, b.data], options.c);
  const { m, n, k, alpha, beta } = s;
  if (m === 0 || n === 0) return out;
  if (k === 0 || alpha === 0) {
    scaleInPlace(out.data, beta);
    return out;
  }
  const od = out.data;
  const ap = new Float64Array(Math.min(MC, m) * k);
  const bp = new Float64Array(Math.min(NC, n) * k);
  const tile = new Float64Array(Math.min(MC, m) * Math.min(NC, n));
  // Packed row r of op(A): stored row r of A, or stored column r of A when transposed; likewise op(B)ᵀ.
  const srcA = { data: a.data, cols: a.cols, transposed: s.transA };
  const srcB = { data: b.data, cols: b.cols, transposed: !s.transB };
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nb = Math.min(NC, n - j0);
    packRows(srcB, { row0: j0, count: nb, length: k }, bp);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mb = Math.min(MC, m - i0);
      packRows(srcA, { row0: i0, count: mb, length: k }, ap);
      dotTile({ a: ap, m: mb, b: bp, n: nb, k, out: tile });
      for (let i = 0; i < mb; i++) {
        const o = (i0 + i) * n + j0;
        const t = i * nb;
        if (beta === 0) for (let j = 0; j < nb; j++) od[o + j] = alpha * tile[t + j]!;
        else for (let j = 0; j < nb; j++) od[o + j] = alpha * tile[t + j]! + beta * od[o + j]!;
      }
    }
  }
  return out;
}
