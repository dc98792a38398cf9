import type { Annotations } from "./annotations.js";

/** Min, median, mean and max of a count distribution. */
export interface CountStats {
  min: number;
  median: number;
  mean: number;
  max: number;
}

/** What a dataset contains, for `vox inspect` and `vox demo`. */
export interface AnnotationsSummary {
  items: number;
  raters: number;
  judgments: number;
  classes: { name: string; count: number; share: number }[];
  judgmentsPerItem: CountStats;
  judgmentsPerRater: CountStats;
  /** Items with exactly one judgment (no agreement can be measured on them). */
  singlyLabeledItems: number;
  /** Judgments with a duration, and their median in ms (NaN when none). */
  durations: { count: number; medianMs: number };
}

function countStats(counts: Int32Array): CountStats {
  if (counts.length === 0) return { min: 0, median: 0, mean: 0, max: 0 };
  const sorted = counts.slice().sort();
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  let sum = 0;
  for (const c of sorted) sum += c;
  return { min: sorted[0]!, median, mean: sum / n, max: sorted[n - 1]! };
}

/** Counts of items, raters, judgments and classes. O(n + items log items + raters log raters). */
export function summarizeAnnotations(a: Annotations): AnnotationsSummary {
  const perItem = new Int32Array(a.items.length);
  const perRater = new Int32Array(a.raters.length);
  const perClass = new Int32Array(a.classes.length);
  for (let j = 0; j < a.item.length; j++) {
    perItem[a.item[j]!]!++;
    perRater[a.rater[j]!]!++;
    perClass[a.label[j]!]!++;
  }
  let singly = 0;
  for (const c of perItem) if (c === 1) singly++;
  const n = a.item.length;
  const durations: number[] = [];
  if (a.durationMs) for (const d of a.durationMs) if (!Number.isNaN(d)) durations.push(d);
  durations.sort((x, y) => x - y);
  const m = durations.length;
  const medianMs =
    m === 0 ? Number.NaN : m % 2 ? durations[(m - 1) / 2]! : (durations[m / 2 - 1]! + durations[m / 2]!) / 2;
  return {
    items: a.items.length,
    raters: a.raters.length,
    judgments: n,
    classes: a.classes.map((name, c) => ({ name, count: perClass[c]!, share: n ? perClass[c]! / n : 0 })),
    judgmentsPerItem: countStats(perItem),
    judgmentsPerRater: countStats(perRater),
    singlyLabeledItems: singly,
    durations: { count: m, medianMs },
  };
}
