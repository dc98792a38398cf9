import { describe, expect, it } from "vitest";
import { readRepoJson, readSharedText, skipWithoutShared } from "../../../../test-support/index.js";
import { type Annotations, encodeAnnotations } from "../data/annotations.js";
import { NumericLabelError } from "../data/numeric.js";
import { numericMean } from "./numericMean.js";
import { numericMedian } from "./numericMedian.js";
import { numericTrimmedMean } from "./numericTrimmedMean.js";
import { raterBiasPrecision } from "./raterBiasPrecision.js";
import { scoreValues } from "./scoreValues.js";

const ratings = encodeAnnotations([
  ["a", "r1", "1"],
  ["a", "r2", "2"],
  ["a", "r3", "3"],
  ["a", "r4", "10"],
  ["b", "r1", "-4.5"],
  ["c", "r2", "7"],
  ["c", "r3", "8"],
]);

describe("numeric aggregators", () => {
  it("mean, median and trimmed mean per item", () => {
    expect(Array.from(numericMean(ratings).values)).toEqual([4, -4.5, 7.5]);
    expect(Array.from(numericMedian(ratings).values)).toEqual([2.5, -4.5, 7.5]);
    // scipy.stats.trim_mean([1, 2, 3, 10], 0.25) = 2.5; with 0.1 nothing is cut from four values.
    expect(Array.from(numericTrimmedMean(ratings, { trim: 0.25 }).values)).toEqual([2.5, -4.5, 7.5]);
    expect(Array.from(numericTrimmedMean(ratings).values)).toEqual([4, -4.5, 7.5]);
    expect(() => numericTrimmedMean(ratings, { trim: 0.5 })).toThrow(/trim/);
  });

  it("uses given values and marks items without judgments NaN", () => {
    const a: Annotations = { ...ratings, items: [...ratings.items, "empty"] };
    const r = numericMean(a, { values: Float64Array.from({ length: 7 }, (_, j) => j) });
    expect(Array.from(r.values)).toEqual([1.5, 4, 5.5, Number.NaN]);
    expect(() => numericMean(a, { values: new Float64Array(2) })).toThrow(/one entry per judgment/);
  });

  it("refuses labels that are not numbers, naming one", () => {
    const bad = encodeAnnotations([["a", "r", "high"]]);
    expect(() => numericMedian(bad)).toThrow(NumericLabelError);
  });

  it("the bias/precision model corrects a biased rater and down-weights a noisy one", () => {
    // Four careful raters, one who adds 20 to everything, one who answers noise.
    const rows: [string, string, string][] = [];
    for (let i = 0; i < 40; i++) {
      const truth = (i * 37) % 100;
      for (let r = 0; r < 4; r++) rows.push([`i${i}`, `careful${r}`, String(truth + ((i + r) % 3) - 1)]);
      rows.push([`i${i}`, "biased", String(truth + 20)]);
      rows.push([`i${i}`, "noisy", String((i * 71) % 100)]);
    }
    const a = encodeAnnotations(rows);
    const r = raterBiasPrecision(a);
    const biased = a.raters.indexOf("biased");
    const noisy = a.raters.indexOf("noisy");
    expect(r.bias![biased]! - r.bias![0]!).toBeCloseTo(20, 0);
    expect(r.precision![noisy]!).toBeLessThan(r.precision![0]! / 20);
    const truth = Float64Array.from({ length: 40 }, (_, i) => (i * 37) % 100);
    expect(scoreValues(truth, r.values).mae).toBeLessThan(scoreValues(truth, numericMean(a).values).mae);
    // What a rater's bias is measured against is the crowd's average bias (the biases' prior is centred on 0 for
    // everyone), so the values carry a shared offset; up to it, they are close to the truth.
    const offset = r.values.reduce((s, v, i) => s + v - truth[i]!, 0) / 40;
    const centred = r.values.map((v) => v - offset);
    expect(scoreValues(truth, centred).mae).toBeLessThan(1);
    for (let k = 1; k < r.logLikelihood.length; k++) {
      expect(r.logLikelihood[k]!).toBeGreaterThanOrEqual(r.logLikelihood[k - 1]! - 1e-12);
    }
  });

  it("the bias/precision model reaches the reference optimum", () => {
    // reference/aggregate/models.py ("biasPrecision"): the same log posterior maximised directly by L-BFGS.
    const ref = readRepoJson<{
      biasPrecision: {
        judgments: [string, string, number][];
        bias: number[];
        precision: number[];
        values: number[];
        objectivePerJudgment: number;
      };
    }>("reference/aggregate/models.json").biasPrecision;
    const a = encodeAnnotations(ref.judgments.map(([i, r, v]) => [i, r, String(v)]));
    const r = raterBiasPrecision(a, { tolerance: 0, maxIterations: 5000 });
    // One direction is nearly flat: shifting every bias by c and every item value by −c changes the objective only
    // through the weak bias prior, so both optimisers stop a few thousandths apart along it. Bias differences,
    // precisions and the objective are sharply determined; vox's optimum is at least as high as L-BFGS/BFGS's.
    const r0 = a.raters.indexOf("r0");
    ref.bias.forEach((b, k) => {
      const x = a.raters.indexOf(`r${k}`);
      expect(r.bias![x]! - r.bias![r0]!).toBeCloseTo(b - ref.bias[0]!, 3);
      expect(r.precision![x]! / ref.precision[k]!).toBeCloseTo(1, 5);
    });
    ref.values.forEach((v, i) => {
      expect(Math.abs(r.values[a.items.indexOf(`i${i}`)]! - v)).toBeLessThan(0.01);
    });
    const last = r.logLikelihood[r.logLikelihood.length - 1]!;
    expect(last).toBeCloseTo(ref.objectivePerJudgment, 8);
    expect(last).toBeGreaterThanOrEqual(ref.objectivePerJudgment - 1e-12);
  });
});

// Zheng et al. PVLDB 2017, Table 6 (N_Emotion): Mean MAE 12.02 / RMSE 17.84, Median 13.53 / 21.26.
describe.skipIf(skipWithoutShared())("N_Emotion (Zheng et al. 2017)", () => {
  it("mean and median reproduce the published errors", () => {
    const parse = (text: string) =>
      text
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((l) => l.split(","));
    const a = encodeAnnotations(
      parse(readSharedText("crowd", "zheng_n_emotion", "answer.csv")) as [string, string, string][],
    );
    const truth = new Float64Array(a.items.length).fill(Number.NaN);
    for (const [q, t] of parse(readSharedText("crowd", "zheng_n_emotion", "truth.csv"))) {
      truth[a.items.indexOf(q!)] = Number(t);
    }
    const mean = scoreValues(truth, numericMean(a).values);
    expect(mean.n).toBe(700);
    expect(mean.mae).toBeCloseTo(12.02, 2);
    expect(mean.rmse).toBeCloseTo(17.84, 2);
    const median = scoreValues(truth, numericMedian(a).values);
    expect(median.mae).toBeCloseTo(13.53, 2);
    expect(median.rmse).toBeCloseTo(21.26, 2);
  });
});
