import type { Annotations } from "../data/annotations.js";
import { type NumericOptions, numericByItem } from "./numericInternal.js";
import type { NumericAggregateResult } from "./types.js";

/** Options for `numericMean`. */
export type NumericMeanOptions = NumericOptions;

/**
 * The mean of each item's numeric judgments (NaN for an item without any). The baseline of Zheng et al. 2017's
 * numeric benchmark (MAE 12.02 on N_Emotion). O(n).
 */
export function numericMean(a: Annotations, options: NumericMeanOptions = {}): NumericAggregateResult {
  const d = numericByItem(a, options);
  const values = new Float64Array(d.I);
  for (let i = 0; i < d.I; i++) {
    let s = 0;
    for (let k = d.offsets[i]!; k < d.offsets[i + 1]!; k++) s += d.value[k]!;
    const m = d.offsets[i + 1]! - d.offsets[i]!;
    values[i] = m > 0 ? s / m : Number.NaN;
  }
  return oneShot("mean", values, d.perRater);
}

/** A result without iterations. */
export function oneShot(method: string, values: Float64Array, judgments: Int32Array): NumericAggregateResult {
  return { method, values, judgments, logLikelihood: new Float64Array(0), iterations: 0, converged: true };
}
