// Noise-robust training: the losses wired into softmax regression and the MLP, co-teaching, truncated pruning.
import { describe, expect, it } from "vitest";
import { formulaDataset, formulaWeights } from "../../../../test-support/formulaData.js";
import { worstGradientError } from "../../../../test-support/gradientCheck.js";
import { csrFromDense } from "../linalg/csr.js";
import { argmaxRows, type Matrix } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { flipLabels } from "../simulate/flipLabels.js";
import { coTeaching } from "./coTeaching.js";
import { createLearner } from "./learner.js";
import { createLoss } from "./losses/createLoss.js";
import type { LossSpec } from "./losses/types.js";
import { type MlpModel, mlp, mlpObjective } from "./mlp.js";
import { initLayer } from "./network.js";
import { predictProba } from "./predict.js";
import { pruneLowConfidence } from "./pruneLowConfidence.js";
import { softmaxLogits, softmaxRegression } from "./softmaxRegression.js";

/** K Gaussian classes in d dimensions, means on the axes at distance `sep`, unit noise. */
function blobs(
  n: number,
  opts: { k: number; d: number; sep: number; seed: number },
): { x: Matrix; y: Int32Array } {
  const { k, d, sep, seed } = opts;
  const rng = createRng(seed);
  const x = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(k);
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal() + (j === c % d ? sep : 0);
  }
  return { x: { rows: n, cols: d, data: x }, y };
}

const accuracyOf = (truth: Int32Array, probs: Matrix) => {
  const pred = argmaxRows(probs);
  let hit = 0;
  for (let i = 0; i < truth.length; i++) if (pred[i] === truth[i]) hit++;
  return hit / truth.length;
};

describe("softmaxRegression with a robust loss", () => {
  const { x, y } = formulaDataset(120, 4, 3);
  const sampleWeight = formulaWeights(120);
  it("forward correction with T = I is the cross-entropy fit", () => {
    const identity = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const a = softmaxRegression(x, y, { C: 0.5, sampleWeight });
    const b = softmaxRegression(x, y, {
      C: 0.5,
      sampleWeight,
      loss: { kind: "forward", transition: identity },
    });
    for (const [j, w] of a.model.weights.entries()) expect(b.model.weights[j]).toBeCloseTo(w, 6);
  });
  for (const spec of [
    { kind: "gce", q: 0.7 },
    { kind: "mae" },
    { kind: "sce" },
    { kind: "smoothing", epsilon: 0.2 },
    {
      kind: "forward",
      transition: [
        [0.8, 0.1, 0.1],
        [0.2, 0.7, 0.1],
        [0, 0.3, 0.7],
      ],
    },
  ] as LossSpec[]) {
    it(`lbfgs with ${spec.kind} stops at a stationary point of Σ w·ℓ + ‖W‖²/(2C)`, () => {
      const C = 2;
      const r = softmaxRegression(x, y, { C, sampleWeight, loss: spec, tolerance: 1e-8 });
      expect(r.converged).toBe(true);
      // The objective recomputed here from the loss alone, then differentiated numerically.
      const loss = createLoss(spec, 3);
      const f = () => {
        let pen = 0;
        for (const w of r.model.weights) pen += w * w;
        return loss(softmaxLogits(r.model, x), y, { weight: sampleWeight }) + pen / (2 * C);
      };
      const zero = [new Float64Array(r.model.weights.length), new Float64Array(3)];
      let worst = 0;
      for (const [q, p] of [r.model.weights, r.model.bias].entries())
        for (let j = 0; j < p.length; j++) {
          const keep = p[j]!;
          p[j] = keep + 1e-5;
          const up = f();
          p[j] = keep - 1e-5;
          const down = f();
          p[j] = keep;
          worst = Math.max(worst, Math.abs((up - down) / 2e-5 - zero[q]![j]!));
        }
      expect(worst).toBeLessThan(1e-4);
    });
  }
  it("minibatch training takes a loss too; noisy label annealing needs it", () => {
    const r = softmaxRegression(x, y, { solver: "minibatch", epochs: 5, loss: { kind: "nla" } });
    expect(r.iterations).toBe(5);
    expect(() => softmaxRegression(x, y, { solver: "lbfgs", loss: { kind: "nla" } })).toThrow(
      "needs the training progress",
    );
  });
  it("forward correction undoes class-conditional noise that biases cross-entropy (Patrini et al. 2017)", () => {
    // 40% of class 0 is labelled 1; class 1 is clean. Cross-entropy moves the boundary into class 0.
    const train = blobs(3000, { k: 2, d: 2, sep: 1.5, seed: 1 });
    const test = blobs(3000, { k: 2, d: 2, sep: 1.5, seed: 2 });
    const transition = [
      [0.6, 0.4],
      [0, 1],
    ];
    const noisy = flipLabels(train.y, {
      transition: { rows: 2, cols: 2, data: Float64Array.from(transition.flat()) },
      seed: 3,
    });
    const ce = softmaxRegression(train.x, noisy.labels, { C: 10 });
    const fwd = softmaxRegression(train.x, noisy.labels, { C: 10, loss: { kind: "forward", transition } });
    const clean = softmaxRegression(train.x, train.y, { C: 10 });
    const accCe = accuracyOf(test.y, predictProba(ce.model, test.x));
    const accFwd = accuracyOf(test.y, predictProba(fwd.model, test.x));
    const accClean = accuracyOf(test.y, predictProba(clean.model, test.x));
    expect(accFwd).toBeGreaterThan(accCe + 0.05);
    expect(accFwd).toBeGreaterThan(accClean - 0.02);
  });
});

describe("mlpObjective with a robust loss passes a finite-difference check", () => {
  const { x, y } = formulaDataset(9, 4, 3);
  const weight = formulaWeights(9);
  const model = (hidden: number[]): MlpModel => {
    const rng = createRng(4);
    const sizes = [4, ...hidden, 3];
    const layers = sizes.slice(0, -1).map((inputs, l) => {
      const layer = initLayer(rng, { inputs, outputs: sizes[l + 1]!, gain: 2 });
      // Non-zero biases keep pre-activations off ReLU's kink at 0, where a central difference is one-sided.
      for (let j = 0; j < layer.bias.length; j++) layer.bias[j] = rng.normal(0, 0.1);
      return layer;
    });
    return { kind: "mlp", classes: 3, features: 4, layers, dropout: 0.2 };
  };
  for (const [name, spec, hidden, sparse] of [
    ["gce, one hidden layer", { kind: "gce", q: 0.5 }, [5], false],
    ["sce, two hidden layers, sparse input", { kind: "sce" }, [5, 4], true],
    [
      "forward, no hidden layer (softmax regression)",
      {
        kind: "forward",
        transition: [
          [0.8, 0.1, 0.1],
          [0.1, 0.8, 0.1],
          [0.1, 0.1, 0.8],
        ],
      },
      [],
      false,
    ],
    ["label smoothing, no hidden layer, sparse", { kind: "smoothing" }, [], true],
  ] as [string, LossSpec, number[], boolean][]) {
    it(name, () => {
      const m = model(hidden);
      const loss = createLoss(spec, 3);
      const batch = { x: sparse ? csrFromDense(x) : x, y, weight };
      const f = () => mlpObjective(m, batch, { weightDecay: 0.01, rng: createRng(7), loss });
      const grads = m.layers.flatMap((l) => [
        new Float64Array(l.weights.length),
        new Float64Array(l.bias.length),
      ]);
      mlpObjective(m, batch, { weightDecay: 0.01, rng: createRng(7), grads, loss });
      const params = m.layers.flatMap((l) => [l.weights, l.bias]);
      expect(worstGradientError(f, { params, grads })).toBeLessThan(1e-6);
    });
  }
  it("mlp trains with a loss, reproducibly", () => {
    const data = formulaDataset(200, 5, 3);
    const a = mlp(data.x, data.y, { hidden: [16], epochs: 8, loss: { kind: "gce" }, seed: 2 });
    const b = mlp(data.x, data.y, { hidden: [16], epochs: 8, loss: { kind: "gce" }, seed: 2 });
    expect(Array.from(a.model.layers[0]!.weights)).toEqual(Array.from(b.model.layers[0]!.weights));
    const c = mlp(data.x, data.y, { hidden: [16], epochs: 8, seed: 2 });
    expect(Array.from(c.model.layers[0]!.weights)).not.toEqual(Array.from(a.model.layers[0]!.weights));
    const nla = mlp(data.x, data.y, { hidden: [16], epochs: 3, loss: { kind: "nla" }, seed: 2 });
    expect(nla.validationLoss.every(Number.isFinite)).toBe(true);
  });
});

describe("coTeaching (Han et al. 2018)", () => {
  const train = blobs(1500, { k: 3, d: 6, sep: 2, seed: 5 });
  const noisy = flipLabels(train.y, { rate: 0.4, seed: 6 });
  it("ramps the forget rate to τ over T_k epochs and keeps mostly clean rows", () => {
    const r = coTeaching(train.x, noisy.labels, {
      forgetRate: 0.4,
      gradualEpochs: 4,
      epochs: 8,
      learningRate: 0.05,
      batchSize: 64,
      seed: 1,
    });
    expect(r.forgetRates).toEqual([0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.4, 0.4, 0.4]);
    expect(r.model.kind).toBe("softmax");
    expect(r.converged).toBe(true);
    let kept = 0;
    let keptClean = 0;
    for (let i = 0; i < r.selected.length; i++)
      if (r.selected[i]) {
        kept++;
        if (!noisy.flipped[i]) keptClean++;
      }
    // floor(0.6 · 64) of every full batch of 64 (the last batch of 28 keeps 16).
    expect(kept).toBe(23 * 38 + 16);
    // 60% of all labels are clean; of the small-loss rows far more.
    expect(keptClean / kept).toBeGreaterThan(0.85);
    const test = blobs(1500, { k: 3, d: 6, sep: 2, seed: 7 });
    // Clean-label softmax regression scores 0.863 here; symmetric noise barely moves a linear boundary.
    expect(accuracyOf(test.y, predictProba(r.model, test.x))).toBeGreaterThan(0.8);
  });
  it("is reproducible, trains MLPs, and with τ = 0 learns from every row", () => {
    const opts = { hidden: [8], epochs: 3, seed: 4, dropout: 0.1 };
    const a = coTeaching(train.x, noisy.labels, opts);
    const b = coTeaching(train.x, noisy.labels, opts);
    expect(a.model.kind).toBe("mlp");
    expect(Array.from((a.model as MlpModel).layers[0]!.weights)).toEqual(
      Array.from((b.model as MlpModel).layers[0]!.weights),
    );
    expect(Array.from((a.model as MlpModel).layers[0]!.weights)).not.toEqual(
      Array.from((a.peer as MlpModel).layers[0]!.weights),
    );
    const all = coTeaching(train.x, noisy.labels, { forgetRate: 0, epochs: 2 });
    expect(all.selected.every((s) => s === 1)).toBe(true);
  });
  it("with per-class selection keeps the same share of every class of each batch", () => {
    // Three classes of very different size; 40% dropped per class and batch.
    const y = Int32Array.from({ length: 600 }, (_, i) => (i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2));
    const x = blobs(600, { k: 3, d: 6, sep: 2, seed: 10 }).x;
    const r = coTeaching(x, y, {
      forgetRate: 0.4,
      gradualEpochs: 1,
      epochs: 2,
      batchSize: 600,
      perClass: true,
    });
    const kept = [0, 0, 0];
    for (let i = 0; i < 600; i++) if (r.selected[i]) kept[y[i]!]!++;
    expect(kept).toEqual([Math.floor(0.6 * 420), Math.floor(0.6 * 120), Math.floor(0.6 * 60)]);
  });
  it("checks its options and stops when the hook says so", () => {
    expect(() => coTeaching(train.x, noisy.labels, { forgetRate: 1 })).toThrow("forgetRate must be below 1");
    expect(() => coTeaching(train.x, noisy.labels, { hidden: [4, 4, 4] })).toThrow("0, 1 or 2 layer sizes");
    const r = coTeaching(train.x, noisy.labels, { epochs: 10, onEpoch: (e) => e.epoch === 1 });
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(false);
  });
});

describe("pruneLowConfidence (truncated L_q, Zhang & Sabuncu 2018 §3.3)", () => {
  const train = blobs(1200, { k: 3, d: 6, sep: 2, seed: 8 });
  const noisy = flipLabels(train.y, { rate: 0.4, seed: 9 });
  const learner = createLearner({ model: "logreg", options: { C: 1, loss: { kind: "gce", q: 0.7 } } });
  it("refits on rows whose own-label probability exceeds k, which are mostly clean", () => {
    const r = pruneLowConfidence(train.x, noisy.labels, { learner, threshold: 0.5, rounds: 3 });
    expect(r.keptTrace[0]).toBe(1200);
    expect(r.iterations).toBe(r.keptTrace.length);
    let kept = 0;
    let clean = 0;
    for (let i = 0; i < 1200; i++)
      if (r.kept[i]) {
        kept++;
        if (!noisy.flipped[i]) clean++;
      }
    expect(kept).toBe(r.keptTrace[r.keptTrace.length - 1]);
    expect(clean / kept).toBeGreaterThan(0.85);
  });
  it("keeps every row with k = 0 and stops after one check", () => {
    const r = pruneLowConfidence(train.x, noisy.labels, { learner, threshold: 0 });
    expect(r).toMatchObject({ iterations: 1, converged: true, keptTrace: [1200] });
  });
});
