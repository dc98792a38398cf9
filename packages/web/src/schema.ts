// Facts about label schemas the screens share: a one-line description, and the key that picks each choice.
import type { LabelSchema } from "./api.js";

/** "single label: pos, neg" and so on. */
export function describeSchema(schema: LabelSchema): string {
  switch (schema.type) {
    case "single":
      return `Single label: ${schema.classes.join(", ")}`;
    case "multi":
      return `Multi-label: ${schema.classes.join(", ")}`;
    case "pairwise":
      return schema.allowTie ? "Pairwise: A, B or tie" : "Pairwise: A or B";
    case "rating":
      return `Rating from ${schema.min} to ${schema.max}${schema.step !== 1 ? ` in steps of ${schema.step}` : ""}`;
    case "text":
      return "Free text";
    case "spans":
      return `Spans: ${schema.classes.join(", ")}`;
  }
}

/** The key for the i-th class (0-based): 1…9, then 0 for the tenth; none after that. */
export function classKey(i: number): string | undefined {
  if (i < 9) return String(i + 1);
  if (i === 9) return "0";
  return undefined;
}

/** The values of a rating scale (at most 1000). */
export function ratingValues(schema: { min: number; max: number; step: number }): number[] {
  const out: number[] = [];
  for (let x = schema.min; x <= schema.max + 1e-9 && out.length < 1000; x += schema.step)
    out.push(Math.round(x * 1e9) / 1e9);
  return out;
}
