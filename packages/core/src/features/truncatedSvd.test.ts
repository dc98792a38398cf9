import { describe, expect, it } from "vitest";
import { csrFromDense } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { svdTransform, symmetricEigen, truncatedSvd } from "./truncatedSvd.js";

// A = Σ_t s_t·u_t·v_tᵀ with u_t, v_t orthonormal DCT-II basis vectors (cos(π(i + ½)t/n)·√(2/n), t ≥ 1), so the
// exact singular values are the chosen s_t and the singular vectors are known in closed form.
function dct(n: number, t: number): Float64Array {
  return Float64Array.from(
    { length: n },
    (_, i) => Math.cos((Math.PI * (i + 0.5) * t) / n) * Math.sqrt(2 / n),
  );
}
function lowRank(n: number, d: number, s: number[]): Matrix {
  const data = new Float64Array(n * d);
  s.forEach((st, t) => {
    const u = dct(n, t + 1);
    const v = dct(d, t + 1);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j]! += st * u[i]! * v[j]!;
  });
  return { rows: n, cols: d, data };
}

describe("truncatedSvd (randomized, Halko et al. 2011)", () => {
  const s = [9, 5, 2.5, 1, 0.3];
  const a = lowRank(60, 40, s);
  it("recovers the exact singular values and vectors of a known low-rank matrix", () => {
    const r = truncatedSvd(a, { components: 3, seed: 1 });
    for (let t = 0; t < 3; t++) expect(r.singularValues[t]).toBeCloseTo(s[t]!, 9);
    for (let t = 0; t < 3; t++) {
      const v = dct(40, t + 1);
      let dot = 0;
      for (let j = 0; j < 40; j++) dot += v[j]! * r.components.data[t * 40 + j]!;
      expect(Math.abs(dot)).toBeCloseTo(1, 9);
    }
    // The embedding is A·Vᵀ = U·diag(σ): column norms are the singular values.
    for (let t = 0; t < 3; t++) {
      let ss = 0;
      for (let i = 0; i < 60; i++) ss += r.embedding.data[i * 3 + t]! ** 2;
      expect(Math.sqrt(ss)).toBeCloseTo(s[t]!, 9);
    }
  });
  it("gives the same answer for sparse input, and transforms new rows the same way", () => {
    const dense = truncatedSvd(a, { components: 4, seed: 2 });
    const sparse = truncatedSvd(csrFromDense(a), { components: 4, seed: 2 });
    for (let q = 0; q < dense.components.data.length; q++)
      expect(sparse.components.data[q]).toBeCloseTo(dense.components.data[q]!, 9);
    const again = svdTransform(dense, a);
    for (let q = 0; q < again.data.length; q++)
      expect(again.data[q]).toBeCloseTo(dense.embedding.data[q]!, 12);
  });
  it("symmetricEigen diagonalises a random symmetric matrix", () => {
    const rng = createRng(3);
    const n = 6;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) m[i * n + j] = m[j * n + i] = rng.normal();
    const { values, vectors } = symmetricEigen({ rows: n, cols: n, data: m });
    for (let e = 0; e < n; e++)
      for (let i = 0; i < n; i++) {
        let mv = 0;
        for (let j = 0; j < n; j++) mv += m[i * n + j]! * vectors[j * n + e]!;
        expect(mv).toBeCloseTo(values[e]! * vectors[i * n + e]!, 10);
      }
  });
});
