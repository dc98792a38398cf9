import { describe, expect, it } from "vitest";
import { formulaDataset } from "../../../../test-support/formulaData.js";
import { csrFromDense } from "../linalg/csr.js";
import { fromRows } from "../linalg/matrix.js";
import { knn, knnNeighbours, knnProba } from "./knn.js";

/** Brute-force neighbours: every distance computed directly, sorted by (distance, index). */
function bruteForce(
  train: Float64Array,
  query: Float64Array,
  o: { d: number; metric: "cosine" | "euclidean" },
) {
  const { d, metric } = o;
  const n = train.length / d;
  const dist: [number, number][] = [];
  for (let j = 0; j < n; j++) {
    let dot = 0;
    let a = 0;
    let b = 0;
    let sq = 0;
    for (let t = 0; t < d; t++) {
      const u = query[t]!;
      const v = train[j * d + t]!;
      dot += u * v;
      a += u * u;
      b += v * v;
      sq += (u - v) ** 2;
    }
    dist.push([metric === "cosine" ? 1 - dot / Math.sqrt(a * b) : Math.sqrt(sq), j]);
  }
  return dist.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

describe("knn", () => {
  const { x, y } = formulaDataset(60, 4, 3);
  const queries = formulaDataset(80, 4, 3).x;
  const q = { rows: 20, cols: 4, data: queries.data.subarray(60 * 4) };
  for (const metric of ["cosine", "euclidean"] as const) {
    it(`finds the same neighbours as brute force (${metric}, dense and sparse)`, () => {
      const dense = knn(x, y, { k: 4, metric }).model;
      const sparse = knn(csrFromDense(x), y, { k: 4, metric }).model;
      const a = knnNeighbours(dense, q);
      const b = knnNeighbours(sparse, csrFromDense(q));
      for (let i = 0; i < 20; i++) {
        const bf = bruteForce(x.data, q.data.subarray(i * 4, i * 4 + 4), { d: 4, metric });
        for (let t = 0; t < 4; t++) {
          expect(a.indices[i * 4 + t]).toBe(bf[t]![1]);
          expect(b.indices[i * 4 + t]).toBe(bf[t]![1]);
          expect(a.distances[i * 4 + t]).toBeCloseTo(bf[t]![0], 10);
          expect(b.distances[i * 4 + t]).toBeCloseTo(bf[t]![0], 10);
        }
      }
    });
  }

  it("votes: uniform shares, and distance weighting that gives exact matches all the weight", () => {
    const train = fromRows([[0], [1], [2], [10]]);
    const labels = Int32Array.from([0, 0, 1, 1]);
    const uniform = knn(train, labels, { k: 3, metric: "euclidean" }).model;
    expect(Array.from(knnProba(uniform, fromRows([[0.9]])).data)).toEqual([2 / 3, 1 / 3]);
    const weighted = knn(train, labels, { k: 3, metric: "euclidean", weighting: "distance" }).model;
    // Distances 0.1, 0.9, 1.1: weights 10, 1/0.9 (class 0) and 1/1.1 (class 1).
    const p = knnProba(weighted, fromRows([[1.1]])).data;
    const w = [1 / 0.1, 1 / 1.1, 1 / 0.9];
    expect(p[0]).toBeCloseTo((w[0]! + w[1]!) / (w[0]! + w[1]! + w[2]!), 12);
    expect(Array.from(knnProba(weighted, fromRows([[2]])).data)).toEqual([0, 1]);
  });

  it("breaks distance ties by the lower training index and can skip each row itself", () => {
    const train = fromRows([[1], [1], [1]]);
    const m = knn(train, Int32Array.from([0, 1, 1]), { k: 2, metric: "euclidean" }).model;
    expect(Array.from(knnNeighbours(m, train).indices)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(Array.from(knnNeighbours(m, train, { skipSelf: true }).indices)).toEqual([1, 2, 0, 2, 0, 1]);
  });

  it("never asks for more neighbours than there are rows", () => {
    const m = knn(fromRows([[1], [2]]), Int32Array.from([0, 1]), { k: 5 }).model;
    expect(knnNeighbours(m, fromRows([[1]])).k).toBe(2);
  });
});
