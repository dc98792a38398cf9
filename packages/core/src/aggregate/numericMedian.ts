import type { Annotations } from "../data/annotations.js";
import { type NumericOptions, numericByItem, sortSegments } from "./numericInternal.js";
import { oneShot } from "./numericMean.js";
import type { NumericAggregateResult } from "./types.js";

/** Options for `numericMedian`. */
export type NumericMedianOptions = NumericOptions;

/**
 * The median of each item's numeric judgments (the mean of the two middle values for an even count; NaN without
 * judgments): Galton's "vox populi" (Nature, 1907), robust to a minority of wild guesses. O(n log m) for m
 * judgments per item.
 */
export function numericMedian(a: Annotations, options: NumericMedianOptions = {}): NumericAggregateResult {
  const d = numericByItem(a, options);
  const sorted = sortSegments(d);
  const values = new Float64Array(d.I);
  for (let i = 0; i < d.I; i++) {
    const lo = d.offsets[i]!;
    const m = d.offsets[i + 1]! - lo;
    if (m === 0) values[i] = Number.NaN;
    else if (m % 2) values[i] = sorted[lo + (m - 1) / 2]!;
    else values[i] = (sorted[lo + m / 2 - 1]! + sorted[lo + m / 2]!) / 2;
  }
  return oneShot("median", values, d.perRater);
}
