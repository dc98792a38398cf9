// Known-value tests of the individual strategies; each number is derived in the comment beside it.
import { describe, expect, it } from "vitest";
import { csrFromDense } from "../linalg/csr.js";
import { fromRows, type Matrix } from "../linalg/matrix.js";
import type { EnsembleModel } from "../models/ensemble.js";
import { gradientEmbeddingMatrix, gradientEmbeddings } from "../models/gradientEmbeddings.js";
import type { SoftmaxModel } from "../models/softmaxRegression.js";
import { badgeStrategy } from "./badge.js";
import { baldScores, baldStrategy } from "./bald.js";
import { batchBaldStrategy } from "./batchBald.js";
import { classBalancedStrategy } from "./classBalanced.js";
import { coldStartStrategy } from "./coldStart.js";
import { contrastiveStrategy } from "./contrastive.js";
import { coreSetStrategy } from "./coreSet.js";
import { discriminativeStrategy } from "./discriminative.js";
import { expectedGradientLengthStrategy } from "./expectedGradientLength.js";
import { informationDensityStrategy } from "./informationDensity.js";
import { voteEntropyStrategy } from "./voteEntropy.js";

const none = new Int32Array(0);

describe("core-set", () => {
  // Points on a line: labeled at 0, pool at 1, 2, 5, 10. Farthest first: 10 (distance 10); then 5 (min(5, 5));
  // then 2 (min(2, 3)); then 1 (min(1, 1)).
  const x = fromRows([[0], [1], [2], [5], [10]]);
  const base = {
    labeled: Int32Array.from([0]),
    labels: Int32Array.from([0]),
    batch: 4,
    seed: 1,
    features: x,
  };
  it("picks the farthest row from all centers, in order", () => {
    const r = coreSetStrategy.select({ ...base, pool: Int32Array.from([1, 2, 3, 4]) });
    expect(Array.from(r.indices)).toEqual([4, 3, 2, 1]);
    expect(Array.from(r.scores)).toEqual([10, 5, 2, 1]);
  });
  it("gives the same picks on CSR features", () => {
    const r = coreSetStrategy.select({
      ...base,
      pool: Int32Array.from([1, 2, 3, 4]),
      features: csrFromDense(x),
    });
    expect(Array.from(r.indices)).toEqual([4, 3, 2, 1]);
  });
  it("starts at a seeded random row without labeled rows", () => {
    const r = coreSetStrategy.select({
      ...base,
      labeled: none,
      labels: none,
      pool: Int32Array.from([0, 1, 4]),
    });
    expect(Number.isNaN(r.scores[0]!)).toBe(true);
    expect(r.indices.length).toBe(3);
  });
});

describe("BADGE", () => {
  // A softmax model on 2-d features: the factored distances must equal those between the explicit gradient
  // embeddings of models/gradientEmbeddings.ts (row i: vec((p_i − e_ŷ) ⊗ [x_i, 1])).
  const model: SoftmaxModel = {
    kind: "softmax",
    classes: 3,
    features: 2,
    weights: Float64Array.from([1, -1, 0.5, 0.5, -1, 1]),
    bias: Float64Array.from([0, 0.2, -0.2]),
  };
  const x = fromRows([
    [0.1, 0.2],
    [1, -1],
    [-0.5, 0.5],
    [2, 2],
    [0, 0],
    [-1, -2],
  ]);
  const g = gradientEmbeddingMatrix(gradientEmbeddings(model, x));
  const dist = (i: number, j: number) => {
    let s = 0;
    for (let c = 0; c < g.cols; c++) s += (g.data[i * g.cols + c]! - g.data[j * g.cols + c]!) ** 2;
    return s;
  };
  const norm = (i: number) => Math.sqrt(sq(g, i));
  it("starts at the largest gradient norm and scores later picks by the distance to the nearest center", () => {
    const pool = Int32Array.from([0, 1, 2, 3, 4, 5]);
    const r = badgeStrategy.select({
      pool,
      labeled: none,
      labels: none,
      batch: 3,
      seed: 4,
      features: x,
      model,
    });
    const norms = Array.from(pool, (i) => norm(i));
    const first = norms.indexOf(Math.max(...norms));
    expect(r.indices[0]).toBe(first);
    expect(r.scores[0]).toBeCloseTo(norms[first]!, 12);
    const second = r.indices[1]!;
    expect(r.scores[1]).toBeCloseTo(Math.sqrt(dist(second, first)), 10);
    const third = r.indices[2]!;
    expect(r.scores[2]).toBeCloseTo(Math.sqrt(Math.min(dist(third, first), dist(third, second))), 10);
  });
});

function sq(m: Matrix, i: number): number {
  let s = 0;
  for (let c = 0; c < m.cols; c++) s += m.data[i * m.cols + c]! ** 2;
  return s;
}

describe("expected gradient length", () => {
  it("matches the closed form", () => {
    // p = (0.5, 0.5), x = (3, 4): ‖x‖² + 1 = 26; ‖p − e_y‖ = √(0.25 + 0.25) for both y, so
    // EGL = √26 · √0.5 = √13.
    const r = expectedGradientLengthStrategy.select({
      pool: Int32Array.from([0]),
      labeled: none,
      labels: none,
      batch: 1,
      seed: 0,
      features: fromRows([[3, 4]]),
      probs: fromRows([[0.5, 0.5]]),
    });
    expect(r.scores[0]).toBeCloseTo(Math.sqrt(13), 14);
  });
});

describe("BALD and vote entropy", () => {
  it("BALD is ln 2 for two confident members that disagree, 0 when they agree", () => {
    const a = fromRows([
      [1, 0],
      [0.7, 0.3],
    ]);
    const b = fromRows([
      [0, 1],
      [0.7, 0.3],
    ]);
    const s = baldScores([a, b]);
    expect(s[0]).toBeCloseTo(Math.LN2, 15);
    expect(s[1]).toBeCloseTo(0, 15);
  });
  it("vote entropy of votes (0, 0, 1) is −(2/3 ln 2/3 + 1/3 ln 1/3) = 0.6365141682948128", () => {
    const member = (c: number): SoftmaxModel => ({
      kind: "softmax",
      classes: 2,
      features: 1,
      weights: new Float64Array(2),
      bias: c === 0 ? Float64Array.from([1, 0]) : Float64Array.from([0, 1]),
    });
    const model: EnsembleModel = {
      kind: "ensemble",
      classes: 2,
      features: 1,
      members: [member(0), member(0), member(1)],
    };
    const r = voteEntropyStrategy.select({
      pool: Int32Array.from([0]),
      labeled: none,
      labels: none,
      batch: 1,
      seed: 0,
      features: fromRows([[1]]),
      model,
    });
    expect(r.scores[0]).toBeCloseTo(0.6365141682948128, 14);
  });
});

describe("BatchBALD", () => {
  // Four ensemble members on one-hot features: row A = (1, 0) and its copy A' split the members {1,2} vs {3,4};
  // row B = (0, 1) splits them {1,3} vs {2,4}, a little less confidently (logit scale 2.5 instead of 3), so BALD
  // ranks A and A' above B. Once A is chosen its label pins down {1,2} or {3,4}: A' adds almost nothing while B
  // still adds about one bit, so BatchBALD takes A (or A') and then B, where top-2 BALD takes A and A'.
  const member = (a: number, b: number): SoftmaxModel => ({
    kind: "softmax",
    classes: 2,
    features: 2,
    weights: Float64Array.from([3 * a, 2.5 * b, -3 * a, -2.5 * b]),
    bias: new Float64Array(2),
  });
  const model: EnsembleModel = {
    kind: "ensemble",
    classes: 2,
    features: 2,
    members: [member(1, 1), member(1, -1), member(-1, 1), member(-1, -1)],
  };
  const x = fromRows([
    [1, 0],
    [1, 0],
    [0, 1],
  ]);
  const base = {
    pool: Int32Array.from([0, 1, 2]),
    labeled: none,
    labels: none,
    batch: 2,
    seed: 5,
    features: x,
    model,
  };
  it("avoids the redundant copy that plain BALD takes", () => {
    expect(new Set(baldStrategy.select(base).indices)).toEqual(new Set([0, 1]));
    const r = batchBaldStrategy.select(base);
    expect([0, 1]).toContain(r.indices[0]);
    expect(r.indices[1]).toBe(2);
    // The second pick's gain is B's own BALD score up to the tiny residual dependence: close to ln 2 minus H(σ(2.5)).
    const pB = 1 / (1 + Math.exp(-5));
    expect(r.scores[1]).toBeCloseTo(Math.LN2 + pB * Math.log(pB) + (1 - pB) * Math.log(1 - pB), 2);
  });
  it("with a batch of one agrees with BALD", () => {
    const one = { ...base, batch: 1 };
    expect(batchBaldStrategy.select(one).scores[0]).toBeCloseTo(baldStrategy.select(one).scores[0]!, 12);
  });
});

describe("geometric strategies on two far clusters", () => {
  // Rows 0–4 near (0, 0), rows 5–9 near (10, 10); rows 0 and 1 are labeled (class 0).
  const x = fromRows([
    [0, 0],
    [0.1, 0],
    [0, 0.1],
    [0.1, 0.1],
    [0.05, 0.05],
    [10, 10],
    [10.1, 10],
    [10, 10.1],
    [10.1, 10.1],
    [10.05, 10.05],
  ]);
  const pool = Int32Array.from([2, 3, 4, 5, 6, 7, 8, 9]);
  const base = {
    pool,
    labeled: Int32Array.from([0, 1]),
    labels: Int32Array.from([0, 0]),
    seed: 2,
    features: x,
  };
  it("k-means cold start takes one row from each cluster", () => {
    const r = coldStartStrategy.select({ ...base, batch: 2 });
    const sides = Array.from(r.indices, (i) => (i >= 5 ? 1 : 0)).sort();
    expect(sides).toEqual([0, 1]);
  });
  it("DAL takes rows of the cluster without labels", () => {
    const r = discriminativeStrategy.select({ ...base, batch: 3, options: { subBatches: 1 } });
    for (const i of r.indices) expect(i).toBeGreaterThanOrEqual(5);
    // In sub-batches of one the chosen far rows count as labeled, so the far cluster stops looking unlabeled.
    const steps = discriminativeStrategy.select({ ...base, batch: 3, options: { subBatches: 3 } });
    expect(steps.indices[0]).toBeGreaterThanOrEqual(5);
    expect(steps.scores[2]).toBeLessThan(steps.scores[0]!);
  });
});

describe("information density, CAL and class-balanced batches", () => {
  it("information density is entropy × mean cosine similarity to the pool", () => {
    // Pool rows (1, 0) and (0, 1): the mean unit vector is (0.5, 0.5), so each row's mean similarity is 0.5 (cos 0
    // with itself = 1, with the other 0); with p = (0.5, 0.5) the entropy is ln 2, so the score is 0.5 ln 2.
    const r = informationDensityStrategy.select({
      pool: Int32Array.from([0, 1]),
      labeled: none,
      labels: none,
      batch: 2,
      seed: 0,
      features: fromRows([
        [1, 0],
        [0, 1],
      ]),
      probs: fromRows([
        [0.5, 0.5],
        [0.5, 0.5],
      ]),
    });
    expect(r.scores[0]).toBeCloseTo(0.5 * Math.LN2, 15);
  });
  it("CAL scores the mean KL from the nearest labeled rows' predictions", () => {
    // Labeled rows 0 (p = (0.9, 0.1)) and 1 (p = (0.5, 0.5)); pool row 2 (p = (0.5, 0.5)) is nearest to row 0, so
    // with one neighbour its score is KL((0.9, 0.1) ‖ (0.5, 0.5)) = 0.9 ln 1.8 + 0.1 ln 0.2 = 0.3680642071684971.
    const r = contrastiveStrategy.select({
      pool: Int32Array.from([2]),
      labeled: Int32Array.from([0, 1]),
      labels: Int32Array.from([0, 1]),
      batch: 1,
      seed: 0,
      features: fromRows([[0], [5], [1]]),
      probs: fromRows([
        [0.9, 0.1],
        [0.5, 0.5],
        [0.5, 0.5],
      ]),
      options: { neighbours: 1 },
    });
    expect(r.scores[0]).toBeCloseTo(0.9 * Math.log(1.8) + 0.1 * Math.log(0.2), 14);
  });
  it("class-balanced batches fill the class with the fewest labels first", () => {
    // Three labeled rows of class 0, none of class 1; the pool predicts class 0 for rows 3–6 and class 1 for 7–8.
    const probs = fromRows([
      [0.9, 0.1],
      [0.9, 0.1],
      [0.9, 0.1],
      [0.6, 0.4],
      [0.55, 0.45],
      [0.7, 0.3],
      [0.8, 0.2],
      [0.2, 0.8],
      [0.4, 0.6],
    ]);
    const r = classBalancedStrategy.select({
      pool: Int32Array.from([3, 4, 5, 6, 7, 8]),
      labeled: Int32Array.from([0, 1, 2]),
      labels: Int32Array.from([0, 0, 0]),
      batch: 4,
      seed: 0,
      probs,
    });
    // Class 1 (0 labels) gets its most uncertain row 8, then row 7 (counts 1, 2 < 3); then class 0 (3) and class 1
    // (2): class 1 has no rows left, so class 0's most uncertain row 4.
    expect(Array.from(r.indices)).toEqual([8, 7, 4, 3]);
  });
});
