// Self-contained tests of quality/: small examples worked by hand (numbers derived in the comments), numpy
// compatibility of the helpers, edge cases and invariants on seeded random data. The shared-data reference tests
// are in cleanlabRef, crowdlabRef and dynamicsRef.
import { describe, expect, it } from "vitest";
import type { Annotations } from "../data/annotations.js";
import { fromRows, type Matrix } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { assignThresholdSamples, aum } from "./aum.js";
import { confidentJoint } from "./confidentJoint.js";
import { confidentThresholds } from "./confidentThresholds.js";
import { crowdlab } from "./crowdlab.js";
import { dataMap } from "./dataMap.js";
import { estimateJoint } from "./estimateJoint.js";
import { estimateLatent } from "./estimateLatent.js";
import { FILTER_BY, findLabelIssues } from "./findLabelIssues.js";
import { forgettingEvents } from "./forgettingEvents.js";
import { healthSummary } from "./healthSummary.js";
import { labelQualityScores } from "./labelQualityScores.js";
import {
  markSmallest,
  pairwiseSum,
  roundHalfEven,
  roundPreservingRowTotals,
  stableArgsort,
} from "./numeric.js";
import { rankLabelIssues } from "./rankLabelIssues.js";
import { DynamicsRecorder, trainingDynamics } from "./trainingDynamics.js";

// Six examples, two classes. By hand: t0 = (.9+.8+.2)/3 = .6333, t1 = (.9+.7+.4)/3 = .6667; confident guesses
// 0, 0, 1, 1, 1, none (example 5 passes neither threshold) → raw joint [[2,1],[0,2]]; calibrated rows ×3/3 and
// ×3/2 → [[2,1],[0,3]]; Q = /6.
const labels = Int32Array.from([0, 0, 0, 1, 1, 1]);
const probs = fromRows([
  [0.9, 0.1],
  [0.8, 0.2],
  [0.2, 0.8],
  [0.1, 0.9],
  [0.3, 0.7],
  [0.6, 0.4],
]);

describe("confident learning on a hand-worked example", () => {
  it("thresholds, confident joint and estimated joint", () => {
    const t = confidentThresholds(labels, probs);
    expect(t[0]).toBeCloseTo(1.9 / 3, 15);
    expect(t[1]).toBeCloseTo(2 / 3, 15);
    const cj = confidentJoint(labels, probs);
    expect(Array.from(cj.rawJoint.data)).toEqual([2, 1, 0, 2]);
    expect(Array.from(cj.joint.data)).toEqual([2, 1, 0, 3]);
    expect(Array.from(cj.offDiagonal)).toEqual([2]);
    expect(Array.from(cj.guess)).toEqual([0, 0, 1, 1, 1, -1]);
    expect(Array.from(estimateJoint(labels, probs).data)).toEqual([2 / 6, 1 / 6, 0, 3 / 6]);
  });

  it("prior, noise and inverse noise: noise[i][j] = C[i][j]/Σ_i, inverse[j][i] = C[i][j]/Σ_j", () => {
    const l = estimateLatent(confidentJoint(labels, probs).joint, labels);
    expect(Array.from(l.prior)).toEqual([2 / 6, 4 / 6]);
    expect(Array.from(l.noiseMatrix.data)).toEqual([1, 0.25, 0, 0.75]);
    expect(Array.from(l.inverseNoiseMatrix.data)).toEqual([2 / 3, 0, 1 / 3, 1]);
  });

  it("each filter flags what the hand computation says", () => {
    // prune_by_noise_rate: cell (given 0, true 1) holds 1 → the label-0 example with the largest p1 − p0 (#2);
    // prune_by_class: class 0 keeps C[0][0] = 2 of 3 → its smallest p0 (#2); argmax ≠ label: #2 and #5;
    // low_*: n = 1 off-diagonal → the lowest score (#2 for both scores).
    const want: Record<string, number[]> = {
      prune_by_noise_rate: [2],
      prune_by_class: [2],
      both: [2],
      confident_learning: [2],
      predicted_neq_given: [2, 5],
      low_normalized_margin: [2],
      low_self_confidence: [2],
    };
    for (const mode of FILTER_BY) {
      expect(Array.from(findLabelIssues(labels, probs, { filterBy: mode }).indices), mode).toEqual(
        want[mode],
      );
    }
    const flagged = findLabelIssues(labels, probs, { filterBy: "predicted_neq_given" }).indices;
    expect(Array.from(rankLabelIssues(labels, probs, { flagged }).ranked)).toEqual([2, 5]);
    // fracNoise 0 keeps no noise, so nothing is pruned
    expect(findLabelIssues(labels, probs, { fracNoise: 0 }).indices.length).toBe(0);
  });

  it("scores: self confidence, normalized margin, confidence-weighted entropy", () => {
    expect(Array.from(labelQualityScores(labels, probs))).toEqual([0.9, 0.8, 0.2, 0.9, 0.7, 0.4]);
    const nm = labelQualityScores(labels, probs, { method: "normalized_margin" });
    expect(nm[2]).toBeCloseTo((0.2 - 0.8 + 1) / 2, 15);
    expect(nm[5]).toBeCloseTo((0.4 - 0.6 + 1) / 2, 15);
    // example 0: H = −(.9 ln .9 + .1 ln .1)/ln 2 = 0.468996; s = H/.9; score = ln(1 + s)/s
    const cwe = labelQualityScores(labels, probs, { method: "confidence_weighted_entropy" });
    const h = -(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)) / Math.log(2);
    expect(cwe[0]).toBeCloseTo(Math.log(1 + h / 0.9) / (h / 0.9), 15);
    expect(() =>
      labelQualityScores(labels, probs, { method: "confidence_weighted_entropy", adjust: true }),
    ).toThrow(/not supported/);
  });

  it("health: 1 of 6 estimated issues; class 0 has noise 1/3, class 1 inverse noise 1/4; overlap 1/6", () => {
    const h = healthSummary(labels, probs);
    expect(h.overallLabelHealth).toBeCloseTo(5 / 6, 15);
    expect(h.classes.map((c) => c.class)).toEqual([0, 1]);
    expect(h.classes[0]).toMatchObject({ labelIssues: 1, inverseLabelIssues: 0 });
    expect(h.classes[0]!.labelNoise).toBeCloseTo(1 / 3, 15);
    expect(h.classes[1]!.inverseLabelNoise).toBeCloseTo(1 / 4, 15);
    expect(h.overlaps).toHaveLength(1);
    expect(h.overlaps[0]).toMatchObject({ classA: 0, classB: 1, examples: 1 });
    expect(h.overlaps[0]!.jointProbability).toBeCloseTo(1 / 6, 15);
  });
});

describe("numpy-compatible helpers", () => {
  it("pairwise summation equals np.sum / np.mean", () => {
    // /usr/bin/python3, numpy 1.24.2: np.sum(np.arange(1, 201) * 0.1) = 2010.0 (a naive loop gives
    // 2010.0000000000002); np.mean([0.1]*7 + [0.7]*130) = 0.6693430656934308
    const x = Float64Array.from({ length: 200 }, (_, i) => (i + 1) * 0.1);
    expect(pairwiseSum(x)).toBe(2010);
    const y = Float64Array.from({ length: 137 }, (_, i) => (i < 7 ? 0.1 : 0.7));
    expect(pairwiseSum(y) / 137).toBe(0.6693430656934308);
  });

  it("round half to even, and row rounding that keeps totals", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5].map((v) => roundHalfEven(v) || 0)).toEqual([0, 2, 2, 0, -2]);
    // 335.53 + 2656.9 + 320.6 = 3313.03 → rounds to 336 + 2657 + 321 = 3314; one decrement goes to the entry
    // rounded up the most (335.53 → 336), as in cleanlab 2.9 (shared cleanlab-ref, class 1 of the calibrated joint)
    const r = roundPreservingRowTotals(Float64Array.from([335.53, 2656.9, 320.6, 1, 1, 1, 0.5, 0.5, 2]), 3);
    expect(Array.from(r)).toEqual([335, 2657, 321, 1, 1, 1, 0, 1, 2]);
  });

  it("selection marks the k smallest, ties to the lower index, like a stable argsort", () => {
    const v = Float64Array.from([3, 1, 2, 1, 1, 0]);
    const mask = new Uint8Array(6);
    markSmallest(v, 3, { mask });
    expect(Array.from(mask)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(Array.from(stableArgsort(v))).toEqual([5, 1, 3, 4, 2, 0]);
    const rng = createRng(3);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + rng.int(200);
      const a = Float64Array.from({ length: n }, () => rng.int(10));
      const k = rng.int(n + 1);
      const m = new Uint8Array(n);
      markSmallest(a, k, { mask: m });
      const expected = new Uint8Array(n);
      for (const i of stableArgsort(a).subarray(0, k)) expected[i] = 1;
      expect(Array.from(m)).toEqual(Array.from(expected));
    }
  });
});

/** Seeded random labels and probabilities: noisy labels of a latent class, probabilities leaning to it. */
function randomProblem(seed: number, n: number, k: number): { labels: Int32Array; probs: Matrix } {
  const rng = createRng(seed);
  const labels = new Int32Array(n);
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const truth = rng.int(k);
    labels[i] = rng.float() < 0.2 ? rng.int(k) : truth;
    let s = 0;
    for (let c = 0; c < k; c++) {
      const v = rng.float() + (c === truth ? 1.5 : 0);
      data[i * k + c] = v;
      s += v;
    }
    for (let c = 0; c < k; c++) data[i * k + c]! /= s;
  }
  return { labels, probs: { rows: n, cols: k, data } };
}

describe("invariants", () => {
  const { labels: y, probs: p } = randomProblem(11, 600, 4);

  it("flags do not depend on the order of examples", () => {
    const rng = createRng(5);
    const perm = rng.permutation(y.length);
    const y2 = Int32Array.from(perm, (i) => y[i]!);
    const p2 = new Float64Array(p.data.length);
    perm.forEach((i, t) => {
      p2.set(p.data.subarray(i * 4, i * 4 + 4), t * 4);
    });
    for (const mode of FILTER_BY) {
      const a = findLabelIssues(y, p, { filterBy: mode }).mask;
      const b = findLabelIssues(y2, { rows: p.rows, cols: 4, data: p2 }, { filterBy: mode }).mask;
      expect(
        Array.from(perm, (i) => a[i]),
        mode,
      ).toEqual(Array.from(b));
    }
  });

  it("flags do not depend on how classes are numbered", () => {
    const relabel = [2, 0, 3, 1];
    const y2 = y.map((c) => relabel[c]!);
    const p2 = new Float64Array(p.data.length);
    for (let i = 0; i < y.length; i++)
      for (let c = 0; c < 4; c++) p2[i * 4 + relabel[c]!] = p.data[i * 4 + c]!;
    for (const mode of FILTER_BY) {
      const a = findLabelIssues(y, p, { filterBy: mode }).indices;
      const b = findLabelIssues(y2, { rows: p.rows, cols: 4, data: p2 }, { filterBy: mode }).indices;
      expect(Array.from(b), mode).toEqual(Array.from(a));
    }
  });

  it("both ⊆ prune_by_class ∩ prune_by_noise_rate; perfect labels give no issues", () => {
    const both = findLabelIssues(y, p, { filterBy: "both" }).mask;
    const cls = findLabelIssues(y, p, { filterBy: "prune_by_class" }).mask;
    const nr = findLabelIssues(y, p, { filterBy: "prune_by_noise_rate" }).mask;
    for (let i = 0; i < y.length; i++) if (both[i]) expect(cls[i]! & nr[i]!).toBe(1);
    const argmax = Int32Array.from({ length: p.rows }, (_, i) => {
      const row = Array.from(p.data.subarray(i * 4, i * 4 + 4));
      return row.indexOf(Math.max(...row));
    });
    for (const mode of FILTER_BY) {
      if (mode.startsWith("low_")) continue; // these always flag the off-diagonal count, zero here
      expect(findLabelIssues(argmax, p, { filterBy: mode }).indices.length, mode).toBe(0);
    }
  });

  it("numToRemovePerClass removes that many per class with prune_by_class (before the argmax check)", () => {
    const r = findLabelIssues(y, p, { filterBy: "prune_by_class", numToRemovePerClass: [5, 0, 3, 7] });
    const perClass = [0, 0, 0, 0];
    for (const i of r.indices) perClass[y[i]!]!++;
    expect(perClass[1]).toBe(0);
    for (const [c, max] of [5, 0, 3, 7].entries()) expect(perClass[c]!).toBeLessThanOrEqual(max);
  });
});

describe("edge cases", () => {
  it("rejects mismatched sizes, bad codes and out-of-range probabilities with precise messages", () => {
    expect(() => findLabelIssues(Int32Array.from([0]), probs)).toThrow(
      "labels and probabilities must have the same number of rows (got 1 and 6)",
    );
    expect(() => findLabelIssues(Int32Array.from([0, 0, 0, 1, 1, 2]), probs)).toThrow(
      "labels[5] must be a class code in [0, 2) (got 2)",
    );
    const bad = fromRows([
      [0.5, 0.5],
      [1.5, -0.5],
    ]);
    expect(() => confidentThresholds(Int32Array.from([0, 1]), bad)).toThrow(
      "probabilities[1][0] must be in [0, 1]",
    );
    expect(() => findLabelIssues(labels, probs, { fracNoise: 2 })).toThrow(/fracNoise/);
  });

  it("a class nobody was given gets threshold 2 and no confident counts", () => {
    const p3 = fromRows([
      [0.7, 0.2, 0.1],
      [0.6, 0.3, 0.1],
      [0.2, 0.7, 0.1],
    ]);
    const y3 = Int32Array.from([0, 0, 1]);
    expect(confidentThresholds(y3, p3)[2]).toBe(2);
    expect(confidentJoint(y3, p3, { calibrate: false }).rawJoint.data[2]).toBe(0);
  });
});

// CROWDLAB by hand: items i0 (r0: 0, r1: 0), i1 (r0: 1, r1: 0), i2 (r0: 1); probabilities [.8,.2], [.3,.7],
// [.4,.6]. Majority vote: 0; tie at i1 broken by the model (.7) → 1; 1. Agreement 1, .5, 1; consensus likelihood
// over multi-annotated items (1 + .5)/2 = .75; most-likely-class error .5; both raters agree with the other on
// 1 of 2 shared items → weight max(1 − .5/.5, 1e-6) = 1e-6; the model matches both → weight sqrt(5/3).
describe("CROWDLAB on a hand-worked example", () => {
  const a: Annotations = {
    items: ["i0", "i1", "i2"],
    raters: ["r0", "r1"],
    classes: ["0", "1"],
    item: Int32Array.from([0, 0, 1, 1, 2]),
    rater: Int32Array.from([0, 1, 0, 1, 0]),
    label: Int32Array.from([0, 0, 1, 0, 1]),
  };
  const p = fromRows([
    [0.8, 0.2],
    [0.3, 0.7],
    [0.4, 0.6],
  ]);

  it("majority vote, weights, posterior and quality", () => {
    const r = crowdlab(a, p, { consensusMethod: "majority_vote" });
    expect(Array.from(r.majorityVote)).toEqual([0, 1, 1]);
    expect(Array.from(r.annotatorAgreement)).toEqual([1, 0.5, 1]);
    expect(r.modelWeight).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(Array.from(r.annotatorWeight)).toEqual([1e-6, 1e-6]);
    const mw = Math.sqrt(5 / 3);
    // i2: (0.6·mw + 1e-6·0.75) / (mw + 1e-6)
    expect(r.consensusQuality[2]).toBeCloseTo((0.6 * mw + 1e-6 * 0.75) / (mw + 1e-6), 15);
    expect(Array.from(r.numAnnotations)).toEqual([2, 2, 1]);
    expect(r.annotators.map((s) => s.numLabeled).sort()).toEqual([2, 3]);
  });

  it("does not depend on the order of judgments or rater numbering", () => {
    const base = crowdlab(a, p);
    const shuffled: Annotations = {
      ...a,
      raters: ["r1", "r0"],
      item: Int32Array.from([2, 1, 0, 1, 0]),
      rater: Int32Array.from([1, 0, 0, 1, 1]),
      label: Int32Array.from([1, 0, 0, 1, 0]),
    };
    const other = crowdlab(shuffled, p);
    expect(Array.from(other.consensusLabel)).toEqual(Array.from(base.consensusLabel));
    for (let i = 0; i < 3; i++) expect(other.consensusQuality[i]).toBeCloseTo(base.consensusQuality[i]!, 14);
  });

  it("rejects items without judgments and data with no overlap", () => {
    expect(() =>
      crowdlab({ ...a, items: ["i0", "i1", "i2", "i3"] }, fromRows([...Array(4)].map(() => [0.5, 0.5]))),
    ).toThrow('item "i3" has no judgments');
    const single: Annotations = {
      ...a,
      item: Int32Array.from([0, 1, 2]),
      rater: Int32Array.from([0, 1, 0]),
      label: Int32Array.from([0, 1, 1]),
    };
    expect(() => crowdlab(single, p)).toThrow(/at least one item with two or more judgments/);
  });
});

// One example, gold 0, logits per epoch [0, 0], [0, ln 3], [ln 3, 0]: p(gold) = 1/2, 1/4, 3/4; correct, wrong,
// correct (the tie at epoch 0 goes to class 0, as numpy's argmax). Confidence 1/2, variability sqrt(1/24),
// correctness 2, one forgetting event, AUM (0 − ln 3 + ln 3)/3 = 0.
describe("training dynamics on a hand-worked example", () => {
  const ln3 = Math.log(3);
  const rec = new DynamicsRecorder(Int32Array.from([0]), { classes: 2, float64: true });
  for (const row of [
    [0, 0],
    [0, ln3],
    [ln3, 0],
  ]) {
    rec.hook({ logits: () => fromRows([row]) });
  }
  const d = rec.build();

  it("data map", () => {
    const m = dataMap(d);
    expect(m.confidence[0]).toBeCloseTo(0.5, 15);
    expect(m.variability[0]).toBeCloseTo(Math.sqrt(1 / 24), 15);
    expect(m.correctness[0]).toBe(2);
    expect(m.forgetfulness[0]).toBe(1);
    expect(m.thresholdCloseness[0]).toBeCloseTo(0.25, 15);
    expect(dataMap(d, { burnOut: 1 }).confidence[0]).toBeCloseTo(0.5, 15);
  });

  it("forgetting events and AUM", () => {
    const f = forgettingEvents(d);
    expect([f.forgetting[0], f.firstLearned[0], f.presentationsNeeded[0], f.neverLearned[0]]).toEqual([
      1, 0, 2, 0,
    ]);
    expect(aum(d).aum[0]).toBeCloseTo(0, 15);
  });

  it("never-learned examples: forgetfulness 1000 (cartography), forgetting = epochs (Toneva)", () => {
    const never = trainingDynamics({
      epochs: 2,
      examples: 1,
      classes: 2,
      logits: Float64Array.from([0, 1, 0, 2]),
      gold: Int32Array.from([0]),
    });
    expect(dataMap(never).forgetfulness[0]).toBe(1000);
    expect(forgettingEvents(never).forgetting[0]).toBe(2);
    expect(forgettingEvents(never).firstLearned[0]).toBe(-1);
  });

  it("threshold samples: N/(K+1) relabeled to class K, reproducibly", () => {
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 3);
    const a = assignThresholdSamples(y, { seed: 4 });
    const b = assignThresholdSamples(y, { seed: 4 });
    expect(a.thresholdClass).toBe(3);
    expect(a.thresholdSamples.reduce((s, v) => s + v, 0)).toBe(10);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    for (let i = 0; i < 40; i++) expect(a.labels[i]).toBe(a.thresholdSamples[i] ? 3 : y[i]);
  });

  it("rejects inconsistent shapes", () => {
    expect(() =>
      trainingDynamics({
        epochs: 2,
        examples: 1,
        classes: 2,
        logits: new Float64Array(3),
        gold: Int32Array.from([0]),
      }),
    ).toThrow(/must hold epochs × examples × classes = 4 values/);
    expect(() => rec.add(fromRows([[1, 2, 3]]))).toThrow("epoch logits must be 1 × 2 (got 1 × 3)");
  });
});
