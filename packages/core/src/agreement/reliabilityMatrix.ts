import { type Annotations, AnnotationsBuilder } from "../data/annotations.js";

/** Options for `reliabilityMatrix`. */
export interface ReliabilityMatrixOptions {
  /** Rater names, one per row. Default "1", "2", …. */
  raters?: readonly string[];
  /** Strings that mark a missing value, besides null, undefined and NaN. Default ["", "."]. */
  missing?: readonly string[];
}

/**
 * Judgments from a reliability data matrix in Krippendorff's layout: one row per rater (observer, coder), one column
 * per unit, missing values as null/undefined/NaN or "." (Krippendorff 2011 writes "."). Units are named "1", "2", …
 * by column. Values become class names as written (numbers through `String`). O(raters × units).
 */
export function reliabilityMatrix(
  rows: readonly (readonly (string | number | null | undefined)[])[],
  options: ReliabilityMatrixOptions = {},
): Annotations {
  const { raters, missing = ["", "."] } = options;
  if (raters && raters.length !== rows.length) {
    throw new RangeError(`raters must name every row (got ${raters.length} names for ${rows.length} rows)`);
  }
  const units = rows[0]?.length ?? 0;
  const skip = new Set(missing);
  const b = new AnnotationsBuilder({ capacity: rows.length * units });
  rows.forEach((row, r) => {
    if (row.length !== units) throw new RangeError(`row ${r} has ${row.length} values, expected ${units}`);
    row.forEach((v, u) => {
      if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return;
      const label = String(v);
      if (skip.has(label)) return;
      b.add({ item: String(u + 1), rater: raters?.[r] ?? String(r + 1), label });
    });
  });
  return b.build();
}
