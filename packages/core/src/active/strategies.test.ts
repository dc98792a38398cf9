// Known-value tests of the individual strategies; each number is derived in the comment beside it.
import { describe, expect, it } from "vitest";
import { csrFromDense } from "../linalg/csr.js";
import { fromRows, type Matrix } from "../linalg/matrix.js";
import type { EnsembleModel } from "../models/ensemble.js";
import { gradientEmbeddingMatrix, gradientEmbeddings } from "../models/gradientEmbeddings.js";
import type { SoftmaxModel } from "../models/softmaxRegression.js";
import { badgeStrategy } from "./badge.js";
import { baldScores } from "./bald.js";
import { coreSetStrategy } from "./coreSet.js";
import { expectedGradientLengthStrategy } from "./expectedGradientLength.js";
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
