import { describe, expect, it } from "vitest";
import { worstGradientError } from "../../../../../test-support/gradientCheck.js";
import { referenceJson } from "../../../../../test-support/index.js";
import type { Matrix } from "../../linalg/matrix.js";
import { createRng } from "../../random/rng.js";
import { softmaxCrossEntropy } from "../shared.js";
import { createLoss } from "./createLoss.js";
import { crossEntropyLoss } from "./crossEntropyLoss.js";
import { checkTransition, forwardCorrectedLoss } from "./forwardCorrectedLoss.js";
import { generalizedCrossEntropy } from "./generalizedCrossEntropy.js";
import { labelSmoothingLoss } from "./labelSmoothingLoss.js";
import { meanAbsoluteError } from "./meanAbsoluteError.js";
import { noisyLabelAnnealing } from "./noisyLabelAnnealing.js";
import { symmetricCrossEntropy } from "./symmetricCrossEntropy.js";
import type { LossFunction, LossSpec } from "./types.js";

// reference/robust/losses.py (python3-numpy 1.24.2): each paper's formula on probabilities, gradients by
// complex-step differentiation.
interface Reference {
  logits: number[][];
  labels: number[];
  weights: number[];
  transition: number[][];
  losses: Record<string, { rows: number[]; weighted: number; grads: number[][] }>;
}
const ref = referenceJson<Reference>("robust/losses.json");
const k = 3;
const logits = (): Matrix => ({
  rows: ref.logits.length,
  cols: k,
  data: Float64Array.from(ref.logits.flat()),
});
const y = Int32Array.from(ref.labels);
const weight = Float64Array.from(ref.weights);

const specs: Record<string, LossSpec> = {
  ce: { kind: "ce" },
  gce: { kind: "gce", q: 0.7 },
  mae: { kind: "mae" },
  sce: { kind: "sce", alpha: 0.1, beta: 1, logZero: -4 },
  forward: { kind: "forward", transition: ref.transition },
  smoothing: { kind: "smoothing", epsilon: 0.1 },
};

describe("losses against their papers' formulas (reference/robust/losses.py)", () => {
  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: per-row values, weighted total, gradients`, () => {
      const loss = createLoss(spec, k);
      const z = logits();
      const losses = new Float64Array(z.rows);
      const grad = new Float64Array(z.data.length);
      const total = loss(z, y, { weight, grad, losses });
      const expected = ref.losses[name]!;
      expect(total).toBeCloseTo(expected.weighted, 12);
      for (const [i, l] of losses.entries()) expect(l).toBeCloseTo(expected.rows[i]!, 12);
      for (const [i, g] of expected.grads.entries())
        for (const [c, v] of g.entries()) expect(grad[i * k + c]).toBeCloseTo(weight[i]! * v, 10);
      // Logits are replaced by probabilities, as softmaxCrossEntropy does.
      for (let i = 0; i < z.rows; i++)
        expect(z.data[i * k]! + z.data[i * k + 1]! + z.data[i * k + 2]!).toBeCloseTo(1, 14);
    });
  }
});

describe("loss gradients pass a finite-difference check on random logits", () => {
  const rng = createRng(11);
  const n = 7;
  const kk = 4;
  const z = Float64Array.from({ length: n * kk }, () => rng.normal(0, 2));
  const labels = Int32Array.from({ length: n }, () => rng.int(kk));
  const w = Float64Array.from({ length: n }, () => rng.float() * 2);
  const t = [
    [0.6, 0.2, 0.1, 0.1],
    [0, 0.9, 0.1, 0],
    [0.3, 0, 0.7, 0],
    [0.05, 0.05, 0.1, 0.8],
  ];
  const cases: [string, LossFunction][] = [
    ["ce", crossEntropyLoss],
    ["gce q=0.3", generalizedCrossEntropy({ q: 0.3 })],
    ["gce q=1", generalizedCrossEntropy({ q: 1 })],
    ["mae", meanAbsoluteError],
    ["sce", symmetricCrossEntropy({ alpha: 0.5, beta: 2, logZero: -6 })],
    ["forward (zeros in T)", forwardCorrectedLoss(t)],
    ["label smoothing", labelSmoothingLoss({ epsilon: 0.3 })],
  ];
  for (const [name, loss] of cases) {
    it(name, () => {
      const f = () => loss({ rows: n, cols: kk, data: z.slice() }, labels, { weight: w });
      const grad = new Float64Array(n * kk);
      loss({ rows: n, cols: kk, data: z.slice() }, labels, { weight: w, grad });
      expect(worstGradientError(f, { params: [z], grads: [grad], h: 1e-5 })).toBeLessThan(1e-6);
    });
  }
});

describe("limits and identities", () => {
  const fresh = () => logits();
  const value = (loss: LossFunction) => loss(fresh(), y, { weight });
  it("cross-entropy equals softmaxCrossEntropy bit for bit, gradient included", () => {
    const g1 = new Float64Array(15);
    const g2 = new Float64Array(15);
    expect(crossEntropyLoss(fresh(), y, { weight, grad: g1 })).toBe(
      softmaxCrossEntropy(fresh(), y, { weight, grad: g2 }),
    );
    expect(Array.from(g1)).toEqual(Array.from(g2));
  });
  it("GCE: q → 0 is cross-entropy, q = 1 is MAE / 2 (Zhang & Sabuncu 2018, §3.2)", () => {
    expect(value(generalizedCrossEntropy({ q: 1e-9 }))).toBeCloseTo(value(crossEntropyLoss), 6);
    expect(value(generalizedCrossEntropy({ q: 1 }))).toBeCloseTo(value(meanAbsoluteError) / 2, 12);
  });
  it("SCE with α = 1, β = 0 is cross-entropy; with α = 0, β = 1, A = −2 it is MAE", () => {
    expect(value(symmetricCrossEntropy({ alpha: 1, beta: 0 }))).toBeCloseTo(value(crossEntropyLoss), 12);
    expect(value(symmetricCrossEntropy({ alpha: 0, beta: 1, logZero: -2 }))).toBeCloseTo(
      value(meanAbsoluteError),
      12,
    );
  });
  it("forward correction with T = I and label smoothing with ε = 0 are cross-entropy", () => {
    const identity = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(value(forwardCorrectedLoss(identity))).toBeCloseTo(value(crossEntropyLoss), 12);
    expect(value(labelSmoothingLoss({ epsilon: 0 }))).toBeCloseTo(value(crossEntropyLoss), 12);
  });
  it("stays finite for extreme logits", () => {
    const z: Matrix = { rows: 2, cols: 2, data: Float64Array.from([800, -800, -800, 800]) };
    const labels = Int32Array.from([1, 1]);
    for (const loss of [
      crossEntropyLoss,
      generalizedCrossEntropy(),
      forwardCorrectedLoss([
        [0.9, 0.1],
        [0.2, 0.8],
      ]),
    ]) {
      const grad = new Float64Array(4);
      const v = loss({ ...z, data: z.data.slice() }, labels, { grad });
      expect(Number.isFinite(v)).toBe(true);
      expect(grad.every(Number.isFinite)).toBe(true);
    }
    // −log(0.1·p₀ + 0.8·p₁) with p = (1, 0): −log 0.1, not infinity.
    const lossRows = new Float64Array(2);
    forwardCorrectedLoss([
      [0.9, 0.1],
      [0.2, 0.8],
    ])({ ...z, data: z.data.slice() }, labels, { losses: lossRows });
    expect(lossRows[0]).toBeCloseTo(-Math.log(0.1), 12);
  });
  it("zero-weight rows add nothing, even with an infinite loss", () => {
    const z: Matrix = { rows: 2, cols: 2, data: Float64Array.from([2000, -2000, 0, 0]) };
    expect(crossEntropyLoss(z, Int32Array.from([1, 0]), { weight: Float64Array.from([0, 1]) })).toBeCloseTo(
      Math.log(2),
      12,
    );
  });
});

describe("checkTransition and option checks", () => {
  it("refuses matrices that are not row-stochastic, not square, the wrong size, or with an impossible label", () => {
    expect(() =>
      checkTransition([
        [0.5, 0.4],
        [0, 1],
      ]),
    ).toThrow("row 0 of the transition matrix must sum to 1");
    expect(() =>
      checkTransition([
        [1, 0, 0],
        [0, 1],
      ]),
    ).toThrow("must be square");
    expect(() =>
      checkTransition(
        [
          [1, 0],
          [0, 1],
        ],
        { classes: 3 },
      ),
    ).toThrow("2×2 but there are 3 classes");
    expect(() =>
      checkTransition([
        [1, 0],
        [1, 0],
      ]),
    ).toThrow("column 1 of the transition matrix is all zero");
    expect(
      checkTransition(
        [
          [1, 0],
          [1, 0],
        ],
        { observable: false },
      ).data,
    ).toEqual(Float64Array.from([1, 0, 1, 0]));
    expect(() =>
      checkTransition([
        [1.2, -0.2],
        [0, 1],
      ]),
    ).toThrow("transition[0][0] must be in [0, 1]");
    expect(() =>
      createLoss(
        {
          kind: "forward",
          transition: [
            [1, 0],
            [0, 1],
          ],
        },
        3,
      ),
    ).toThrow("2×2 but there are 3");
  });
  it("refuses out-of-range parameters", () => {
    expect(() => generalizedCrossEntropy({ q: 0 })).toThrow("q must be in (0, 1]");
    expect(() => generalizedCrossEntropy({ q: 1.5 })).toThrow("q must be in (0, 1]");
    expect(() => labelSmoothingLoss({ epsilon: 1 })).toThrow("epsilon must be below 1");
    expect(() => symmetricCrossEntropy({ alpha: 0, beta: 0 })).toThrow("must not both be 0");
    expect(() => symmetricCrossEntropy({ logZero: 1 })).toThrow("logZero");
  });
});

describe("noisyLabelAnnealing (Wang et al. 2021, §3.3)", () => {
  // Row 0: confident (p ≈ 0.95) in class 0, labelled 1. Row 1: mildly (p ≈ 0.62) in class 0, labelled 1.
  // Row 2: agrees with its label.
  const z = (): Matrix => ({ rows: 3, cols: 2, data: Float64Array.from([3, 0, 0.5, 0, 0, 2]) });
  const labels = Int32Array.from([1, 1, 1]);
  it("drops confident disagreements early and every disagreement at the end", () => {
    const nla = noisyLabelAnnealing();
    const losses = new Float64Array(3);
    const grad = new Float64Array(6);
    const start = nla(z(), labels, { progress: 0, grad, losses });
    expect(nla.stats).toEqual({ seen: 3, filtered: 1 });
    const rows = new Float64Array(3);
    crossEntropyLoss(z(), labels, { losses: rows });
    expect(start).toBeCloseTo(rows[1]! + rows[2]!, 12);
    expect(grad[0]).toBe(0); // row 0 left out of the step
    expect(Array.from(losses)).toEqual(Array.from(rows)); // per-row losses are still reported
    // At the end μ = 1/K = 0.5 < 0.62: row 1 goes too.
    expect(nla(z(), labels, { progress: 1 })).toBeCloseTo(rows[2]!, 12);
    expect(nla.stats).toEqual({ seen: 6, filtered: 3 });
    // Half-way μ = 0.7: row 1 (0.62) stays.
    expect(nla(z(), labels, { progress: 0.5 })).toBeCloseTo(rows[1]! + rows[2]!, 12);
  });
  it("needs the training progress", () => {
    expect(() => noisyLabelAnnealing()(z(), labels)).toThrow("needs the training progress");
  });
});
