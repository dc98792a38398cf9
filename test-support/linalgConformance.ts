// One conformance suite for every linalg backend: each case runs the backend under test and a reference backend
// on the same seeded random inputs and compares to floating-point tolerance. Core runs it as (pure-TS vs naive
// triple loops); @vox/accel runs it as (onnxruntime vs pure-TS): the differential test the kernels promise.
import {
  type CsrMatrix,
  createRng,
  type DistanceMetric,
  type FloatArray,
  type GemmOptions,
  type LinalgBackend,
  type Matrix,
  RadiusCollector,
  resolveRadius,
  resolveTopK,
} from "@vox/core";
import { describe, expect, it } from "vitest";

type Dtype = "f32" | "f64";

/** A seeded random dense matrix: normal values, or small integers (exact in Float32 sums) when `ints` is set. */
export function randomMatrix(
  rows: number,
  cols: number,
  options: { seed: number; dtype?: Dtype; ints?: number },
): Matrix<FloatArray> {
  const rng = createRng(options.seed);
  const data = options.dtype === "f32" ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let p = 0; p < data.length; p++) data[p] = options.ints ? rng.int(options.ints) : rng.normal();
  return { rows, cols, data };
}

/** A seeded random CSR matrix with about `density` of its entries stored. */
export function randomCsr(
  rows: number,
  cols: number,
  options: { seed: number; density: number; dtype?: Dtype },
): CsrMatrix<FloatArray> {
  const rng = createRng(options.seed);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (rng.float() < options.density) {
        indices.push(j);
        values.push(rng.normal());
      }
    }
    indptr[i + 1] = indices.length;
  }
  const data = options.dtype === "f32" ? Float32Array.from(values) : Float64Array.from(values);
  return { rows, cols, indptr, indices: Int32Array.from(indices), data };
}

/** Element (i, j) of m, or of mᵀ when `trans`. */
function at(m: Matrix<FloatArray>, trans: boolean, ij: [number, number]): number {
  const [i, j] = ij;
  return trans ? m.data[j * m.cols + i]! : m.data[i * m.cols + j]!;
}

function csrDense(a: CsrMatrix<FloatArray>): Matrix {
  const data = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++)
    for (let p = a.indptr[i]!; p < a.indptr[i + 1]!; p++) data[i * a.cols + a.indices[p]!]! += a.data[p]!;
  return { rows: a.rows, cols: a.cols, data };
}

function naiveGemm(a: Matrix<FloatArray>, b: Matrix<FloatArray>, o: GemmOptions = {}): Matrix<FloatArray> {
  const { transA = false, transB = false, alpha = 1, beta = 0, c } = o;
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  if ((transB ? b.cols : b.rows) !== k) throw new RangeError("gemm shapes do not align");
  const f32 = a.data instanceof Float32Array && b.data instanceof Float32Array;
  const out = c ?? { rows: m, cols: n, data: f32 ? new Float32Array(m * n) : new Float64Array(m * n) };
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += at(a, transA, [i, t]) * at(b, transB, [t, j]);
      const prev = beta === 0 ? 0 : beta * out.data[i * n + j]!;
      out.data[i * n + j] = alpha * s + prev;
    }
  }
  return out;
}

/** The distance between row i of x and row j of y, straight from the definition. */
function naiveDistance(
  x: Matrix<FloatArray>,
  y: Matrix<FloatArray>,
  o: { i: number; j: number; metric: DistanceMetric },
) {
  const { i, j, metric } = o;
  let dot = 0;
  let nx = 0;
  let ny = 0;
  let sq = 0;
  for (let t = 0; t < x.cols; t++) {
    const u = x.data[i * x.cols + t]!;
    const v = y.data[j * y.cols + t]!;
    dot += u * v;
    nx += u * u;
    ny += v * v;
    sq += (u - v) * (u - v);
  }
  if (metric === "sqeuclidean") return sq;
  return nx === 0 || ny === 0 ? 1 : Math.min(2, Math.max(0, 1 - dot / Math.sqrt(nx * ny)));
}

/** Straightforward loops, Float64 throughout: the reference the pure-TS backend is tested against. */
export const naiveBackend: LinalgBackend = {
  name: "naive",
  priority: -1,
  gemm: naiveGemm,
  spmm: (a, b, o) => naiveGemm(csrDense(a), b, o),
  pairwiseDistances(x, y, o = {}) {
    const metric = o.metric ?? "sqeuclidean";
    const f32 = x.data instanceof Float32Array && y.data instanceof Float32Array;
    const data = f32 ? new Float32Array(x.rows * y.rows) : new Float64Array(x.rows * y.rows);
    for (let i = 0; i < x.rows; i++)
      for (let j = 0; j < y.rows; j++) data[i * y.rows + j] = naiveDistance(x, y, { i, j, metric });
    return { rows: x.rows, cols: y.rows, data };
  },
  topKNeighbours(q, r, o = {}) {
    // Full sort per query: independent of the heap the backends share.
    const { k, metric, excludeSelf, selfOffset } = resolveTopK(q, r, o);
    const indices = new Int32Array(q.rows * k);
    const distances = new Float64Array(q.rows * k);
    for (let i = 0; i < q.rows; i++) {
      const all: [number, number][] = [];
      for (let j = 0; j < r.rows; j++)
        if (!(excludeSelf && i + selfOffset === j)) all.push([naiveDistance(q, r, { i, j, metric }), j]);
      all.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      for (let t = 0; t < k; t++) {
        distances[i * k + t] = all[t]![0];
        indices[i * k + t] = all[t]![1];
      }
    }
    return { k, indices, distances };
  },
  radiusNeighbours(q, r, o) {
    const { radius, metric, excludeSelf, selfOffset } = resolveRadius(q, r, o);
    const found = new RadiusCollector();
    for (let i = 0; i < q.rows; i++)
      for (let j = 0; j < r.rows; j++) {
        const d = naiveDistance(q, r, { i, j, metric });
        if (d <= radius && !(excludeSelf && i + selfOffset === j)) found.add(i, j, d);
      }
    return found.finish(q.rows);
  },
};

/** |x − y| ≤ atol + rtol·|y| elementwise, reporting the first violation. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: { atol: number; rtol: number },
): void {
  expect(actual.length).toBe(expected.length);
  for (let p = 0; p < expected.length; p++) {
    const x = actual[p]!;
    const y = expected[p]!;
    if (x === y) continue;
    const ok = Math.abs(x - y) <= tol.atol + tol.rtol * Math.abs(y);
    if (!ok) expect.fail(`element ${p}: got ${x}, expected ${y} (atol ${tol.atol}, rtol ${tol.rtol})`);
  }
}

/** Tolerances: Float64 results agree to ~1e-10; Float32 ones to what Float32 accumulation over k terms allows. */
function tolerance(f32: boolean, k: number): { atol: number; rtol: number } {
  return f32 ? { atol: 2e-5 * Math.sqrt(k + 1), rtol: 2e-5 } : { atol: 1e-10 * (k + 1), rtol: 1e-10 };
}

const GEMM_SHAPES: [number, number, number][] = [
  [0, 0, 0],
  [1, 1, 1],
  [0, 3, 2],
  [3, 0, 2],
  [3, 2, 0],
  [5, 7, 3],
  [17, 33, 65],
  [70, 260, 9],
  [130, 5, 257],
];

/** What a backend under test must agree with, and which cases to run. */
export interface ConformanceOptions {
  /** Also run sizes that cross the pure backend's tiles (300 × 1100). Default true. */
  large?: boolean;
}

/**
 * Defines the conformance tests for `backend`, each comparing it with `reference` on the same seeded inputs.
 * Neighbour indices must match exactly where distances are exact (small-integer data: true ties, broken by index)
 * and wherever the reference's gaps between consecutive neighbours exceed the tolerance.
 */
export function describeBackendConformance(
  backend: () => LinalgBackend,
  reference: LinalgBackend,
  options: ConformanceOptions = {},
): void {
  const { large = true } = options;
  describe(`gemm agrees with ${reference.name}`, () => {
    for (const dtype of ["f64", "f32"] as const)
      for (const [m, n, k] of GEMM_SHAPES)
        it(`${dtype} ${m}×${k} · ${k}×${n}, every transpose, alpha/beta`, () => {
          let seed = m * 1000 + n * 10 + k;
          for (const transA of [false, true])
            for (const transB of [false, true]) {
              const a = randomMatrix(transA ? k : m, transA ? m : k, { seed: seed++, dtype });
              const b = randomMatrix(transB ? n : k, transB ? k : n, { seed: seed++, dtype });
              const got = backend().gemm(a, b, { transA, transB });
              const want = reference.gemm(a, b, { transA, transB });
              expect([got.rows, got.cols]).toEqual([m, n]);
              expect(got.data.constructor).toBe(dtype === "f32" ? Float32Array : Float64Array);
              expectClose(got.data, want.data, tolerance(dtype === "f32", k));
              const c0 = randomMatrix(m, n, { seed: seed++, dtype });
              const c1 = { ...c0, data: c0.data.slice() };
              const c2 = { ...c0, data: c0.data.slice() };
              const opts = { transA, transB, alpha: -0.5, beta: 2 };
              const r1 = backend().gemm(a, b, { ...opts, c: c1 });
              reference.gemm(a, b, { ...opts, c: c2 });
              expect(r1.data).toBe(c1.data); // written in place
              expectClose(c1.data, c2.data, tolerance(dtype === "f32", k));
            }
        });
    it("mixes Float32 and Float64 inputs into a Float64 result", () => {
      const a = randomMatrix(9, 6, { seed: 1, dtype: "f32" });
      const b = randomMatrix(6, 11, { seed: 2, dtype: "f64" });
      const got = backend().gemm(a, b);
      expect(got.data).toBeInstanceOf(Float64Array);
      expectClose(got.data, reference.gemm(a, b).data, tolerance(false, 6));
    });
    it("rejects shapes that do not align", () => {
      const a = randomMatrix(3, 4, { seed: 1 });
      expect(() => backend().gemm(a, a)).toThrow(RangeError);
      expect(() => backend().gemm(a, a, { transB: true, c: randomMatrix(2, 2, { seed: 1 }) })).toThrow(
        /C must be 3×3/,
      );
    });
  });

  describe(`spmm agrees with ${reference.name}`, () => {
    for (const dtype of ["f64", "f32"] as const)
      for (const [m, n, k] of GEMM_SHAPES)
        it(`${dtype} CSR ${m}×${k} · ${k}×${n}, every transpose`, () => {
          let seed = 7 + m * 1000 + n * 10 + k;
          for (const transA of [false, true])
            for (const transB of [false, true]) {
              const a = randomCsr(transA ? k : m, transA ? m : k, { seed: seed++, density: 0.3, dtype });
              const b = randomMatrix(transB ? n : k, transB ? k : n, { seed: seed++, dtype });
              const c0 = randomMatrix(m, n, { seed: seed++, dtype });
              const c1 = { ...c0, data: c0.data.slice() };
              const c2 = { ...c0, data: c0.data.slice() };
              const opts = { transA, transB, alpha: 1.5, beta: -1 };
              backend().spmm(a, b, { ...opts, c: c1 });
              reference.spmm(a, b, { ...opts, c: c2 });
              expectClose(c1.data, c2.data, tolerance(dtype === "f32", k));
              const plain = backend().spmm(a, b, { transA, transB });
              expectClose(
                plain.data,
                reference.spmm(a, b, { transA, transB }).data,
                tolerance(dtype === "f32", k),
              );
            }
        });
  });

  const DIST_SHAPES: [number, number, number][] = [
    [0, 4, 3],
    [4, 0, 3],
    [1, 1, 1],
    [7, 13, 5],
    [33, 65, 17],
    ...(large ? ([[300, 1100, 7]] as [number, number, number][]) : []),
  ];
  for (const metric of ["sqeuclidean", "cosine"] as const) {
    describe(`${metric} distances and neighbours agree with ${reference.name}`, () => {
      for (const dtype of ["f64", "f32"] as const)
        for (const [nq, nr, d] of DIST_SHAPES)
          it(`${dtype} ${nq} queries × ${nr} refs × ${d} dims`, () => {
            const q = randomMatrix(nq, d, { seed: nq + 3 * nr + d, dtype });
            const r = randomMatrix(nr, d, { seed: nq + 5 * nr + d, dtype });
            if (nr > 2) r.data.fill(0, 0, d); // an all-zero reference row: cosine distance 1 by convention
            const tol = tolerance(dtype === "f32", d);
            const got = backend().pairwiseDistances(q, r, { metric });
            const want = reference.pairwiseDistances(q, r, { metric });
            expect([got.rows, got.cols]).toEqual([nq, nr]);
            expectClose(got.data, want.data, tol);
            const k = Math.min(10, nr);
            const top = backend().topKNeighbours(q, r, { k: 10, metric });
            const ref = reference.topKNeighbours(q, r, { k: 10, metric });
            expect(top.k).toBe(k);
            expectClose(top.distances, ref.distances, tol);
            expectSameNeighbours(top, ref, tol);
            const radius = nr > 0 && nq > 0 ? medianOf(want.data) : 1;
            const inR = backend().radiusNeighbours(q, r, { radius, metric });
            const inRef = reference.radiusNeighbours(q, r, { radius, metric });
            // Matches near the radius may fall either side of it in Float32: compare away from the boundary.
            expectSameWithin(inR, inRef, { radius, slack: tol.atol + tol.rtol * radius });
          });
    });
  }

  describe(`exact ties and self-exclusion agree with ${reference.name}`, () => {
    it("breaks ties by reference index (small-integer data, exact distances)", () => {
      for (const dtype of ["f64", "f32"] as const) {
        // 4 dims of values 0..2: only 81 distinct rows among 1500, so every query has many exact ties.
        const q = randomMatrix(150, 4, { seed: 5, dtype, ints: 3 });
        const r = randomMatrix(1500, 4, { seed: 6, dtype, ints: 3 });
        const top = backend().topKNeighbours(q, r, { k: 7 });
        const ref = reference.topKNeighbours(q, r, { k: 7 });
        expect(Array.from(top.indices)).toEqual(Array.from(ref.indices));
        expect(Array.from(top.distances)).toEqual(Array.from(ref.distances));
        const inR = backend().radiusNeighbours(q, r, { radius: 2 });
        const inRef = reference.radiusNeighbours(q, r, { radius: 2 });
        expect(Array.from(inR.indptr)).toEqual(Array.from(inRef.indptr));
        expect(Array.from(inR.indices)).toEqual(Array.from(inRef.indices));
        expect(Array.from(inR.distances)).toEqual(Array.from(inRef.distances));
      }
    });
    it("excludes each row from its own neighbours", () => {
      const x = randomMatrix(200, 6, { seed: 8, dtype: "f32" });
      const top = backend().topKNeighbours(x, x, { k: 5, excludeSelf: true, metric: "cosine" });
      const ref = reference.topKNeighbours(x, x, { k: 5, excludeSelf: true, metric: "cosine" });
      for (let i = 0; i < 200; i++)
        expect(Array.from(top.indices.subarray(i * 5, i * 5 + 5))).not.toContain(i);
      expectSameNeighbours(top, ref, tolerance(true, 6));
      const dup = randomMatrix(300, 3, { seed: 9, ints: 2 }); // many exact duplicates at distance 0
      const a = backend().topKNeighbours(dup, dup, { k: 4, excludeSelf: true });
      const b = reference.topKNeighbours(dup, dup, { k: 4, excludeSelf: true });
      expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
      const rr = backend().radiusNeighbours(dup, dup, { radius: 0, excludeSelf: true });
      const rb = reference.radiusNeighbours(dup, dup, { radius: 0, excludeSelf: true });
      expect(Array.from(rr.indices)).toEqual(Array.from(rb.indices));
    });
    it("searches a block of the rows against all of them with selfOffset", () => {
      const x = randomMatrix(200, 5, { seed: 10, ints: 3 }); // exact distances: indices must match exactly
      const block = { rows: 100, cols: 5, data: x.data.subarray(50 * 5, 150 * 5) };
      const whole = reference.topKNeighbours(x, x, { k: 6, excludeSelf: true });
      const part = backend().topKNeighbours(block, x, { k: 6, excludeSelf: true, selfOffset: 50 });
      expect(Array.from(part.indices)).toEqual(Array.from(whole.indices.subarray(50 * 6, 150 * 6)));
      const rWhole = reference.radiusNeighbours(x, x, { radius: 1, excludeSelf: true });
      const rPart = backend().radiusNeighbours(block, x, { radius: 1, excludeSelf: true, selfOffset: 50 });
      const from = rWhole.indptr[50]!;
      expect(Array.from(rPart.indices)).toEqual(
        Array.from(rWhole.indices.subarray(from, rWhole.indptr[150]!)),
      );
      expect(() => backend().topKNeighbours(block, x, { excludeSelf: true, selfOffset: 101 })).toThrow(
        /reference rows 101 … 200/,
      );
    });
    it("caps k at the number of references and accepts k = 0", () => {
      const q = randomMatrix(3, 2, { seed: 1 });
      const r = randomMatrix(4, 2, { seed: 2 });
      expect(backend().topKNeighbours(q, r, { k: 10 }).k).toBe(4);
      expect(backend().topKNeighbours(r, r, { k: 10, excludeSelf: true }).k).toBe(3);
      const none = backend().topKNeighbours(q, r, { k: 0 });
      expect([none.k, none.indices.length]).toEqual([0, 0]);
      expect(() => backend().topKNeighbours(r, q, { excludeSelf: true })).toThrow(/the same rows/);
      expect(() => backend().topKNeighbours(q, randomMatrix(4, 3, { seed: 1 }))).toThrow(
        /same number of columns/,
      );
    });
  });
}

function medianOf(x: FloatArray): number {
  const s = Float64Array.from(x).sort();
  return s[s.length >> 1]!;
}

/** Same neighbour lists: indices equal wherever a neighbour's distance is clear of its neighbours' by > tolerance. */
function expectSameNeighbours(
  got: { k: number; indices: Int32Array; distances: Float64Array },
  want: { k: number; indices: Int32Array; distances: Float64Array },
  tol: { atol: number; rtol: number },
): void {
  expect(got.k).toBe(want.k);
  const k = want.k;
  const rows = k === 0 ? 0 : want.indices.length / k;
  for (let i = 0; i < rows; i++) {
    for (let t = 0; t < k; t++) {
      const p = i * k + t;
      const d = want.distances[p]!;
      const slack = 2 * (tol.atol + tol.rtol * Math.abs(d));
      const clearBefore = t === 0 || d - want.distances[p - 1]! > slack;
      // The last kept neighbour also competes with the first one left out, which we cannot see: compare it only
      // by distance.
      const clearAfter = t < k - 1 && want.distances[p + 1]! - d > slack;
      if (clearBefore && clearAfter && got.indices[p] !== want.indices[p])
        expect.fail(`row ${i}, neighbour ${t}: index ${got.indices[p]}, expected ${want.indices[p]}`);
    }
  }
}

/** Same radius matches, except those within `slack` of the radius, which may fall either side. */
function expectSameWithin(
  got: { indptr: Int32Array; indices: Int32Array; distances: Float64Array },
  want: { indptr: Int32Array; indices: Int32Array; distances: Float64Array },
  o: { radius: number; slack: number },
): void {
  expect(got.indptr.length).toBe(want.indptr.length);
  const all = (r: typeof got, i: number) => new Set(r.indices.subarray(r.indptr[i]!, r.indptr[i + 1]!));
  for (let i = 0; i + 1 < want.indptr.length; i++) {
    for (const [a, b] of [
      [got, want],
      [want, got],
    ] as const) {
      const other = all(b, i);
      // Plain checks in the loop (an expect() per match would dominate the run time).
      for (let p = a.indptr[i]!; p < a.indptr[i + 1]!; p++) {
        const d = a.distances[p]!;
        if (d > o.radius) expect.fail(`query ${i}: match ${a.indices[p]} at ${d} > radius ${o.radius}`);
        if (d < o.radius - o.slack && !other.has(a.indices[p]!))
          expect.fail(`query ${i}: reference ${a.indices[p]} at ${d} is missing from one side`);
      }
    }
  }
}
