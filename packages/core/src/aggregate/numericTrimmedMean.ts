import type { Annotations } from "../data/annotations.js";
import { assertFiniteInRange } from "../errors/assert.js";
import { type NumericOptions, numericByItem, sortSegments } from "./numericInternal.js";
import { oneShot } from "./numericMean.js";
import type { NumericAggregateResult } from "./types.js";

/** Options for `numericTrimmedMean`. */
export interface NumericTrimmedMeanOptions extends NumericOptions {
  /** Share cut from each end, in [0, 0.5). Default 0.1. */
  trim?: number;
}

/**
 * The trimmed mean of each item's numeric judgments: sort, drop ⌊trim · m⌋ values from each end, average the rest
 * (scipy.stats.trim_mean's definition). O(n log m).
 */
export function numericTrimmedMean(
  a: Annotations,
  options: NumericTrimmedMeanOptions = {},
): NumericAggregateResult {
  const { trim = 0.1 } = options;
  assertFiniteInRange(trim, "trim", { min: 0, max: 0.4999999999 });
  const d = numericByItem(a, options);
  const sorted = sortSegments(d);
  const values = new Float64Array(d.I);
  for (let i = 0; i < d.I; i++) {
    const lo = d.offsets[i]!;
    const m = d.offsets[i + 1]! - lo;
    const cut = Math.floor(trim * m);
    let s = 0;
    for (let k = lo + cut; k < lo + m - cut; k++) s += sorted[k]!;
    values[i] = m > 0 ? s / (m - 2 * cut) : Number.NaN;
  }
  return oneShot("trimmed", values, d.perRater);
}
