import { describe, expect, it } from "vitest";
import { AnnotationsBuilder, encodeAnnotations } from "../data/annotations.js";
import { encodeGold } from "../data/gold.js";
import { fromRows } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { simulateCrowd } from "../simulate/simulateCrowd.js";
import {
  classAgreement,
  fleissKappa,
  itemDisagreement,
  raterAgreement,
  raterQuality,
  spammerScore,
} from "./index.js";

// A hand-checked example: i1 = (r1 a, r2 a, r3 b), i2 = (r1 a, r2 b), i3 = (r1 b) alone, i4 = (r1 a, r2 b, r3 c).
const small = encodeAnnotations(
  [
    ["i1", "r1", "a"],
    ["i1", "r2", "a"],
    ["i1", "r3", "b"],
    ["i2", "r1", "a"],
    ["i2", "r2", "b"],
    ["i3", "r1", "b"],
    ["i4", "r1", "a"],
    ["i4", "r2", "b"],
    ["i4", "r3", "c"],
  ],
  { classOrder: ["a", "b", "c"] },
);

describe("raterAgreement", () => {
  it("scores each rater against the others and the leave-one-out consensus (ties credited 1/t)", () => {
    const r = raterAgreement(small);
    expect(Array.from(r.judgments)).toEqual([4, 3, 2]);
    expect(Array.from(r.pairable)).toEqual([3, 3, 2]);
    // r1: on i1 the others split a/b (credit 1/2, half of them agree), on i2 and i4 nobody agrees.
    expect(r.restAgreement[0]).toBeCloseTo(1 / 6, 12);
    expect(r.consensusAgreement[0]).toBeCloseTo(1 / 6, 12);
    expect(r.restAgreement[1]).toBeCloseTo(1 / 6, 12);
    expect(r.consensusAgreement[2]).toBe(0);
    // r1 always says a; the others' shares on r1's items are a 1/6, b 2/3, c 1/6: chance agreement 1/6, κ 0.
    expect(r.restExpected[0]).toBeCloseTo(1 / 6, 12);
    expect(r.restKappa[0]).toBeCloseTo(0, 12);
    // r1's confusion against the consensus (rows consensus, columns r1's label): a→a ½, b→a ½ + 1 + ½, c→a ½.
    const q = 3;
    const c1 = Array.from(r.consensusConfusion.subarray(0, q * q));
    expect(c1).toEqual([0.5, 0, 0, 2, 0, 0, 0.5, 0, 0]);
  });
});

describe("spammerScore (Raykar & Yu 2012)", () => {
  it("is 1 for a perfect or consistently swapping rater, 0 for a spammer, (sens + spec − 1)² for two classes", () => {
    expect(
      spammerScore(
        fromRows([
          [5, 0, 0],
          [0, 7, 0],
          [0, 0, 3],
        ]),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      spammerScore(
        fromRows([
          [0, 5],
          [5, 0],
        ]),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      spammerScore(
        fromRows([
          [2, 6, 2],
          [1, 3, 1],
          [4, 12, 4],
        ]),
      ),
    ).toBeCloseTo(0, 12);
    expect(
      spammerScore(
        fromRows([
          [8, 2],
          [3, 7],
        ]),
      ),
    ).toBeCloseTo((0.8 + 0.7 - 1) ** 2, 12);
  });

  it("leaves out rows without judgments and is undefined with fewer than two", () => {
    expect(
      spammerScore(
        fromRows([
          [4, 0, 0],
          [0, 0, 0],
          [0, 0, 9],
        ]),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      spammerScore(
        fromRows([
          [4, 1],
          [0, 0],
        ]),
      ),
    ).toBeNaN();
    expect(() =>
      spammerScore(
        fromRows([
          [1, -1],
          [0, 1],
        ]),
      ),
    ).toThrow(/must be ≥ 0/);
  });
});

describe("raterQuality", () => {
  it("separates spammers from reliable raters, against gold and against the consensus", () => {
    const sim = simulateCrowd({
      items: 2000,
      raters: 20,
      overlap: 4,
      classes: 3,
      spammerShare: 0.2,
      seed: 5,
    });
    const a = sim.annotations;
    const withGold = raterQuality(a, { gold: sim.truth });
    const without = raterQuality(a);
    for (const [name, q] of [
      ["gold", withGold],
      ["consensus", without],
    ] as const) {
      let maxSpam = -Infinity;
      let minGood = Infinity;
      for (let r = 0; r < 20; r++) {
        expect(q.basis[r], name).toBe(name);
        if (sim.spammer[r]) maxSpam = Math.max(maxSpam, q.spammerScore[r]!);
        else minGood = Math.min(minGood, q.spammerScore[r]!);
      }
      expect(maxSpam, name).toBeLessThan(0.05);
      expect(minGood, name).toBeGreaterThan(maxSpam);
    }
    for (let r = 0; r < 20; r++) {
      // About 400 judgments per rater: the observed accuracy is within 0.1 (5 standard errors) of the true one.
      expect(Math.abs(withGold.accuracy[r]! - sim.raterAccuracy[r]!)).toBeLessThan(0.1);
      expect(withGold.goldItems[r]).toBe(withGold.judgments[r]);
    }
    // Against gold, a reliable rater's score is (C·acc − 1)²/(C − 1)² in expectation for the one-coin model.
    const r = sim.spammer.indexOf(0);
    const acc = sim.raterAccuracy[r]!;
    expect(Math.abs(withGold.spammerScore[r]! - ((3 * acc - 1) / 2) ** 2)).toBeLessThan(0.1);
  });

  it("reports accuracy, gold confusion, the basis per rater and median durations", () => {
    const b = new AnnotationsBuilder();
    const rows = [
      ["i1", "r1", "a", 1000],
      ["i1", "r2", "a", 3000],
      ["i2", "r1", "b", 2000],
      ["i2", "r2", "a", Number.NaN],
      ["i3", "r1", "a", 4000],
      ["i3", "r2", "b", 5000],
    ] as const;
    for (const [item, rater, label, durationMs] of rows) b.add({ item, rater, label, durationMs });
    const a = b.build();
    const gold = encodeGold(a, [
      ["i1", "a"],
      ["i2", "b"],
      ["i3", "maybe"],
    ]);
    const q = raterQuality(a, { gold: gold.truth, goldClasses: gold.classes });
    expect(q.classes).toEqual(["a", "b", "maybe"]);
    expect(Array.from(q.goldItems)).toEqual([3, 3]);
    expect(q.accuracy[0]).toBeCloseTo(2 / 3, 12);
    expect(q.accuracy[1]).toBeCloseTo(1 / 3, 12);
    expect(q.basis).toEqual(["gold", "gold"]);
    // r1: truth a → a, truth b → b, truth maybe → a (rows: truth, columns: label).
    expect(Array.from(q.confusion.subarray(0, 9))).toEqual([1, 0, 0, 0, 1, 0, 1, 0, 0]);
    expect(Array.from(q.medianDurationMs)).toEqual([2000, 4000]);
    // Without gold the consensus is the other rater's label; r1's consensus rows are a (twice) and b: two rows.
    const c = raterQuality(a);
    expect(c.basis).toEqual(["consensus", "consensus"]);
    expect(c.accuracy[0]).toBeNaN();
    // Gold that covers a single class for a rater falls back to the consensus.
    const one = encodeGold(a, [["i1", "a"]]);
    expect(raterQuality(a, { gold: one.truth }).basis).toEqual(["consensus", "consensus"]);
  });

  it("checks its inputs", () => {
    expect(() => raterQuality(small, { gold: new Int32Array(2) })).toThrow(/one entry per item/);
    expect(() => raterQuality(small, { gold: new Int32Array(4), goldClasses: ["a"] })).toThrow(/extend/);
  });
});

describe("itemDisagreement", () => {
  it("gives majority, share, entropy and pairwise agreement per item", () => {
    const d = itemDisagreement(small);
    expect(Array.from(d.judgments)).toEqual([3, 2, 1, 3]);
    expect(Array.from(d.majority)).toEqual([0, -1, 1, -1]);
    expect(d.majorityShare[0]).toBeCloseTo(2 / 3, 12);
    expect(d.entropy[0]).toBeCloseTo(-(2 / 3) * Math.log2(2 / 3) - (1 / 3) * Math.log2(1 / 3), 12);
    expect(d.entropy[1]).toBe(1);
    expect(d.entropy[2]).toBe(0);
    expect(d.entropy[3]).toBeCloseTo(Math.log2(3), 12);
    expect(d.pairAgreement[0]).toBeCloseTo(1 / 3, 12);
    expect(d.pairAgreement[2]).toBeNaN();
  });
});

describe("classAgreement", () => {
  it("matches specific agreement and category κ computed pair by pair", () => {
    const rng = createRng(3);
    const rows: [string, string, string][] = [];
    for (let i = 0; i < 50; i++) {
      const m = 1 + rng.int(4);
      for (let r = 0; r < m; r++) rows.push([`i${i}`, `r${r}`, `c${rng.int(3)}`]);
    }
    const a = encodeAnnotations(rows);
    const c = classAgreement(a);
    const byItem = new Map<string, string[]>();
    for (const [i, , l] of rows) byItem.set(i, [...(byItem.get(i) ?? []), l]);
    for (const [k, name] of a.classes.entries()) {
      let same = 0;
      let pairs = 0;
      let count = 0;
      let total = 0;
      for (const labels of byItem.values()) {
        if (labels.length < 2) continue;
        total += labels.length;
        for (let x = 0; x < labels.length; x++) {
          if (labels[x] !== name) continue;
          count++;
          for (let y = 0; y < labels.length; y++) {
            if (x === y) continue;
            pairs++;
            if (labels[y] === name) same++;
          }
        }
      }
      const p = count / total;
      expect(c.specificAgreement[k]).toBeCloseTo(same / pairs, 12);
      expect(c.share[k]).toBeCloseTo(p, 12);
      expect(c.kappa[k]).toBeCloseTo((same / pairs - p) / (1 - p), 12);
    }
  });

  it("reproduces Fleiss' κ as the share-weighted mean of category kappas on complete data", () => {
    // Fleiss (1971): κ = Σ_j p_j q_j κ_j / Σ_j p_j q_j when every subject has the same number of ratings.
    const sim = simulateCrowd({ items: 300, raters: 6, overlap: 6, classes: 3, seed: 8 });
    const c = classAgreement(sim.annotations);
    let num = 0;
    let den = 0;
    for (let k = 0; k < 3; k++) {
      const pq = c.share[k]! * (1 - c.share[k]!);
      num += pq * c.kappa[k]!;
      den += pq;
    }
    expect(num / den).toBeCloseTo(fleissKappa(sim.annotations).value, 12);
  });
});
