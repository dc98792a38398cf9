// One conformance suite that every registered query strategy runs: a batch is a subset of the pool without repeats
// (never a labeled row), the same seed gives the same batch, a batch larger than the pool returns the whole pool,
// and an empty pool or a zero batch returns nothing. Fixture: three Gaussian blobs in 4 dimensions.
import { describe, expect, it } from "vitest";
import type { Matrix } from "../linalg/matrix.js";
import { createLearner } from "../models/learner.js";
import { predictProba } from "../models/predict.js";
import { softmaxRegression } from "../models/softmaxRegression.js";
import { createRng } from "../random/rng.js";
import { queryStrategies } from "./registry.js";
import type { QueryContext } from "./types.js";

const ROWS = 90;
const CLASSES = 3;
const DIMS = 4;

function blobs(seed: number): { x: Matrix; y: Int32Array } {
  const rng = createRng(seed);
  const data = new Float64Array(ROWS * DIMS);
  const y = new Int32Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    y[i] = i % CLASSES;
    for (let j = 0; j < DIMS; j++) data[i * DIMS + j] = rng.normal(j === y[i] ? 2 : 0, 1);
  }
  return { x: { rows: ROWS, cols: DIMS, data }, y };
}

const { x, y } = blobs(7);
// Two labeled rows per class; the rest is the pool.
const labeled = Int32Array.from([0, 1, 2, 3, 4, 5]);
const labels = Int32Array.from(labeled, (i) => y[i]!);
const pool = Int32Array.from({ length: ROWS - labeled.length }, (_, t) => t + labeled.length);
const learner = createLearner({ model: "logreg" });
const model = softmaxRegression(
  { rows: labeled.length, cols: DIMS, data: x.data.slice(0, labeled.length * DIMS) },
  labels,
  {
    classes: CLASSES,
  },
).model;
const probs = predictProba(model, x);

function context(over: Partial<QueryContext> = {}): QueryContext {
  return {
    pool,
    labeled,
    labels,
    batch: 7,
    seed: 11,
    classes: CLASSES,
    features: x,
    probs,
    learner,
    options: { members: 3, samples: 5 },
    ...over,
  };
}

describe.each(Object.values(queryStrategies))("query strategy $name", (strategy) => {
  it("chooses `batch` distinct pool rows, never a labeled one, with aligned scores", () => {
    const { indices, scores } = strategy.select(context());
    expect(indices.length).toBe(7);
    expect(scores.length).toBe(7);
    const inPool = new Set(pool);
    expect(new Set(indices).size).toBe(7);
    for (const i of indices) expect(inPool.has(i)).toBe(true);
  });

  it("is deterministic per seed", () => {
    const a = strategy.select(context({ seed: 3 }));
    const b = strategy.select(context({ seed: 3 }));
    expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
    expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
  });

  it("returns the whole pool when the batch is larger", () => {
    const small = Int32Array.from([10, 20, 30, 40, 50]);
    const { indices } = strategy.select(context({ pool: small, batch: 50 }));
    expect(Array.from(indices).sort((a, b) => a - b)).toEqual(Array.from(small));
  });

  it("returns nothing for an empty pool or a zero batch", () => {
    expect(strategy.select(context({ pool: new Int32Array(0) })).indices.length).toBe(0);
    expect(strategy.select(context({ batch: 0 })).indices.length).toBe(0);
  });

  it("rejects a pool that overlaps the labeled rows or repeats a row", () => {
    expect(() => strategy.select(context({ pool: Int32Array.from([0, 10, 11]) }))).toThrow(/labeled/);
    expect(() => strategy.select(context({ pool: Int32Array.from([10, 10]) }))).toThrow(/repeated/);
  });

  it.skipIf(!strategy.requires.includes("probs"))(
    "works from features and a learner alone (no probs)",
    () => {
      const { indices } = strategy.select(context({ probs: undefined }));
      expect(new Set(indices).size).toBe(7);
    },
  );
});
