import { describe, expect, it } from "vitest";
import { createRng } from "../random/rng.js";
import {
  argmaxRows,
  colSums,
  fromRows,
  logSumExp,
  matmul,
  matrix,
  normalizeRows,
  row,
  rowSums,
  softmaxRows,
  toRows,
  transpose,
  zeros,
} from "./matrix.js";

describe("matrix helpers", () => {
  it("builds, views and converts matrices", () => {
    const m = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect(Array.from(row(m, 1))).toEqual([4, 5, 6]);
    row(m, 1)[0] = 40; // a view, not a copy
    expect(m.data[3]).toBe(40);
    expect(toRows(transpose(m))).toEqual([
      [1, 40],
      [2, 5],
      [3, 6],
    ]);
    expect(zeros(2, 2, true).data).toBeInstanceOf(Float32Array);
    expect(() => matrix(2, 2, new Float64Array(3))).toThrow(/rows × cols = 4/);
    expect(() => fromRows([[1, 2], [3]])).toThrow(/row 1 has 1 values, expected 2/);
    expect(() => row(m, 2)).toThrow(RangeError);
  });

  it("multiplies matrices (2×3 · 3×2 worked by hand)", () => {
    const a = fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = fromRows([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    expect(toRows(matmul(a, b))).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(() => matmul(a, a)).toThrow(/do not align/);
  });

  it("satisfies (AB)ᵀ = BᵀAᵀ on random matrices", () => {
    const rng = createRng(11);
    const rand = (r: number, c: number) =>
      matrix(
        r,
        c,
        Float64Array.from({ length: r * c }, () => rng.normal()),
      );
    const a = rand(5, 7);
    const b = rand(7, 4);
    const left = transpose(matmul(a, b));
    const right = matmul(transpose(b), transpose(a));
    for (const [i, x] of left.data.entries()) expect(x).toBeCloseTo(right.data[i]!, 12);
  });

  it("computes row and column reductions", () => {
    const m = fromRows([
      [1, 5, 5],
      [0, 0, 0],
      [-1, -3, -2],
    ]);
    expect(Array.from(rowSums(m))).toEqual([11, 0, -6]);
    expect(Array.from(colSums(m))).toEqual([0, 2, 3]);
    expect(Array.from(argmaxRows(m))).toEqual([1, 0, 0]); // first index wins ties
    const n = normalizeRows(
      fromRows([
        [1, 3],
        [0, 0],
      ]),
    );
    expect(toRows(n)).toEqual([
      [0.25, 0.75],
      [0.5, 0.5],
    ]);
  });

  it("computes a stable log-sum-exp and softmax", () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, 0])).toBe(0);
    const s = softmaxRows(fromRows([[1000, 1001, 1002]]));
    const e = [Math.exp(-2), Math.exp(-1), 1];
    const z = e[0]! + e[1]! + e[2]!;
    for (const [j, p] of s.data.entries()) expect(p).toBeCloseTo(e[j]! / z, 14);
  });
});
