import { describe, expect, it } from "vitest";
import { csrFromDense } from "../linalg/csr.js";
import { type Matrix, matmul, transpose } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { addTransposedTimes, times, timesTransposed } from "./kernels.js";

function random(rows: number, cols: number, o: { seed: number; sparsity?: number }): Matrix {
  const { seed, sparsity = 0 } = o;
  const rng = createRng(seed);
  return {
    rows,
    cols,
    data: Float64Array.from({ length: rows * cols }, () => (rng.float() < sparsity ? 0 : rng.normal())),
  };
}

describe("kernels agree with plain matmul on odd shapes, dense and sparse", () => {
  for (const [n, m, d] of [
    [1, 1, 1],
    [5, 3, 7],
    [8, 10, 384],
    [9, 2, 13],
  ] as const) {
    it(`${n}×${d} · (${m}×${d})ᵀ and its transposed products`, () => {
      const a = random(n, d, { seed: n + d, sparsity: 0.3 });
      const b = random(m, d, { seed: m * 7 });
      const g = random(n, m, { seed: 99 });
      const want = matmul(a, transpose(b));
      for (const x of [a, csrFromDense(a)]) {
        const got = timesTransposed(x, b);
        for (let q = 0; q < want.data.length; q++) expect(got.data[q]).toBeCloseTo(want.data[q]!, 10);
        const acc = new Float64Array(m * d).fill(1);
        addTransposedTimes(g, x, acc);
        const gt = matmul(transpose(g), a);
        for (let q = 0; q < gt.data.length; q++) expect(acc[q]).toBeCloseTo(gt.data[q]! + 1, 10);
      }
      const prod = times(g, b);
      const ref = matmul(g, b);
      for (let q = 0; q < ref.data.length; q++) expect(prod.data[q]).toBeCloseTo(ref.data[q]!, 10);
    });
  }
  it("rejects shapes that do not align", () => {
    expect(() => timesTransposed(random(2, 3, { seed: 1 }), random(2, 4, { seed: 2 }))).toThrow(
      /do not align/,
    );
    expect(() =>
      addTransposedTimes(random(2, 3, { seed: 1 }), random(3, 4, { seed: 2 }), new Float64Array(12)),
    ).toThrow(/do not align/);
  });
});
