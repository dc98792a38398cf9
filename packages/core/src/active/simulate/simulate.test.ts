import { describe, expect, it } from "vitest";
import { matrix } from "../../linalg/matrix.js";
import { createLearner } from "../../models/learner.js";
import { createRng } from "../../random/rng.js";
import { marginStrategy } from "../margin.js";
import { randomStrategy } from "../random.js";
import { labelsToReach } from "./labelsToReach.js";
import { learningCurveArea } from "./learningCurveArea.js";
import { type FitContext, simulateActiveLearning } from "./simulateActiveLearning.js";

/** Two Gaussian blobs in 2-D, 20% overlap-free margin: an easy task where learning curves rise quickly. */
function blobs(n: number, seed: number) {
  const rng = createRng(seed);
  const data = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    data[i * 2] = rng.normal(y[i] === 1 ? 1.5 : -1.5, 1);
    data[i * 2 + 1] = rng.normal(0, 1);
  }
  return { x: matrix(n, 2, data), y };
}

describe("learningCurveArea", () => {
  it("is the trapezoid area over the x range", () => {
    // By hand: points (10, 0.5), (20, 0.7), (40, 0.8): area = 10·0.6 + 20·0.75 = 21 over a range of 30 → 0.7.
    expect(learningCurveArea([10, 20, 40], [0.5, 0.7, 0.8])).toBeCloseTo(0.7, 15);
    expect(learningCurveArea([10, 50], [0.8, 0.8])).toBeCloseTo(0.8, 15);
    expect(learningCurveArea([7], [0.4])).toBe(0.4);
  });

  it("rejects empty, mismatched or non-increasing curves", () => {
    expect(() => learningCurveArea([], [])).toThrow(/at least one point/);
    expect(() => learningCurveArea([1, 2], [0.5])).toThrow(/same length/);
    expect(() => learningCurveArea([1, 1], [0.5, 0.6])).toThrow(/must increase/);
  });
});

describe("labelsToReach", () => {
  it("returns the first x at or above the target, or −1", () => {
    expect(labelsToReach([20, 40, 60, 80], [0.6, 0.75, 0.74, 0.9], 0.75)).toBe(40);
    expect(labelsToReach([20, 40], [0.6, 0.7], 0.95)).toBe(-1);
  });
});

describe("simulateActiveLearning", () => {
  const train = blobs(300, 1);
  const test = blobs(200, 2);
  const learner = createLearner({ model: "logreg", options: { C: 1 } });

  it("labels init rows, then batches, never a row twice, up to the budget", () => {
    const c = simulateActiveLearning(train.x, train.y, {
      strategy: marginStrategy,
      learner,
      test,
      init: 10,
      batch: 15,
      budget: 70,
      seed: 3,
    });
    expect(Array.from(c.labels)).toEqual([10, 25, 40, 55, 70]);
    expect(c.order.length).toBe(70);
    expect(new Set(c.order).size).toBe(70);
    for (const a of c.accuracy) expect(a).toBeGreaterThan(0.8); // blobs 3 sd apart: even 10 labels separate them
    for (const f of c.macroF1) expect(f).toBeGreaterThan(0.8);
  });

  it("is deterministic per seed and differs across seeds", () => {
    const o = { strategy: randomStrategy, learner, test, init: 5, batch: 5, budget: 20 };
    const a = simulateActiveLearning(train.x, train.y, { ...o, seed: 4 });
    expect(simulateActiveLearning(train.x, train.y, { ...o, seed: 4 })).toEqual(a);
    const b = simulateActiveLearning(train.x, train.y, { ...o, seed: 5 });
    expect(Array.from(b.order)).not.toEqual(Array.from(a.order));
  });

  it("stops when the pool runs out before the budget", () => {
    const small = blobs(30, 6);
    const c = simulateActiveLearning(small.x, small.y, {
      strategy: marginStrategy,
      learner,
      test,
      init: 10,
      batch: 12,
      budget: 500,
    });
    expect(Array.from(c.labels)).toEqual([10, 22, 30]);
  });

  it("hands the fit hook every row's features with the labeled rows (the semi-supervised hook)", () => {
    const seen: number[] = [];
    const fit = (ctx: FitContext) => {
      expect(ctx.x.rows).toBe(300);
      expect(ctx.labels.length).toBe(ctx.labeled.length);
      seen.push(ctx.labeled.length);
      return learner(matrix(ctx.labeled.length, 2, pickRows(ctx)), ctx.labels, ctx);
    };
    simulateActiveLearning(train.x, train.y, {
      strategy: marginStrategy,
      learner,
      test,
      init: 8,
      batch: 8,
      budget: 24,
      fit,
    });
    expect(seen).toEqual([8, 16, 24]);
  });

  it("checks its inputs", () => {
    const o = { strategy: randomStrategy, learner, test };
    expect(() => simulateActiveLearning(train.x, train.y.subarray(1), o)).toThrow(/one entry per row/);
    expect(() =>
      simulateActiveLearning(train.x, train.y, { ...o, test: { x: test.x, y: test.y.subarray(1) } }),
    ).toThrow(/one entry per test row/);
    expect(() => simulateActiveLearning(train.x, train.y, { ...o, init: 0 })).toThrow(/init/);
    const signal = { aborted: true, reason: new Error("interrupted") };
    expect(() => simulateActiveLearning(train.x, train.y, { ...o, signal })).toThrow("interrupted");
  });
});

function pickRows(ctx: FitContext): Float64Array {
  const d = (ctx.x as { data: Float64Array }).data;
  return Float64Array.from(Array.from(ctx.labeled).flatMap((i) => [d[i * 2]!, d[i * 2 + 1]!]));
}
