import { describe, expect, it } from "vitest";
import { scoreLabels } from "./scoreLabels.js";
import { scoreRanking } from "./scoreRanking.js";
import { scoreValues } from "./scoreValues.js";

describe("scoring against gold", () => {
  it("accuracy and F1 (sklearn.metrics.f1_score values)", () => {
    // Gold [0,0,1,1,2,−], predicted [0,1,1,1,0,2]: sklearn f1_score(average=None) on the first five items gives
    // [0.5, 0.8, 0.0]; accuracy 3/5.
    const s = scoreLabels(Int32Array.of(0, 0, 1, 1, 2, -1), Int32Array.of(0, 1, 1, 1, 0, 2), 3);
    expect(s.n).toBe(5);
    expect(s.accuracy).toBeCloseTo(0.6, 12);
    expect(Array.from(s.f1)).toEqual([0.5, 0.8, 0]);
    expect(s.macroF1).toBeCloseTo(1.3 / 3, 12);
    expect(scoreLabels(Int32Array.of(0), Int32Array.of(-1), 2).accuracy).toBe(0);
    expect(scoreLabels(Int32Array.of(-1), Int32Array.of(0), 2).accuracy).toBeNaN();
  });

  it("MAE and RMSE skip unknowns and count missing estimates", () => {
    const s = scoreValues(Float64Array.of(1, 2, Number.NaN, 4), Float64Array.of(2, 0, 5, Number.NaN));
    expect(s).toEqual({ n: 2, missing: 1, mae: 1.5, rmse: Math.sqrt(2.5) });
  });

  it("Spearman with average ranks for ties (scipy.stats.spearmanr)", () => {
    // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) = 0.8207826816681233.
    const s = scoreRanking(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(5, 6, 7, 8, 7));
    expect(s.spearman).toBeCloseTo(0.8207826816681233, 12);
    expect(scoreRanking(Float64Array.of(1, Number.NaN), Float64Array.of(1, 2)).spearman).toBeNaN();
  });
});
