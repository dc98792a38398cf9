import { describe, expect, it } from "vitest";
import {
  describeBackendConformance,
  naiveBackend,
  randomMatrix,
} from "../../../../test-support/linalgConformance.js";
import type { LinalgBackend } from "./backend.js";
import { gemm } from "./gemm.js";
import { NeighbourHeap } from "./neighbourHeap.js";
import { pureBackend } from "./pureBackend.js";
import { getBackend, listBackends, registerBackend, setBackend } from "./registry.js";
import { topKNeighboursInChunks } from "./topKNeighboursInChunks.js";

// The pure-TS backend against straightforward Float64 loops on seeded random inputs (shapes include empty, 1×1,
// and sizes that are not multiples of the 4×4 kernel, the 64×256 gemm blocks or the 256×1024 distance tiles).
describeBackendConformance(() => pureBackend, naiveBackend);

describe("pure-TS kernels: worked values", () => {
  it("multiplies a 2×3 by a 3×2 matrix (by hand) with every transpose", () => {
    const a = { rows: 2, cols: 3, data: Float64Array.of(1, 2, 3, 4, 5, 6) };
    const b = { rows: 3, cols: 2, data: Float64Array.of(7, 8, 9, 10, 11, 12) };
    const at = { rows: 3, cols: 2, data: Float64Array.of(1, 4, 2, 5, 3, 6) };
    const bt = { rows: 2, cols: 3, data: Float64Array.of(7, 9, 11, 8, 10, 12) };
    const want = [58, 64, 139, 154];
    expect(Array.from(gemm(a, b).data)).toEqual(want);
    expect(Array.from(gemm(at, b, { transA: true }).data)).toEqual(want);
    expect(Array.from(gemm(a, bt, { transB: true }).data)).toEqual(want);
    expect(Array.from(gemm(at, bt, { transA: true, transB: true }).data)).toEqual(want);
    const c = { rows: 2, cols: 2, data: Float64Array.of(1, 1, 1, 1) };
    gemm(a, b, { alpha: 2, beta: -1, c });
    expect(Array.from(c.data)).toEqual([115, 127, 277, 307]);
  });

  it("computes distances worked by hand", () => {
    const x = { rows: 2, cols: 2, data: Float64Array.of(0, 0, 3, 4) };
    const y = { rows: 2, cols: 2, data: Float64Array.of(3, 4, 1, 0) };
    expect(Array.from(pureBackend.pairwiseDistances(x, y).data)).toEqual([25, 1, 0, 20]);
    // cos(0°) = 1, cos between (3,4) and (1,0) = 3/5; the zero row has distance 1 to everything.
    const cos = pureBackend.pairwiseDistances(x, y, { metric: "cosine" }).data;
    expect(Array.from(cos).map((v) => Number(v.toFixed(12)))).toEqual([1, 1, 0, 0.4]);
    expect(() => pureBackend.pairwiseDistances(x, y, { metric: "l1" as "cosine" })).toThrow(/metric must be/);
  });

  it("does not materialise large distance matrices in top-k search", () => {
    // 3000 × 3000 would be 72 MB as Float64; the search only holds a 256 × 1024 tile and the k best per row.
    const x = randomMatrix(3000, 3, { seed: 3, dtype: "f32" });
    const top = pureBackend.topKNeighbours(x, x, { k: 1 });
    for (let i = 0; i < 3000; i++) expect(top.distances[i]).toBe(0); // each row is its own nearest neighbour
  });
});

describe("topKNeighboursInChunks", () => {
  it("equals one call, reports progress and stops when aborted", async () => {
    const x = randomMatrix(250, 4, { seed: 12, dtype: "f32" });
    const whole = pureBackend.topKNeighbours(x, x, { k: 3, excludeSelf: true, metric: "cosine" });
    const progress: number[] = [];
    const chunked = await topKNeighboursInChunks(x, x, {
      k: 3,
      excludeSelf: true,
      metric: "cosine",
      backend: pureBackend,
      chunkRows: 100,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([100, 200, 250]);
    expect(Array.from(chunked.indices)).toEqual(Array.from(whole.indices));
    expect(Array.from(chunked.distances)).toEqual(Array.from(whole.distances));
    const controller = new AbortController();
    const run = topKNeighboursInChunks(x, x, {
      chunkRows: 50,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
  });
});

describe("NeighbourHeap", () => {
  it("keeps the k smallest, ties by lower index, and pads short rows", () => {
    const h = new NeighbourHeap(2, 3);
    for (const [d, j] of [
      [5, 0],
      [1, 1],
      [3, 2],
      [1, 3],
      [0.5, 4],
      [3, 5],
      [Number.NaN, 6],
    ] as const)
      h.push(0, d, j);
    h.push(1, 2, 9);
    const r = h.finish();
    expect(Array.from(r.indices)).toEqual([4, 1, 3, 9, -1, -1]);
    expect(Array.from(r.distances)).toEqual([0.5, 1, 1, 2, Infinity, Infinity]);
  });
});

describe("backend registry", () => {
  const fake: LinalgBackend = { ...pureBackend, name: "fake-fast", priority: 5 };
  it("returns the highest-priority backend unless one is pinned", () => {
    expect(getBackend().name).toBe("pure-ts");
    registerBackend(fake);
    expect(getBackend()).toBe(fake);
    expect(listBackends().map((b) => b.name)).toEqual(["fake-fast", "pure-ts"]);
    const before = setBackend("pure-ts");
    expect(before).toBeUndefined();
    expect(getBackend()).toBe(pureBackend);
    setBackend(undefined);
    expect(getBackend()).toBe(fake);
    expect(() => setBackend("gpu")).toThrow(
      /no linalg backend named "gpu" \(registered: pure-ts, fake-fast\)/,
    );
    registerBackend({ ...pureBackend, name: "fake-fast", priority: -5 }); // re-registering replaces
    expect(getBackend().name).toBe("pure-ts");
  });
});
