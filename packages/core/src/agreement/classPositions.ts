import { parseNumber } from "../data/numeric.js";

/**
 * How classes are ordered on an ordinal scale: "codes" in class-table order (the order of first appearance, or the
 * order given with `--order`), "numeric" by the number each class name parses to, "auto" numeric when every class
 * name is a number and codes otherwise.
 */
export type ClassOrder = "auto" | "codes" | "numeric";

/**
 * The rank of each class on an ordinal scale (0, 1, …; classes whose names parse to the same number share a rank),
 * used for weighted kappas (category indices, as in Cohen 1968 and SAS) and Krippendorff's ordinal metric.
 * O(q log q). Throws a `RangeError` naming the first non-numeric class when `order` is "numeric".
 */
export function classPositions(classes: readonly string[], order: ClassOrder = "auto"): Int32Array {
  const q = classes.length;
  const positions = new Int32Array(q);
  const values = classes.map(parseNumber);
  const numeric = order === "numeric" || (order === "auto" && q > 0 && values.every((v) => !Number.isNaN(v)));
  if (!numeric) {
    for (let c = 0; c < q; c++) positions[c] = c;
    return positions;
  }
  const bad = values.findIndex((v) => Number.isNaN(v));
  if (bad >= 0) throw new RangeError(`class ${JSON.stringify(classes[bad])} is not a number`);
  const distinct = [...new Set(values)].sort((x, y) => x - y);
  const rank = new Map(distinct.map((v, r) => [v, r]));
  for (let c = 0; c < q; c++) positions[c] = rank.get(values[c]!)!;
  return positions;
}

/**
 * The numeric value of each class name (for interval and ratio scales). Throws a `RangeError` naming the first class
 * that is not a number. O(q).
 */
export function classValues(classes: readonly string[]): Float64Array {
  const values = Float64Array.from(classes, parseNumber);
  const bad = values.findIndex((v) => Number.isNaN(v));
  if (bad >= 0) {
    throw new RangeError(
      `class ${JSON.stringify(classes[bad])} is not a number (interval and ratio scales need numeric labels)`,
    );
  }
  return values;
}
