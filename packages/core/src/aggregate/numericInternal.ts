// Shared input handling for the numeric aggregators (not re-exported).
import type { Annotations } from "../data/annotations.js";
import { judgmentValues } from "../data/numeric.js";
import type { ByItem } from "./internal.js";
import { byItem } from "./internal.js";

/** Options every numeric aggregator accepts. */
export interface NumericOptions {
  /**
   * The value of each judgment, in the annotations' order. Default: the labels parsed as numbers
   * (`judgmentValues`), which throws a `NumericLabelError` naming the first label that is not a number.
   */
  values?: Float64Array;
}

/** Judgments grouped by item with their values in item order. */
export interface NumericByItem extends ByItem {
  readonly value: Float64Array;
}

/** Validates and groups judgments by item, carrying their values along. O(n + items). */
export function numericByItem(a: Annotations, options: NumericOptions): NumericByItem {
  const values = options.values ?? judgmentValues(a);
  if (values.length !== a.item.length) {
    throw new RangeError(
      `values must have one entry per judgment (got ${values.length} for ${a.item.length})`,
    );
  }
  for (let j = 0; j < values.length; j++) {
    if (!Number.isFinite(values[j]!))
      throw new RangeError(`values[${j}] must be a finite number (got ${values[j]})`);
  }
  const d = byItem(a, {});
  const value = new Float64Array(d.n);
  for (let k = 0; k < d.n; k++) value[k] = values[d.order[k]!]!;
  return { ...d, value };
}

/** Values of each item sorted ascending in place (segment by segment). O(n log m). */
export function sortSegments(d: NumericByItem): Float64Array {
  const sorted = d.value.slice();
  for (let i = 0; i < d.I; i++) sorted.subarray(d.offsets[i]!, d.offsets[i + 1]!).sort();
  return sorted;
}
