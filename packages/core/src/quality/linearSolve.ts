import type { Matrix } from "../linalg/matrix.js";

/**
 * Solves A·x = b for a small dense square A by Gaussian elimination with partial pivoting. O(K³). A singular
 * system gives non-finite entries rather than throwing (the caller clips them).
 */
export function solve(a: Matrix, b: Float64Array): Float64Array {
  const k = a.rows;
  const m = Float64Array.from(a.data);
  const x = Float64Array.from(b);
  for (let col = 0; col < k; col++) {
    let piv = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(m[r * k + col]!) > Math.abs(m[piv * k + col]!)) piv = r;
    if (piv !== col) {
      for (let c = 0; c < k; c++) {
        const t = m[col * k + c]!;
        m[col * k + c] = m[piv * k + c]!;
        m[piv * k + c] = t;
      }
      const t = x[col]!;
      x[col] = x[piv]!;
      x[piv] = t;
    }
    const d = m[col * k + col]!;
    for (let r = col + 1; r < k; r++) {
      const f = m[r * k + col]! / d;
      if (f === 0) continue;
      for (let c = col; c < k; c++) m[r * k + c]! -= f * m[col * k + c]!;
      x[r]! -= f * x[col]!;
    }
  }
  for (let r = k - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let c = r + 1; c < k; c++) s -= m[r * k + c]! * x[c]!;
    x[r] = s / m[r * k + r]!;
  }
  return x;
}
