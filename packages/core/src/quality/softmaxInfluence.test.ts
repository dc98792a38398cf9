import { describe, expect, it } from "vitest";
import { gaussianBlobs } from "../../../../test-support/blobs.js";
import { formulaDataset } from "../../../../test-support/formulaData.js";
import { reportMeasured } from "../../../../test-support/measure.js";
import { csrFromDense, selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { auroc } from "../metrics/detection.js";
import { softmaxCrossEntropy } from "../models/shared.js";
import { type SoftmaxModel, softmaxLogits, softmaxRegression } from "../models/softmaxRegression.js";
import { createRng } from "../random/rng.js";
import { flipLabels } from "../simulate/flipLabels.js";
import { conjugateGradients, softmaxInfluence } from "./softmaxInfluence.js";

const C = 0.5;
const fit = (x: Matrix, y: Int32Array) =>
  softmaxRegression(x, y, { classes: 3, C, solver: "lbfgs", tolerance: 1e-11, maxIterations: 5000 }).model;
const totalLoss = (m: SoftmaxModel, x: Matrix, y: Int32Array) => softmaxCrossEntropy(softmaxLogits(m, x), y);

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

// formulaDataset (test-support/formulaData.ts): 150 training rows, 4 features, 3 classes; 40 more rows as the test
// set. Strong L2 (C = 0.5) and lbfgs to a gradient of 1e-11 so leave-one-out refits are exact minimisers.
const all = formulaDataset(190, 4, 3);
const trainRows = Int32Array.from({ length: 150 }, (_, i) => i);
const testRows = Int32Array.from({ length: 40 }, (_, i) => 150 + i);
const train = { x: selectRows(all.x, trainRows), y: all.y.slice(0, 150) };
const test = { x: selectRows(all.x, testRows), y: all.y.slice(150) };
const model = fit(train.x, train.y);

describe("softmaxInfluence: derivatives", () => {
  const inf = softmaxInfluence(model, train, { C });
  it("has a vanishing objective gradient at the fitted model", () => {
    const g = inf.objectiveGradient();
    expect(inf.parameters).toBe(3 * 4 + 3);
    // lbfgs stops on a relative objective change of 1e-15 before a gradient of 1e-11 × 150 here.
    expect(Math.max(...g.map(Math.abs))).toBeLessThan(1e-5);
  });

  it("gives Hessian-vector products equal to central differences of the gradient", () => {
    const rng = createRng(2);
    const v = Float64Array.from({ length: inf.parameters }, () => rng.normal());
    const h = 1e-5;
    const shifted = (s: number) => {
      const w = model.weights.map((wj, j) => wj + s * v[j]!);
      const b = model.bias.map((bc, c) => bc + s * v[12 + c]!);
      const m: SoftmaxModel = { ...model, weights: w, bias: b };
      const g = softmaxInfluence(m, train, { C });
      return g.objectiveGradient();
    };
    const up = shifted(h);
    const down = shifted(-h);
    const hv = inf.hessianVectorProduct(v);
    for (let j = 0; j < hv.length; j++) expect(hv[j]!).toBeCloseTo((up[j]! - down[j]!) / (2 * h), 5);
  });

  it("solves H s = v by conjugate gradients", () => {
    const v = inf.lossGradient(test.x, test.y);
    const s = inf.inverseHvp(v);
    expect(s.converged).toBe(true);
    const back = inf.hessianVectorProduct(s.solution);
    for (let j = 0; j < v.length; j++) expect(back[j]!).toBeCloseTo(v[j]!, 8);
    // A 2 × 2 system with a known answer: [[4, 1], [1, 3]] s = [1, 2] → s = [1/11, 7/11].
    const small = conjugateGradients(
      (p) => Float64Array.of(4 * p[0]! + p[1]!, p[0]! + 3 * p[1]!),
      Float64Array.of(1, 2),
      {
        tolerance: 1e-14,
        maxIterations: 10,
      },
    );
    expect(small.solution[0]).toBeCloseTo(1 / 11, 12);
    expect(small.solution[1]).toBeCloseTo(7 / 11, 12);
  });

  it("gives the same answers on sparse features", () => {
    const sparse = softmaxInfluence(model, { x: csrFromDense(train.x), y: train.y }, { C });
    const a = inf.testInfluence(test.x, test.y).influence;
    const b = sparse.testInfluence(csrFromDense(test.x), test.y).influence;
    for (let i = 0; i < a.length; i++) expect(b[i]!).toBeCloseTo(a[i]!, 10);
  });
});

describe("softmaxInfluence against leave-one-out retraining (Koh & Liang 2017, Fig. 2)", () => {
  const inf = softmaxInfluence(model, train, { C });
  const full = {
    set: totalLoss(model, test.x, test.y),
    one: totalLoss(model, selectRows(test.x, [0]), test.y.slice(0, 1)),
  };
  const actualSet = new Float64Array(150);
  const actualOne = new Float64Array(150);
  for (let i = 0; i < 150; i++) {
    const keep = Int32Array.from({ length: 149 }, (_, t) => (t < i ? t : t + 1));
    const m = fit(
      selectRows(train.x, keep),
      Int32Array.from(keep, (r) => train.y[r]!),
    );
    actualSet[i] = totalLoss(m, test.x, test.y) - full.set;
    actualOne[i] = totalLoss(m, selectRows(test.x, [0]), test.y.slice(0, 1)) - full.one;
  }

  it("predicts the change of a test set's total loss (Pearson ≥ 0.95)", () => {
    const predicted = inf.testInfluence(test.x, test.y);
    expect(predicted.testLoss).toBeCloseTo(full.set, 10);
    const r = reportMeasured(
      "influence vs LOO, 40-row test set, Pearson r",
      pearson(predicted.leaveOneOut, actualSet),
    );
    expect(r).toBeGreaterThanOrEqual(0.95);
    for (let i = 0; i < 150; i++) expect(predicted.influence[i]).toBe(-predicted.leaveOneOut[i]!);
  });

  it("predicts the change of a single test point's loss (Pearson ≥ 0.95)", () => {
    const predicted = inf.testInfluence(selectRows(test.x, [0]), test.y.slice(0, 1));
    const r = reportMeasured(
      "influence vs LOO, single test point, Pearson r",
      pearson(predicted.leaveOneOut, actualOne),
    );
    expect(r).toBeGreaterThanOrEqual(0.95);
  });
});

describe("softmaxInfluence self-influence", () => {
  it("ranks flipped labels above clean ones", () => {
    const blobs = gaussianBlobs({ n: 300, d: 4, k: 3, rng: createRng(4) });
    const noisy = flipLabels(blobs.y, { rate: 0.15, classes: 3, seed: 8 });
    const m = softmaxRegression(blobs.x, noisy.labels, { classes: 3, C: 1 }).model;
    const inf = softmaxInfluence(m, { x: blobs.x, y: noisy.labels }, { C: 1 });
    let last = [0, 0];
    const self = inf.selfInfluence({
      onRow: (done, total) => {
        last = [done, total];
        return false;
      },
    });
    expect(last).toEqual([300, 300]);
    const a = reportMeasured("influence self-influence AUROC (blobs, 15% noise)", auroc(self, noisy.flipped));
    expect(a).toBeGreaterThan(0.85);
    // The blocked solver against one plain conjugate-gradient solve per row, dense and sparse.
    const sparse = softmaxInfluence(m, { x: csrFromDense(blobs.x), y: noisy.labels }, { C: 1 });
    const fromSparse = sparse.selfInfluence({ rows: [0, 7, 299] });
    for (const i of [0, 7, 299]) {
      const g = inf.lossGradient(selectRows(blobs.x, [i]), noisy.labels.slice(i, i + 1));
      const h = inf.inverseHvp(g).solution;
      const explicit = g.reduce((acc, gj, j) => acc + gj * h[j]!, 0);
      expect(self[i]!).toBeCloseTo(explicit, 8);
      expect(fromSparse[i]!).toBeCloseTo(explicit, 8);
    }
    const some = inf.selfInfluence({ rows: [3, 5] });
    expect(some[3]).toBeCloseTo(self[3]!, 10);
    expect(Number.isNaN(some[0]!)).toBe(true);
  });

  it("rejects mismatched inputs", () => {
    expect(() => softmaxInfluence(model, { x: test.x, y: train.y }, { C })).toThrow(/same number of rows/);
    expect(() => softmaxInfluence(model, train, { C: 0 })).toThrow(/C/);
    const inf = softmaxInfluence(model, train, { C });
    expect(() => inf.hessianVectorProduct(new Float64Array(3))).toThrow(/15 parameters/);
  });
});
