import { describe, expect, it } from "vitest";
import { formulaDataset, formulaWeights } from "../../../../test-support/formulaData.js";
import { worstGradientError } from "../../../../test-support/gradientCheck.js";
import { csrFromDense } from "../linalg/csr.js";
import { argmaxRows, softmaxRows } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { mcDropout } from "./mcDropout.js";
import { type MlpModel, mlp, mlpLogits, mlpObjective } from "./mlp.js";
import { initLayer } from "./network.js";

function tinyModel(hidden: number[], dropout: number): MlpModel {
  const rng = createRng(4);
  const sizes = [4, ...hidden, 3];
  const layers = sizes.slice(0, -1).map((inputs, l) => {
    const layer = initLayer(rng, { inputs, outputs: sizes[l + 1]!, gain: 2 });
    for (let j = 0; j < layer.bias.length; j++) layer.bias[j] = rng.normal(0, 0.1);
    return layer;
  });
  return { kind: "mlp", classes: 3, features: 4, layers, dropout };
}

describe("mlpObjective gradients pass a finite-difference check", () => {
  const { x, y } = formulaDataset(9, 4, 3);
  const weight = formulaWeights(9);
  for (const [hidden, dropout, sparse] of [
    [[5], 0, false],
    [[6, 3], 0.3, false],
    [[5, 4], 0.2, true],
  ] as const) {
    it(`hidden ${hidden.join("×")}, dropout ${dropout}${sparse ? ", sparse input" : ""}`, () => {
      const model = tinyModel([...hidden], dropout);
      const batch = { x: sparse ? csrFromDense(x) : x, y, weight };
      // A fixed seed per evaluation keeps the dropout mask fixed, so the objective is a smooth function of θ.
      const f = () => mlpObjective(model, batch, { weightDecay: 0.01, rng: createRng(7) });
      const grads = model.layers.flatMap((l) => [
        new Float64Array(l.weights.length),
        new Float64Array(l.bias.length),
      ]);
      mlpObjective(model, batch, { weightDecay: 0.01, rng: createRng(7), grads });
      const params = model.layers.flatMap((l) => [l.weights, l.bias]);
      const worst = worstGradientError(f, { params, grads });
      expect(worst).toBeLessThan(1e-6);
    });
  }
});

describe("mlp", () => {
  const { x, y } = formulaDataset(400, 5, 3);
  it("learns the formula dataset, reproducibly per seed", () => {
    const a = mlp(x, y, { hidden: [32], epochs: 60, seed: 3 });
    const b = mlp(x, y, { hidden: [32], epochs: 60, seed: 3 });
    expect(Array.from(a.model.layers[0]!.weights)).toEqual(Array.from(b.model.layers[0]!.weights));
    const pred = argmaxRows(mlpLogits(a.model, x));
    let hit = 0;
    for (let i = 0; i < 400; i++) if (pred[i] === y[i]) hit++;
    expect(hit / 400).toBeGreaterThan(0.7); // the labels carry formula "noise"; softmax regression gets 0.79
    expect(a.validationLoss.length).toBe(a.iterations);
    expect(a.bestEpoch).toBeLessThan(a.iterations);
    let held = 0;
    for (const h of a.heldOut) held += h;
    expect(held).toBe(40);
  });

  it("stops early when the validation loss stops improving and keeps the best epoch", () => {
    const r = mlp(x, y, { hidden: [64, 32], epochs: 500, patience: 3, learningRate: 0.01, seed: 1 });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(500);
    expect(r.iterations - 1 - r.bestEpoch).toBe(3);
    const min = Math.min(...r.validationLoss);
    expect(r.validationLoss[r.bestEpoch]).toBe(min);
  });

  it("records every row's logits at the end of each epoch through the hook", () => {
    const seen: number[] = [];
    const r = mlp(x, y, {
      hidden: [8],
      epochs: 4,
      earlyStopping: false,
      onEpoch: (info) => {
        const l = info.logits();
        expect([l.rows, l.cols]).toEqual([400, 3]);
        seen.push(info.epoch);
        return undefined;
      },
    });
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(r.validationLoss).toEqual([]);
  });

  it("gives MC-dropout samples that differ and average to a distribution", () => {
    const r = mlp(x, y, { hidden: [16], epochs: 5, dropout: 0.5 });
    const mc = mcDropout(r.model, x, { samples: 8, seed: 2 });
    expect(mc.samples).toHaveLength(8);
    expect(Array.from(mc.samples[0]!.data)).not.toEqual(Array.from(mc.samples[1]!.data));
    for (let i = 0; i < 400; i++) {
      const s = mc.mean.data[i * 3]! + mc.mean.data[i * 3 + 1]! + mc.mean.data[i * 3 + 2]!;
      expect(s).toBeCloseTo(1, 12);
    }
    const again = mcDropout(r.model, x, { samples: 8, seed: 2 });
    expect(Array.from(again.mean.data)).toEqual(Array.from(mc.mean.data));
    // Without dropout the deterministic pass is the usual prediction.
    const det = softmaxRows(mlpLogits(r.model, x));
    expect(det.rows).toBe(400);
  });

  it("rejects bad settings", () => {
    expect(() => mlp(x, y, { hidden: [4, 4, 4] })).toThrow(/1 or 2 layer sizes/);
    expect(() => mlp(x, y, { dropout: 1 })).toThrow(/dropout must be between/);
    const r = mlp(x, y, { hidden: [4], epochs: 1, dropout: 0 });
    expect(() => mcDropout(r.model, x)).toThrow(/dropout > 0/);
  });
});
