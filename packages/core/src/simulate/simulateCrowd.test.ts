import { describe, expect, it } from "vitest";
import { repeatedJudgments } from "../data/repeatedJudgments.js";
import { summarizeAnnotations } from "../data/summarize.js";
import { simulateCrowd } from "./simulateCrowd.js";

describe("simulateCrowd", () => {
  it("is reproducible per seed and differs across seeds", () => {
    const a = simulateCrowd({ seed: 1 });
    const b = simulateCrowd({ seed: 1 });
    const c = simulateCrowd({ seed: 2 });
    expect(Array.from(a.annotations.label)).toEqual(Array.from(b.annotations.label));
    expect(Array.from(a.annotations.label)).not.toEqual(Array.from(c.annotations.label));
  });

  it("gives every item `overlap` distinct raters", () => {
    const { annotations } = simulateCrowd({ items: 300, raters: 12, overlap: 4, seed: 3 });
    const s = summarizeAnnotations(annotations);
    expect(s.judgments).toBe(1200);
    expect(s.judgmentsPerItem).toMatchObject({ min: 4, max: 4 });
    expect(repeatedJudgments(annotations).later.length).toBe(0);
  });

  it("produces raters whose observed accuracy matches their simulated accuracy", () => {
    const sim = simulateCrowd({
      items: 20_000,
      raters: 10,
      overlap: 10,
      classes: 4,
      spammerShare: 0.2,
      seed: 4,
    });
    const { annotations: a, truth } = sim;
    const correct = new Float64Array(10);
    const total = new Float64Array(10);
    for (let j = 0; j < a.item.length; j++) {
      total[a.rater[j]!]!++;
      if (a.label[j] === truth[a.item[j]!]) correct[a.rater[j]!]!++;
    }
    expect(sim.spammer.reduce((s, x) => s + x, 0)).toBe(2);
    for (let r = 0; r < 10; r++) expect(correct[r]! / total[r]!).toBeCloseTo(sim.raterAccuracy[r]!, 1);
  });

  it("validates its options", () => {
    expect(() => simulateCrowd({ overlap: 30, raters: 20 })).toThrow(/overlap/);
    expect(() => simulateCrowd({ classes: 1 })).toThrow(/classes/);
    expect(() => simulateCrowd({ prior: [1, 2] })).toThrow(/one weight per class/);
    expect(() => simulateCrowd({ accuracy: [0.9, 0.5] })).toThrow(/accuracy\[1\]/);
  });
});
