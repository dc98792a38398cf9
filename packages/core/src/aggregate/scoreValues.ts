import { assertSameLength } from "../errors/assert.js";

/** Errors of numeric estimates against gold values. */
export interface ValueScores {
  /** Items scored (gold known and an estimate present). */
  readonly n: number;
  /** Items with gold but no estimate (NaN). */
  readonly missing: number;
  /** Mean absolute error. */
  readonly mae: number;
  /** Root mean squared error. */
  readonly rmse: number;
}

/** MAE and RMSE of `predicted` against `truth` on items where both are numbers (NaN = unknown). O(items). */
export function scoreValues(truth: Float64Array, predicted: Float64Array): ValueScores {
  assertSameLength(truth, predicted, "gold and predicted values");
  let n = 0;
  let missing = 0;
  let abs = 0;
  let sq = 0;
  for (let i = 0; i < truth.length; i++) {
    if (Number.isNaN(truth[i]!)) continue;
    if (Number.isNaN(predicted[i]!)) {
      missing++;
      continue;
    }
    const e = predicted[i]! - truth[i]!;
    n++;
    abs += Math.abs(e);
    sq += e * e;
  }
  return { n, missing, mae: n ? abs / n : Number.NaN, rmse: n ? Math.sqrt(sq / n) : Number.NaN };
}
