import { describe, expect, it } from "vitest";
import { worstGradientError } from "../../../../test-support/gradientCheck.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { juryVerdicts } from "./juryLearning.js";
import {
  type MultiAnnotatorModel,
  multiAnnotatorLoss,
  multiAnnotatorModel,
  raterProba,
  raterVotes,
} from "./multiAnnotator.js";
import { initLayer } from "./network.js";

/**
 * Two schools of raters: raters 0–3 label an item 1 when its first feature is positive, raters 4–7 when its
 * second is. A model of individual raters should learn both; a single majority label cannot.
 */
function twoSchools(items: number, seed: number) {
  const rng = createRng(seed);
  const x: Matrix = {
    rows: items,
    cols: 3,
    data: Float64Array.from({ length: items * 3 }, () => rng.normal()),
  };
  const item: number[] = [];
  const rater: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < items; i++) {
    for (const r of rng.sample(8, 4)) {
      item.push(i);
      rater.push(r);
      label.push(x.data[i * 3 + (r < 4 ? 0 : 1)]! > 0 ? 1 : 0);
    }
  }
  return {
    x,
    judgments: { item: Int32Array.from(item), rater: Int32Array.from(rater), label: Int32Array.from(label) },
  };
}

describe("multiAnnotatorModel", () => {
  it("has gradients that pass a finite-difference check (with a fixed dropout mask)", () => {
    const { x, judgments } = twoSchools(6, 1);
    const rng = createRng(2);
    const trunk = [
      initLayer(rng, { inputs: 3, outputs: 4, gain: 2 }),
      initLayer(rng, { inputs: 4, outputs: 3, gain: 2 }),
    ];
    for (const l of trunk) for (let j = 0; j < l.bias.length; j++) l.bias[j] = 0.1 * rng.normal();
    const model: MultiAnnotatorModel = {
      kind: "multiAnnotator",
      classes: 2,
      features: 3,
      raters: 8,
      trunk,
      units: 3,
      headWeights: Float64Array.from({ length: 8 * 2 * 3 }, () => rng.normal()),
      headBias: Float64Array.from({ length: 16 }, () => rng.normal()),
      dropout: 0.25,
    };
    const batch = {
      x: {
        rows: judgments.item.length,
        cols: 3,
        data: Float64Array.from(
          Array.from(judgments.item).flatMap((i) => Array.from(x.data.subarray(i * 3, i * 3 + 3))),
        ),
      },
      rater: judgments.rater,
      label: judgments.label,
    };
    const params = [...trunk.flatMap((l) => [l.weights, l.bias]), model.headWeights, model.headBias];
    const grads = params.map((p) => new Float64Array(p.length));
    multiAnnotatorLoss(model, batch, { rng: createRng(9), grads });
    const f = () => multiAnnotatorLoss(model, batch, { rng: createRng(9) });
    // The loss is a sum over 24 judgments, so round-off in the differences is ~1e-9: compare relative to ≥ 0.01.
    const worst = worstGradientError(f, { params, grads, floor: 1e-2 });
    expect(worst).toBeLessThan(1e-6);
  });

  const { x, judgments } = twoSchools(300, 3);
  const fit = multiAnnotatorModel(x, judgments, { hidden: [16], epochs: 80, learningRate: 0.01, seed: 4 });
  const test = twoSchools(200, 5).x;

  it("learns what each school of raters says, reproducibly per seed", () => {
    const p = raterProba(fit.model, test, [0, 5]);
    let hit0 = 0;
    let hit5 = 0;
    for (let i = 0; i < 200; i++) {
      if (p[(i * 2 + 0) * 2 + 1]! > 0.5 === test.data[i * 3]! > 0) hit0++;
      if (p[(i * 2 + 1) * 2 + 1]! > 0.5 === test.data[i * 3 + 1]! > 0) hit5++;
    }
    expect(hit0 / 200).toBeGreaterThan(0.9);
    expect(hit5 / 200).toBeGreaterThan(0.9);
    const again = multiAnnotatorModel(x, judgments, {
      hidden: [16],
      epochs: 80,
      learningRate: 0.01,
      seed: 4,
    });
    expect(Array.from(again.model.headWeights)).toEqual(Array.from(fit.model.headWeights));
  });

  it("aggregates heads: votes split where the schools disagree", () => {
    const v = raterVotes(fit.model, test);
    for (let i = 0; i < 200; i++) {
      expect(v.voteShare.data[i * 2]! + v.voteShare.data[i * 2 + 1]!).toBeCloseTo(1, 12);
      const disagree = test.data[i * 3]! > 0 !== test.data[i * 3 + 1]! > 0;
      const far = Math.abs(test.data[i * 3]!) > 0.5 && Math.abs(test.data[i * 3 + 1]!) > 0.5;
      if (disagree && far) expect(v.disagreement[i]!).toBeGreaterThan(0.3);
      if (!disagree && far) expect(v.disagreement[i]!).toBeLessThan(0.2);
    }
  });

  it("lets a jury of one school decide like that school, and reports the spread over sampled juries", () => {
    const school0 = juryVerdicts(fit.model, test, { jury: [0, 1, 2, 3] });
    const school1 = juryVerdicts(fit.model, test, { jury: [4, 5, 6, 7] });
    let agree0 = 0;
    let agree1 = 0;
    for (let i = 0; i < 200; i++) {
      if ((school0.verdict[i] === 1) === test.data[i * 3]! > 0) agree0++;
      if ((school1.verdict[i] === 1) === test.data[i * 3 + 1]! > 0) agree1++;
    }
    expect(agree0 / 200).toBeGreaterThan(0.9);
    expect(agree1 / 200).toBeGreaterThan(0.9);
    const mixed = juryVerdicts(fit.model, test, {
      jury: [
        { raters: [0, 1, 2, 3], count: 2 },
        { raters: [4, 5, 6, 7], count: 1 },
      ],
      juries: 50,
      seed: 3,
    });
    expect(mixed.juries).toHaveLength(50);
    for (const jury of mixed.juries) {
      expect(jury.length).toBe(3);
      expect(jury[0]! < 4 && jury[1]! < 4 && jury[2]! >= 4).toBe(true);
      expect(jury[0]).not.toBe(jury[1]);
    }
    for (let i = 0; i < 200; i++) {
      expect(mixed.verdictShare.data[i * 2]! + mixed.verdictShare.data[i * 2 + 1]!).toBeCloseTo(1, 12);
      expect(mixed.jurorAgreement[i]!).toBeGreaterThanOrEqual(0.5);
    }
    const median = juryVerdicts(fit.model, test, { jury: [0, 1, 4], verdict: "median" });
    expect(median.verdict.length).toBe(200);
  });

  it("rejects unknown raters and empty input", () => {
    expect(() => raterProba(fit.model, test, [8])).toThrow(/raters\[0\] must be an integer code in \[0, 8\)/);
    expect(() =>
      multiAnnotatorModel(x, { item: new Int32Array(0), rater: new Int32Array(0), label: new Int32Array(0) }),
    ).toThrow(/zero judgments/);
  });
});
