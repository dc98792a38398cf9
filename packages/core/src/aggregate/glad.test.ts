import { describe, expect, it } from "vitest";
import {
  type CrowdKitOutput,
  crowdKitFixture,
  crowdKitOutputs,
  labelsByItem,
  maxPosteriorGap,
} from "../../../../test-support/crowdKit.js";
import { readRepoJson, skipWithoutShared } from "../../../../test-support/index.js";
import { simulateCrowd } from "../simulate/simulateCrowd.js";
import { glad } from "./glad.js";

interface Reference {
  tasks: string[];
  labels: string[];
  probas: number[][];
  alpha: number[];
}

describe("glad", () => {
  it("learns abilities that order the raters like their true accuracy", () => {
    const sim = simulateCrowd({
      items: 400,
      raters: 8,
      classes: 2,
      overlap: 5,
      spammerShare: 0.25,
      seed: 21,
    });
    const r = glad(sim.annotations);
    for (let x = 0; x < 8; x++) {
      for (let y = 0; y < 8; y++) {
        if (sim.raterAccuracy[x]! > sim.raterAccuracy[y]! + 0.15)
          expect(r.raters.skill[x]).toBeGreaterThan(r.raters.skill[y]!);
      }
    }
    expect(r.itemParameters!.every((b) => b > 0)).toBe(true);
    expect(r.converged).toBe(true);
  });

  it("validates its options", () => {
    const a = simulateCrowd({ items: 10, seed: 1 }).annotations;
    expect(() => glad(a, { classPrior: Float64Array.of(1, 1) })).toThrow(/one entry per class/);
    expect(() => glad(a, { classPrior: Float64Array.of(1, 0, 1) })).toThrow(/> 0/);
    expect(() => glad(a, { mStepSweeps: 0 })).toThrow(/mStepSweeps/);
  });
});

// Own known values: reference/aggregate/models.py ("glad"), EM with each M-step solved to optimality by scipy's
// L-BFGS, iterated to a fixed point, on crowd-kit's fixtures. vox run to its own fixed point must agree.
describe.skipIf(skipWithoutShared())("glad: reference fixed point (scipy L-BFGS M-step)", () => {
  const ref = readRepoJson<Record<string, { glad: Reference }>>("reference/aggregate/models.json");
  for (const fixture of ["crowdkit_toy", "crowdkit_simple"]) {
    it(fixture, () => {
      const a = crowdKitFixture(fixture, false);
      const g = ref[fixture]!.glad;
      const r = glad(a, { tolerance: 0, maxIterations: 300 });
      const K = a.classes.length;
      g.tasks.forEach((task, t) => {
        const i = a.items.indexOf(task);
        g.labels.forEach((label, l) => {
          expect(r.posteriors.data[i * K + a.classes.indexOf(label)]).toBeCloseTo(g.probas[t]![l]!, 6);
        });
      });
      g.alpha.forEach((alpha, k) => {
        expect(r.raters.skill[k]).toBeCloseTo(alpha, 5);
      });
    });
  }
});

// crowd-kit 1.4.1's GLAD() stops each M-step after ≤ 25 conjugate-gradient steps with gradient tolerance 1e-2 and
// EM at a change of 1e-5, so its posteriors sit short of the model's fixed point: by up to 5.8e-3 on crowdkit_toy
// and 1.3e-3 on crowdkit_simple against the reference above. vox stops at its own tolerance (a deliberate
// difference, docs/aggregation.md); the labels agree and the posteriors are within 1e-2.
describe.skipIf(skipWithoutShared())("crowd-kit 1.4.1 fixtures: GLAD", () => {
  const outputs = skipWithoutShared() ? {} : crowdKitOutputs();
  for (const fixture of ["crowdkit_toy", "crowdkit_simple"]) {
    it(fixture, () => {
      const a = crowdKitFixture(fixture, false);
      const ref = outputs[fixture]!["GLAD()"] as CrowdKitOutput;
      const r = glad(a);
      expect(labelsByItem(a, r.labels)).toEqual(ref.labels);
      expect(maxPosteriorGap(a, r.posteriors.data, ref.probas!)).toBeLessThan(1e-2);
    });
  }
});
