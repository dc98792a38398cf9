import { describe, expect, it } from "vitest";
import {
  type CrowdKitOutput,
  crowdKitFixture,
  crowdKitOutputs,
  labelsByItem,
  maxPosteriorGap,
} from "../../../../test-support/crowdKit.js";
import { skipWithoutShared } from "../../../../test-support/index.js";
import { encodeAnnotations } from "../data/annotations.js";
import { goldMajorityVote } from "./goldMajorityVote.js";
import { majorityVote } from "./majorityVote.js";
import { wawa } from "./wawa.js";
import { weightedMajorityVote } from "./weightedMajorityVote.js";
import { zeroBasedSkill } from "./zeroBasedSkill.js";

// A tie on t1 (1 vs 1), a clear vote on t2.
const tied = encodeAnnotations([
  ["t1", "a", "x"],
  ["t1", "b", "y"],
  ["t2", "a", "y"],
  ["t2", "b", "y"],
  ["t2", "c", "x"],
]);

describe("majorityVote", () => {
  it("gives vote shares as posteriors and the majority as label", () => {
    const r = majorityVote(tied, { ties: "first" });
    expect(Array.from(r.posteriors.data)).toEqual([0.5, 0.5, 1 / 3, 2 / 3]);
    expect(Array.from(r.labels)).toEqual([0, 1]);
    // Skill: agreement with the labels (t1 tie broken towards x).
    expect(Array.from(r.raters.skill)).toEqual([1, 0.5, 0]);
  });

  it("applies the tie policy", () => {
    expect(majorityVote(tied, { ties: "soft" }).labels[0]).toBe(-1);
    const picks = new Set<number>();
    for (let seed = 0; seed < 20; seed++) picks.add(majorityVote(tied, { seed }).labels[0]!);
    expect([...picks].sort()).toEqual([0, 1]); // seeded random: both happen, each reproducibly
    expect(majorityVote(tied, { seed: 3 }).labels[0]).toBe(majorityVote(tied, { seed: 3 }).labels[0]);
    // Random tie-breaks credit the expected agreement, 1/2 each on t1.
    expect(Array.from(majorityVote(tied, { seed: 1 }).raters.skill)).toEqual([0.75, 0.75, 0]);
    expect(() => majorityVote(tied, { ties: "coin" as "first" })).toThrow(/ties must be/);
  });

  it("rejects bad known labels", () => {
    expect(() => majorityVote(tied, { known: Int32Array.of(0) })).toThrow(/one entry per item/);
    expect(() => majorityVote(tied, { known: Int32Array.of(0, 2) })).toThrow(/known\[1\]/);
  });
});

describe("weightedMajorityVote", () => {
  it("weighs each judgment by its rater", () => {
    const r = weightedMajorityVote(tied, { weights: Float64Array.of(1, 3, 0) });
    expect(Array.from(r.posteriors.data)).toEqual([0.25, 0.75, 0, 1]);
    expect(Array.from(r.labels)).toEqual([1, 1]);
    expect(() => weightedMajorityVote(tied, { weights: Float64Array.of(1) })).toThrow(/one entry per rater/);
    expect(() => weightedMajorityVote(tied, { weights: Float64Array.of(1, -1, 0) })).toThrow(/weights\[1\]/);
  });
});

describe("goldMajorityVote", () => {
  it("weighs raters by their accuracy on known items", () => {
    // Known: t2 is y. a and b are right on it (skill 1), c wrong (skill 0).
    const r = goldMajorityVote(tied, { known: Int32Array.of(-1, 1), ties: "soft" });
    expect(Array.from(r.raters.skill)).toEqual([1, 1, 0]);
    expect(r.labels[0]).toBe(-1); // still a tie between a and b
    expect(() => goldMajorityVote(tied)).toThrow(/needs known labels/);
  });
});

// crowd-kit 1.4.1 on its own fixtures (../shared/data/crowd/crowdkit_fixture_outputs.json), printed to 6 decimals.
// crowd-kit sorts class names and takes the first on ties, hence sorted classes and ties "first".
describe.skipIf(skipWithoutShared())("crowd-kit 1.4.1 fixtures: majority-vote family", () => {
  const outputs = skipWithoutShared() ? {} : crowdKitOutputs();
  const cases = [
    ["MajorityVote()", majorityVote],
    ["Wawa()", wawa],
    ["ZeroBasedSkill()", zeroBasedSkill],
  ] as const;
  for (const fixture of ["crowdkit_toy", "crowdkit_simple"]) {
    for (const [name, fit] of cases) {
      it(`${name} on ${fixture}`, () => {
        const a = crowdKitFixture(fixture);
        const ref = outputs[fixture]![name] as CrowdKitOutput;
        const r = fit(a, { ties: "first" });
        expect(labelsByItem(a, r.labels)).toEqual(ref.labels);
        expect(maxPosteriorGap(a, r.posteriors.data, ref.probas!)).toBeLessThan(5e-7);
        a.raters.forEach((w, k) => {
          expect(r.raters.skill[k]).toBeCloseTo(ref.skills![w]!, 6);
        });
      });
    }
  }
});
