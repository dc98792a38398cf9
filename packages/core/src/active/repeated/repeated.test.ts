import { describe, expect, it } from "vitest";
import { readRepoJson } from "../../../../../test-support/index.js";
import { dawidSkene } from "../../aggregate/dawidSkene.js";
import { type Annotations, AnnotationsBuilder } from "../../data/annotations.js";
import { fromRows } from "../../linalg/matrix.js";
import { simulateCrowd } from "../../simulate/simulateCrowd.js";
import { labelUncertainty } from "./labelUncertainty.js";
import { repeatedLabelingRequests } from "./repeatedLabelingRequests.js";
import { replayRepeatedLabeling } from "./replayRepeatedLabeling.js";

function build(rows: [string, string, string][], items?: string[]): Annotations {
  const b = new AnnotationsBuilder({ classOrder: ["0", "1"] });
  for (const it of items ?? []) b.itemTable.code(it);
  for (const [item, rater, label] of rows) b.add({ item, rater, label });
  return b.build();
}

describe("labelUncertainty", () => {
  it("matches the closed form for small counts", () => {
    // I_0.5(a+1, b+1) = P(Bin(a+b+1, ½) ≥ a+1) (Abramowitz & Stegun 26.5.24): (0,0) → ½; (3,0) → 1/16; (2,1) → 5/16.
    expect(labelUncertainty(0, 0)).toBeCloseTo(0.5, 15);
    expect(labelUncertainty(3, 0)).toBeCloseTo(1 / 16, 15);
    expect(labelUncertainty(2, 1)).toBeCloseTo(5 / 16, 15);
    expect(labelUncertainty(1, 2)).toBeCloseTo(5 / 16, 15);
  });

  it("matches scipy's regularized incomplete beta", () => {
    // /usr/bin/python3 reference/active/label_uncertainty.py (scipy 1.10.1 betainc).
    const ref = readRepoJson<{ values: { a: number; b: number; lu: number }[] }>(
      "reference/active/label_uncertainty.json",
    );
    for (const { a, b, lu } of ref.values) expect(labelUncertainty(a, b)).toBeCloseTo(lu, 12);
  });

  it("rejects negative or fractional counts", () => {
    expect(() => labelUncertainty(-1, 0)).toThrow(/a/);
    expect(() => labelUncertainty(1, 0.5)).toThrow(/b/);
  });
});

describe("repeatedLabelingRequests", () => {
  const crowd = simulateCrowd({ items: 60, raters: 12, classes: 2, overlap: 3, seed: 3 });
  const a = crowd.annotations;

  it("returns distinct items, each with a rater who has not judged it yet", () => {
    const req = repeatedLabelingRequests(a, { batch: 25, seed: 1 });
    expect(req.item.length).toBe(25);
    expect(new Set(req.item).size).toBe(25);
    for (let q = 0; q < req.item.length; q++) {
      for (let j = 0; j < a.item.length; j++) {
        if (a.item[j] === req.item[q]) expect(a.rater[j]).not.toBe(req.rater[q]);
      }
    }
    // Scores come best first.
    for (let q = 1; q < req.score.length; q++) expect(req.score[q]).toBeLessThanOrEqual(req.score[q - 1]!);
  });

  it("is deterministic per seed and returns every item when the batch exceeds them", () => {
    const x = repeatedLabelingRequests(a, { batch: 1000, score: "random", rater: "random", seed: 9 });
    const y = repeatedLabelingRequests(a, { batch: 1000, score: "random", rater: "random", seed: 9 });
    expect(x).toEqual(y);
    expect(x.item.length).toBe(60);
    const z = repeatedLabelingRequests(a, { batch: 1000, score: "random", rater: "random", seed: 10 });
    expect(Array.from(z.item)).not.toEqual(Array.from(x.item));
  });

  it("ranks the split item first by label uncertainty and by posterior", () => {
    const b = build([
      ["sure", "r1", "1"],
      ["sure", "r2", "1"],
      ["sure", "r3", "1"],
      ["split", "r1", "1"],
      ["split", "r2", "0"],
      ["lean", "r1", "0"],
      ["lean", "r2", "0"],
      ["lean", "r3", "1"],
    ]);
    for (const score of ["lu", "posterior"] as const) {
      const req = repeatedLabelingRequests(b, { batch: 1, score, seed: 0 });
      expect(b.items[req.item[0]!]).toBe("split");
      expect(b.raters[req.rater[0]!]).toBe("r3"); // the only rater left for "split"
    }
    // LU of a 1–1 split is ½ (A&S 26.5.24 with n = 3).
    expect(repeatedLabelingRequests(b, { score: "lu" }).score[0]).toBeCloseTo(0.5, 12);
  });

  it("asks the most reliable available rater under skill and information", () => {
    // r1, r2 always agree with the majority; r9 always disagrees, so DS rates it unreliable.
    const rows: [string, string, string][] = [];
    for (let k = 0; k < 12; k++) {
      const l = String(k % 2);
      rows.push([`i${k}`, "r1", l], [`i${k}`, "r2", l], [`i${k}`, "r9", String(1 - (k % 2))]);
    }
    rows.push(["new", "r0", "1"]);
    const b = build(rows);
    const available = { offsets: new Int32Array(b.items.length + 1), raters: new Int32Array(0) };
    // Only "new" (the last item) is open, to r1 and r3 (r3 never judged anything: prior accuracy ½).
    const last = b.items.indexOf("new");
    const r1 = b.raters.indexOf("r1");
    const raters = Int32Array.from([b.raters.indexOf("r0"), r1]);
    for (let i = last + 1; i <= b.items.length; i++) available.offsets[i] = 2;
    available.raters = raters;
    for (const rater of ["skill", "information"] as const) {
      const req = repeatedLabelingRequests(b, { available, rater, batch: 5 });
      expect(Array.from(req.item)).toEqual([last]);
      expect(req.rater[0]).toBe(r1);
    }
  });

  it("respects raterCapacity and maxLabels", () => {
    const req = repeatedLabelingRequests(a, { batch: 60, rater: "skill", raterCapacity: 2 });
    const perRater = new Map<number, number>();
    for (const r of req.rater) perRater.set(r, (perRater.get(r) ?? 0) + 1);
    for (const v of perRater.values()) expect(v).toBeLessThanOrEqual(2);
    expect(repeatedLabelingRequests(a, { batch: 60, maxLabels: 3 }).item.length).toBe(0);
  });

  it("scores mu and lmu from model probabilities and checks their shape", () => {
    const b = build([
      ["x", "r1", "1"],
      ["y", "r1", "1"],
      ["z", "r2", "0"],
    ]);
    const probs = fromRows([
      [0.5, 0.5],
      [0.9, 0.1],
      [0.2, 0.8],
    ]);
    const mu = repeatedLabelingRequests(b, {
      score: "mu",
      modelProbabilities: probs,
      batch: 3,
      rater: "random",
    });
    // Sheng et al.'s MU for two classes: ½ − |p − ½| → 0.5, 0.2 (z) and 0.1 (y).
    expect(Array.from(mu.item)).toEqual([0, 2, 1]);
    expect(Array.from(mu.score)).toEqual([0.5, expect.closeTo(0.2, 12), expect.closeTo(0.1, 12)]);
    const lmu = repeatedLabelingRequests(b, {
      score: "lmu",
      modelProbabilities: probs,
      batch: 2,
      rater: "random",
    });
    // LU with one vote is 0.25 (scipy reference above), so LMU = √(0.25 · MU).
    expect(lmu.score[0]).toBeCloseTo(Math.sqrt(0.25 * 0.5), 12);
    expect(() => repeatedLabelingRequests(b, { score: "mu" })).toThrow(/modelProbabilities/);
    expect(() =>
      repeatedLabelingRequests(b, { score: "mu", modelProbabilities: fromRows([[1, 0]]) }),
    ).toThrow(/items × classes/);
  });

  it("treats an item nobody judged as a new item competing on the same score", () => {
    const b = build(
      [
        ["x", "r1", "1"],
        ["x", "r2", "1"],
        ["x", "r3", "1"],
      ],
      ["fresh", "x"],
    );
    const req = repeatedLabelingRequests(b, { score: "lu", batch: 1 });
    expect(b.items[req.item[0]!]).toBe("fresh");
  });
});

describe("replayRepeatedLabeling", () => {
  const crowd = simulateCrowd({
    items: 150,
    raters: 15,
    classes: 2,
    overlap: 7,
    seed: 5,
    accuracy: [0.55, 0.9],
  });
  const a = crowd.annotations;

  it("starts from the initial judgments and ends at full redundancy", () => {
    const c = replayRepeatedLabeling(a, { truth: crowd.truth, initial: 2, batch: 40, seed: 2 });
    expect(c.judgments[0]).toBe(300);
    expect(c.judgments[c.judgments.length - 1]).toBe(a.item.length);
    expect(c.fullJudgments).toBe(1050);
    const full = dawidSkene(a, { seed: 2 });
    let right = 0;
    for (let i = 0; i < 150; i++) if (full.labels[i] === crowd.truth[i]) right++;
    expect(c.fullAccuracy).toBeCloseTo(right / 150, 15);
    expect(c.accuracy[c.accuracy.length - 1]).toBeCloseTo(c.fullAccuracy, 1);
    expect(c.judgmentsToFull).toBeGreaterThan(0);
    expect(c.judgmentsToFull).toBeLessThanOrEqual(1050);
    // Rounds add at most `batch` judgments each.
    for (let p = 1; p < c.judgments.length; p++)
      expect(c.judgments[p]! - c.judgments[p - 1]!).toBeLessThanOrEqual(40);
  });

  it("is deterministic per seed and stops at the budget", () => {
    const o = {
      truth: crowd.truth,
      batch: 30,
      budget: 400,
      score: "lu" as const,
      rater: "random" as const,
      seed: 4,
    };
    const x = replayRepeatedLabeling(a, o);
    expect(replayRepeatedLabeling(a, o)).toEqual(x);
    expect(x.judgments[x.judgments.length - 1]).toBe(400);
  });

  it("reports −1 when the budget ends before full-redundancy accuracy", () => {
    const c = replayRepeatedLabeling(a, { truth: crowd.truth, initial: 1, budget: 150, seed: 1 });
    expect(Array.from(c.judgments)).toEqual([150]);
    if (c.accuracy[0]! < c.fullAccuracy) expect(c.judgmentsToFull).toBe(-1);
  });

  it("stops between rounds when the signal is aborted", () => {
    const signal = { aborted: true, reason: new Error("stop") };
    expect(() => replayRepeatedLabeling(a, { truth: crowd.truth, signal })).toThrow("stop");
  });

  it("rejects truth of the wrong length", () => {
    expect(() => replayRepeatedLabeling(a, { truth: new Int32Array(3) })).toThrow(/one entry per item/);
  });
});
