import type { Annotations } from "./annotations.js";

/**
 * Parses a class name as a number (decimal or exponent notation, surrounding spaces allowed); NaN when it is not
 * one. Stricter than `Number()`: the empty string, hex and "Infinity" are not numbers here.
 */
export function parseNumber(text: string): number {
  const t = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

/**
 * The numeric value of every judgment, for numeric labels (ratings, scores). Each distinct class string is parsed
 * once, so this is O(n + classes). Throws a `RangeError` naming the first class that is not a number and the index
 * of a judgment that uses it.
 */
export function judgmentValues(a: Annotations): Float64Array {
  const classValue = Float64Array.from(a.classes, parseNumber);
  const out = new Float64Array(a.label.length);
  for (let j = 0; j < out.length; j++) {
    const v = classValue[a.label[j]!]!;
    if (Number.isNaN(v)) {
      throw new NumericLabelError(a.classes[a.label[j]!]!, j);
    }
    out[j] = v;
  }
  return out;
}

/** A label that should be a number is not; `judgment` is the index of the first judgment carrying it. */
export class NumericLabelError extends RangeError {
  constructor(
    readonly label: string,
    readonly judgment: number,
  ) {
    super(`label ${JSON.stringify(label)} is not a number (judgment ${judgment})`);
    this.name = "NumericLabelError";
  }
}
