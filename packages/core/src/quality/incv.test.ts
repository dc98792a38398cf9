import { describe, expect, it } from "vitest";
import { gaussianBlobs } from "../../../../test-support/blobs.js";
import { reportMeasured } from "../../../../test-support/measure.js";
import { selectRows } from "../linalg/csr.js";
import { softmaxRows } from "../linalg/matrix.js";
import { pickRows } from "../models/shared.js";
import { softmaxLogits, softmaxRegression } from "../models/softmaxRegression.js";
import { createRng } from "../random/rng.js";
import { flipLabels } from "../simulate/flipLabels.js";
import { incv } from "./incv.js";
import { noisyCrossValidation, symmetricNoiseFromAgreement } from "./noisyCrossValidation.js";

// 900 rows, 3 Gaussian classes in 5 dimensions (a linear model gets about 90% of clean labels right), 20% of the
// labels flipped symmetrically (flipLabels, seed 3).
const { x, y: clean } = gaussianBlobs({ n: 900, d: 5, k: 3, rng: createRng(11) });
const noisy = flipLabels(clean, { rate: 0.2, classes: 3, seed: 3 });
const fitPredict = (train: Int32Array, test: Int32Array) => {
  const m = softmaxRegression(selectRows(x, train), pickRows(noisy.labels, train), {
    classes: 3,
    C: 1,
  }).model;
  return softmaxRows(softmaxLogits(m, selectRows(x, test)));
};

function precisionRecall(flagged: (i: number) => boolean): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < clean.length; i++) {
    if (!flagged(i)) continue;
    if (noisy.flipped[i]) tp++;
    else fp++;
  }
  return { precision: tp / (tp + fp), recall: tp / noisy.flips };
}

describe("symmetricNoiseFromAgreement", () => {
  it("inverts (1 − ε)² + ε²/(K − 1)", () => {
    for (const k of [2, 3, 10])
      for (const eps of [0, 0.1, 0.3, 0.45]) {
        const agreement = (1 - eps) ** 2 + eps ** 2 / (k - 1);
        expect(symmetricNoiseFromAgreement(agreement, k)).toBeCloseTo(eps, 12);
      }
    expect(symmetricNoiseFromAgreement(1 / 3, 3)).toBeCloseTo(2 / 3, 12);
    expect(symmetricNoiseFromAgreement(0.1, 3)).toBeCloseTo(2 / 3, 12);
  });
});

describe("noisyCrossValidation (Chen et al. 2019, Algorithm 1)", () => {
  it("selects a much cleaner subset and estimates the noise rate", () => {
    const r = noisyCrossValidation(noisy.labels, { fitPredict, seed: 5 });
    const rate = noisy.flips / clean.length;
    let selected = 0;
    let dirty = 0;
    for (let i = 0; i < clean.length; i++) {
      if (!r.selected[i]) continue;
      selected++;
      dirty += noisy.flipped[i]!;
    }
    const selectedNoise = reportMeasured("NCV noise in selected set (data: ~0.2)", dirty / selected);
    expect(selectedNoise).toBeLessThan(rate / 3);
    const pr = precisionRecall((i) => !r.selected[i]);
    reportMeasured("NCV unselected precision", pr.precision);
    reportMeasured("NCV unselected recall", pr.recall);
    expect(pr.recall).toBeGreaterThan(0.85);
    // The estimate assumes a perfect clean classifier; with ~90% clean accuracy it overshoots a little.
    expect(reportMeasured("NCV estimated noise", r.estimatedNoise)).toBeGreaterThan(rate - 0.05);
    expect(r.estimatedNoise).toBeLessThan(rate + 0.12);
    expect(r.half.reduce((s, h) => s + h, 0)).toBe(450);
  });
});

describe("incv (Chen et al. 2019, Algorithm 2)", () => {
  it("removes flipped labels with high precision and recovers most of them", () => {
    const r = incv(noisy.labels, { fitPredict, seed: 5 });
    expect(r.rounds.length).toBe(4);
    expect(r.selected.length + r.removed.length + r.candidates.length).toBe(clean.length);
    const removed = precisionRecall((i) => r.status[i] === 0);
    reportMeasured("INCV removed precision", removed.precision);
    reportMeasured("INCV removed recall", removed.recall);
    // Chance precision is the noise rate (0.2).
    expect(removed.precision).toBeGreaterThan(0.75);
    const notSelected = precisionRecall((i) => r.status[i] !== 2);
    reportMeasured("INCV not-selected recall", notSelected.recall);
    expect(notSelected.recall).toBeGreaterThan(0.85);
    let dirty = 0;
    for (const i of r.selected) dirty += noisy.flipped[i]!;
    expect(reportMeasured("INCV noise in selected set", dirty / r.selected.length)).toBeLessThan(0.06);
    // Worst-first ranking: removed rows lead.
    expect(Array.from(r.ranked.subarray(0, r.removed.length)).sort((a, b) => a - b)).toEqual(
      Array.from(r.removed),
    );
    expect(r.removeRatio).toBeCloseTo(r.estimatedNoise / (1 - r.estimatedNoise), 12);
    for (const round of r.rounds) expect(round.candidateNoise).toBeGreaterThanOrEqual(0);
  });

  it("is deterministic per seed and depends on it", () => {
    const a = incv(noisy.labels, { fitPredict, seed: 9, rounds: 2 });
    const b = incv(noisy.labels, { fitPredict, seed: 9, rounds: 2 });
    const c = incv(noisy.labels, { fitPredict, seed: 10, rounds: 2 });
    expect(Array.from(b.status)).toEqual(Array.from(a.status));
    expect(Array.from(c.status)).not.toEqual(Array.from(a.status));
  });

  it("honours a fixed remove ratio and checks fitPredict's output", () => {
    const r = incv(noisy.labels, { fitPredict, seed: 1, rounds: 1, removeRatio: 0 });
    expect(r.removed.length).toBe(0);
    expect(() =>
      incv(noisy.labels, {
        fitPredict: (_, test) => ({ rows: test.length, cols: 2, data: new Float64Array(test.length * 2) }),
      }),
    ).toThrow(/3 probabilities|× 3/);
    expect(() => incv(noisy.labels, { fitPredict, rounds: 0 })).toThrow(/rounds/);
  });
});
