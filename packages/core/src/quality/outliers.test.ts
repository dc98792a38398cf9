import { describe, expect, it } from "vitest";
import { csrFromDense } from "../linalg/csr.js";
import { pureBackend } from "../linalg/pureBackend.js";
import { radiusNeighbours } from "../linalg/radiusNeighbours.js";
import { radiusNeighboursInChunks } from "../linalg/radiusNeighboursInChunks.js";
import { correctKnnDuplicates } from "./correctKnnDuplicates.js";
import { duplicateSets } from "./duplicateSets.js";
import { exactDuplicateRows } from "./exactDuplicateRows.js";
import { exactDuplicateTexts, foldText } from "./exactDuplicateTexts.js";
import { knnGraph } from "./knnGraph.js";
import { knnOutlierScores } from "./knnOutlierScores.js";
import { nearDuplicateIssues } from "./nearDuplicateIssues.js";
import { nearDuplicatePairs } from "./nearDuplicatePairs.js";
import { median, percentileOfSorted } from "./numeric.js";
import { predProbOutlierScores } from "./predProbOutlierScores.js";

describe("knnOutlierScores", () => {
  it("maps mean distances through exp(−t·d/s) (cleanlab's transform_distances_to_scores docstring example)", () => {
    // cleanlab/internal/outlier.py docstring: distances [[0, .1, .25], [.15, .2, .3]], t = 1, scale 1
    // → [0.88988177, 0.80519832]
    const r = knnOutlierScores(
      { k: 3, indices: new Int32Array(6), distances: Float64Array.of(0, 0.1, 0.25, 0.15, 0.2, 0.3) },
      { scalingFactor: 1 },
    );
    expect(r.scores[0]).toBeCloseTo(0.88988177, 8);
    expect(r.scores[1]).toBeCloseTo(0.80519832, 8);
  });

  it("flags rows beyond Q3 + (1/threshold − 1)·IQR of the mean distances", () => {
    // mean distances 1..8 and 100: Q1 = 3, Q3 = 7 (numpy linear), IQR 4; threshold 0.5 → cut 7 + 4 = 11
    const d = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 100);
    const r = knnOutlierScores({ k: 1, indices: new Int32Array(9), distances: d }, { threshold: 0.5 });
    expect(r.issueThreshold).toBe(11);
    expect(Array.from(r.isIssue)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(r.scalingFactor).toBe(5);
    expect(
      knnOutlierScores({ k: 1, indices: new Int32Array(9), distances: d }, { threshold: 0 }).isIssue,
    ).toEqual(new Uint8Array(9));
  });

  it("scores exact duplicates (mean distance below float noise) as 1 and rejects a k beyond the graph", () => {
    const r = knnOutlierScores({ k: 1, indices: new Int32Array(3), distances: Float64Array.of(1e-16, 1, 2) });
    expect(r.scores[0]).toBe(1);
    expect(() =>
      knnOutlierScores({ k: 1, indices: new Int32Array(1), distances: Float64Array.of(1) }, { k: 2 }),
    ).toThrow(/k must be/);
  });
});

describe("numpy-compatible median and percentile", () => {
  it("averages the middle pair for even n and interpolates linearly", () => {
    expect(median(Float64Array.of(4, 1, 3, 2))).toBe(2.5);
    expect(median(Float64Array.of(5, 1, 3))).toBe(3);
    // np.percentile([1, 2, 3, 4], 75) = 3.25
    expect(percentileOfSorted(Float64Array.of(1, 2, 3, 4), 75)).toBe(3.25);
  });
});

describe("exact duplicates and kNN correction", () => {
  const features = { rows: 4, cols: 2, data: Float64Array.of(1, 0, 0, 1, 1, 0, -0, 1) };

  it("groups identical rows (0 and −0 equal) under the first one's index, whatever the seed", () => {
    expect(Array.from(exactDuplicateRows(features))).toEqual([0, 1, 0, 1]);
    expect(Array.from(exactDuplicateRows(features, 99))).toEqual([0, 1, 0, 1]);
  });

  it("puts copies first at distance 0 and keeps the other neighbours in order", () => {
    // row 0's search found row 1 first (tie-breaking), its copy 2 second with a rounding error
    const graph = {
      k: 2,
      indices: Int32Array.of(1, 2, 3, 0, 0, 1, 1, 0),
      distances: Float64Array.of(1, 1e-17, 1e-17, 1, 0, 1, 0, 1),
    };
    const fixed = correctKnnDuplicates(graph, Int32Array.of(0, 1, 0, 1));
    expect(Array.from(fixed.indices)).toEqual([2, 1, 3, 0, 0, 1, 1, 0]);
    expect(Array.from(fixed.distances)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
  });

  it("knnGraph finds the copies at cosine distance 0", async () => {
    const g = await knnGraph(features, { k: 1 });
    expect(Array.from(g.indices)).toEqual([2, 3, 0, 1]);
    expect(Array.from(g.distances)).toEqual([0, 0, 0, 0]);
  });
});

describe("nearDuplicateIssues", () => {
  it("links neighbours closer than threshold × median nearest distance, symmetrically", () => {
    // nearest distances 0.01, 0.5, 1, 1, 1 → median 1; threshold 0.13 → cut 0.13: only 0 → 1 qualifies
    const graph = {
      k: 1,
      indices: Int32Array.of(1, 2, 3, 4, 3),
      distances: Float64Array.of(0.01, 0.5, 1, 1, 1),
    };
    const r = nearDuplicateIssues(graph);
    expect(r.sets.map((s) => Array.from(s))).toEqual([[1], [0], [], [], []]);
    expect(Array.from(r.isIssue)).toEqual([1, 1, 0, 0, 0]);
    expect(r.scores[0]).toBeCloseTo(1 - Math.exp(-0.01), 15);
  });
});

describe("predProbOutlierScores", () => {
  it("scores 1 − normalised entropy or the top probability, without adjustment", () => {
    const probs = { rows: 2, cols: 2, data: Float64Array.of(0.5, 0.5, 1, 0) };
    const e = predProbOutlierScores(probs, new Int32Array(), { adjust: false });
    expect(Array.from(e.scores)).toEqual([0, 1]);
    const lc = predProbOutlierScores(probs, new Int32Array(), { adjust: false, method: "least_confidence" });
    expect(Array.from(lc.scores)).toEqual([0.5, 1]);
    // median 0.75, cut 0.13 × 0.75: the 0.5 row is not an issue
    expect(lc.issueThreshold).toBeCloseTo(0.0975, 15);
    expect(Array.from(lc.isIssue)).toEqual([0, 0]);
  });
});

describe("text duplicates and duplicate sets", () => {
  it("folds case and whitespace but keeps punctuation", () => {
    expect(foldText("  Call ME\tnow ")).toBe("call me now");
    const g = exactDuplicateTexts(["Call me now", "call  me now", "call me now!", "x", "CALL ME NOW"], 7);
    expect(Array.from(g)).toEqual([0, 0, 2, 3, 0]);
  });

  it("merges exact groups and radius pairs (union–find) and flags sets with different labels", () => {
    // rows 0,1 exact; 2 ≈ 3 ≈ 4 (a chain); 5 alone
    const near = {
      indptr: Int32Array.of(0, 0, 0, 1, 3, 4, 4),
      indices: Int32Array.of(3, 2, 4, 3),
      distances: new Float64Array(4),
    };
    const r = duplicateSets({
      rows: 6,
      group: Int32Array.of(0, 0, 2, 3, 4, 5),
      near,
      labels: Int32Array.of(1, 1, 0, 0, 1, 0),
    });
    expect(r.sets.map((s) => Array.from(s))).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    expect(Array.from(r.setOf)).toEqual([0, 0, 1, 1, 1, -1]);
    expect(Array.from(r.conflicting)).toEqual([0, 1]);
    expect(Array.from(r.exact)).toEqual([1, 0]);
  });

  it("finds cosine-near rows with radiusNeighbours", () => {
    const x = { rows: 3, cols: 2, data: Float64Array.of(1, 0, 0.999, 0.01, 0, 1) };
    const near = radiusNeighbours(x, x, { radius: 0.05, metric: "cosine", excludeSelf: true });
    expect(duplicateSets({ rows: 3, near }).sets.map((s) => Array.from(s))).toEqual([[0, 1]]);
  });
});

describe("sparse rows and chunked radius search", () => {
  // rows 0 and 2 identical, row 1 close to row 0, row 3 orthogonal
  const dense = { rows: 4, cols: 3, data: Float64Array.of(1, 1, 0, 1, 0.9, 0, 1, 1, 0, 0, 0, 1) };
  const sparse = csrFromDense(dense);

  it("groups identical sparse rows and builds the same kNN graph as dense rows", async () => {
    expect(Array.from(exactDuplicateRows(sparse))).toEqual([0, 1, 0, 3]);
    const a = await knnGraph(dense, { k: 2 });
    const b = await knnGraph(sparse, { k: 2 });
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    for (let i = 0; i < a.distances.length; i++) expect(b.distances[i]).toBeCloseTo(a.distances[i]!, 12);
    await expect(knnGraph(sparse, { metric: "sqeuclidean" })).rejects.toThrow(/cosine/);
  });

  it("finds the same pairs above a cosine similarity on dense and sparse rows", async () => {
    const d = await nearDuplicatePairs(dense, { similarity: 0.99 });
    const s = await nearDuplicatePairs(sparse, { similarity: 0.99 });
    expect(Array.from(d.indptr)).toEqual([0, 2, 4, 6, 6]);
    expect(Array.from(s.indptr)).toEqual(Array.from(d.indptr));
    expect(Array.from(s.indices)).toEqual(Array.from(d.indices));
  });

  it("radiusNeighboursInChunks equals one radiusNeighbours call", async () => {
    const one = radiusNeighbours(dense, dense, { radius: 0.5, metric: "cosine", excludeSelf: true });
    const chunked = await radiusNeighboursInChunks(dense, dense, {
      radius: 0.5,
      metric: "cosine",
      excludeSelf: true,
      chunkRows: 3,
      backend: pureBackend,
    });
    expect(chunked).toEqual(one);
  });
});
