import { describe, expect, it } from "vitest";
import { formulaDataset, formulaWeights } from "../../../../test-support/formulaData.js";
import { referenceJson } from "../../../../test-support/index.js";
import { csrFromDense } from "../linalg/csr.js";
import { softmaxRows } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { softmaxLogits, softmaxRegression } from "./softmaxRegression.js";

interface Fit {
  C: number;
  coef: number[][];
  intercept: number[];
  log_loss: number;
  proba_first_rows: number[][];
}
interface Reference {
  logreg_3class: { class_counts: number[]; fits: Fit[] };
  logreg_binary: { class_counts: number[]; fits: Fit[] };
}

// From `/usr/bin/python3 reference/models_sklearn.py` (Debian python3-sklearn 1.2.1, numpy 1.24.2, scipy 1.10.1):
// LogisticRegression(multi_class="multinomial", solver="lbfgs", C, tol=1e-12, max_iter=100000) on formulaDataset.
// sklearn's own answer is 1.8e-5–2.2e-5 away from the exact optimum (it also stops on a relative objective change
// of 2.2e-9); the script records that distance. The issue asks for 1e-4 in log-loss and coefficients.
const ref = referenceJson<Reference>("models_sklearn.json");

function meanLogLoss(p: Float64Array, y: Int32Array, w?: Float64Array): number {
  const k = p.length / y.length;
  let s = 0;
  let sw = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i]! : 1;
    s -= wi * Math.log(p[i * k + y[i]!]!);
    sw += wi;
  }
  return s / sw;
}

describe("softmaxRegression (lbfgs) against scikit-learn 1.2.1", () => {
  const { x, y } = formulaDataset(300, 5, 3);
  it("sees the same dataset as the reference run", () => {
    const counts = [0, 0, 0];
    for (const c of y) counts[c]!++;
    expect(counts).toEqual(ref.logreg_3class.class_counts);
  });

  ref.logreg_3class.fits.forEach((fit, f) => {
    it(`matches coefficients, intercepts and log-loss (C = ${fit.C}${f === 2 ? ", sample weights" : ""})`, () => {
      const sampleWeight = f === 2 ? formulaWeights(300) : undefined;
      const r = softmaxRegression(x, y, { C: fit.C, solver: "lbfgs", tolerance: 1e-10, sampleWeight });
      expect(r.converged).toBe(true);
      for (let c = 0; c < 3; c++) {
        for (let j = 0; j < 5; j++)
          expect(Math.abs(r.model.weights[c * 5 + j]! - fit.coef[c]![j]!)).toBeLessThan(1e-4);
        expect(Math.abs(r.model.bias[c]! - fit.intercept[c]!)).toBeLessThan(1e-4);
      }
      const p = softmaxRows(softmaxLogits(r.model, x));
      expect(Math.abs(meanLogLoss(p.data, y, sampleWeight) - fit.log_loss)).toBeLessThan(1e-4);
      for (const [i, row] of fit.proba_first_rows.entries())
        for (const [c, v] of row.entries()) expect(p.data[i * 3 + c]).toBeCloseTo(v, 4);
      // The objective never increases along the lbfgs iterations.
      for (let t = 1; t < r.objective.length; t++)
        expect(r.objective[t]!).toBeLessThanOrEqual(r.objective[t - 1]!);
    });
  });

  it("matches the binary case (sklearn keeps only the second class's row; the first is its negative)", () => {
    const b = formulaDataset(200, 4, 2);
    const fit = ref.logreg_binary.fits[0]!;
    const r = softmaxRegression(b.x, b.y, { C: fit.C, solver: "lbfgs", tolerance: 1e-10 });
    for (let j = 0; j < 4; j++) {
      expect(Math.abs(r.model.weights[4 + j]! - fit.coef[0]![j]!)).toBeLessThan(1e-4);
      expect(r.model.weights[j]!).toBeCloseTo(-r.model.weights[4 + j]!, 8);
    }
    expect(Math.abs(r.model.bias[1]! - fit.intercept[0]!)).toBeLessThan(1e-4);
    const p = softmaxRows(softmaxLogits(r.model, b.x));
    expect(Math.abs(meanLogLoss(p.data, b.y) - fit.log_loss)).toBeLessThan(1e-4);
  });
});

describe("softmaxRegression invariants", () => {
  const { x, y } = formulaDataset(120, 6, 4);

  it("gives the same model from sparse (CSR) and dense features", () => {
    const dense = softmaxRegression(x, y, { solver: "lbfgs", tolerance: 1e-9 });
    const sparse = softmaxRegression(csrFromDense(x), y, { solver: "lbfgs", tolerance: 1e-9 });
    for (const [j, w] of dense.model.weights.entries()) expect(sparse.model.weights[j]).toBeCloseTo(w, 7);
  });

  it("does not depend on the order of the rows", () => {
    const perm = createRng(3).permutation(120);
    const xp = new Float64Array(x.data.length);
    const yp = new Int32Array(120);
    perm.forEach((src, i) => {
      xp.set(x.data.subarray(src * 6, src * 6 + 6), i * 6);
      yp[i] = y[src]!;
    });
    const a = softmaxRegression(x, y, { solver: "lbfgs", tolerance: 1e-9 });
    const b = softmaxRegression({ rows: 120, cols: 6, data: xp }, yp, { solver: "lbfgs", tolerance: 1e-9 });
    for (const [j, w] of a.model.weights.entries()) expect(b.model.weights[j]).toBeCloseTo(w, 6);
  });

  it("weights of 2 equal repeating a row", () => {
    const w = new Float64Array(120).fill(1);
    w[0] = 2;
    const rows = Array.from({ length: 121 }, (_, i) => (i === 120 ? 0 : i));
    const xr = new Float64Array(121 * 6);
    const yr = new Int32Array(121);
    rows.forEach((src, i) => {
      xr.set(x.data.subarray(src * 6, src * 6 + 6), i * 6);
      yr[i] = y[src]!;
    });
    const a = softmaxRegression(x, y, { solver: "lbfgs", tolerance: 1e-10, sampleWeight: w });
    const b = softmaxRegression({ rows: 121, cols: 6, data: xr }, yr, { solver: "lbfgs", tolerance: 1e-10 });
    for (const [j, v] of a.model.weights.entries()) expect(b.model.weights[j]).toBeCloseTo(v, 6);
  });

  it("gets close to the lbfgs optimum with the minibatch solver, reproducibly per seed", () => {
    const exact = softmaxRegression(x, y, { solver: "lbfgs" });
    const epochs: number[] = [];
    const mb = softmaxRegression(x, y, {
      solver: "minibatch",
      epochs: 300,
      batchSize: 16,
      learningRate: 0.01,
      tolerance: 0,
      seed: 5,
      onEpoch: (info) => {
        epochs.push(info.epoch);
        expect(info.logits().rows).toBe(120);
        return undefined;
      },
    });
    expect(mb.iterations).toBe(300);
    expect(epochs).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const pe = softmaxRows(softmaxLogits(exact.model, x));
    const pm = softmaxRows(softmaxLogits(mb.model, x));
    expect(Math.abs(meanLogLoss(pm.data, y) - meanLogLoss(pe.data, y))).toBeLessThan(0.01);
    const again = softmaxRegression(x, y, { solver: "minibatch", epochs: 5, seed: 5 });
    const again2 = softmaxRegression(x, y, { solver: "minibatch", epochs: 5, seed: 5 });
    expect(Array.from(again.model.weights)).toEqual(Array.from(again2.model.weights));
  });

  it("stops lbfgs when shouldStop says so (cancellation)", () => {
    const r = softmaxRegression(x, y, { solver: "lbfgs", shouldStop: () => true });
    expect(r).toMatchObject({ iterations: 1, converged: false });
  });

  it("stops when the epoch hook returns true", () => {
    const r = softmaxRegression(x, y, { solver: "minibatch", epochs: 50, onEpoch: (i) => i.epoch === 2 });
    expect(r.iterations).toBe(3);
    expect(r.converged).toBe(false);
  });

  it("keeps a class that has no rows (its probabilities shrink toward 0)", () => {
    const r = softmaxRegression(x, y, { classes: 5, solver: "lbfgs" });
    const p = softmaxRows(softmaxLogits(r.model, x));
    expect(p.cols).toBe(5);
    for (let i = 0; i < 120; i++) expect(p.data[i * 5 + 4]!).toBeLessThan(0.05);
  });

  it("rejects bad input with precise messages", () => {
    expect(() => softmaxRegression(x, y.subarray(1))).toThrow(/same number of rows \(got 120 and 119\)/);
    expect(() => softmaxRegression(x, y, { classes: 2 })).toThrow(
      /labels\[\d+\] must be an integer code in \[0, 2\)/,
    );
    expect(() => softmaxRegression(x, y, { C: 0 })).toThrow(/C must be between/);
    const r = softmaxRegression(x, y);
    expect(() => softmaxLogits(r.model, { rows: 1, cols: 5, data: new Float64Array(5) })).toThrow(
      /expects 6 features per row \(got 5\)/,
    );
  });
});
