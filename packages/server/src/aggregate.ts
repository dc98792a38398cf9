// Aggregation of one item's judgments. Today a majority vote (with add-one smoothing for the posterior); issue 4's
// aggregators (Dawid–Skene and friends) plug in behind `posterior` later without touching the callers.
import type { Annotation } from "@vox/storage";
import { keyOf, type LabelSchema } from "./schemas.js";

/** One item's judgments summarised by their categorical keys. */
export interface ItemVotes {
  /** Judgments per key, in first-seen order. */
  counts: Map<string, number>;
  /** A value for each key (the first judgment with it), to report the hard label as a value. */
  values: Map<string, unknown>;
  n: number;
}

/** Counts an item's judgments by key. O(judgments). */
export function votesOf(schema: LabelSchema, annotations: readonly Annotation[]): ItemVotes {
  const counts = new Map<string, number>();
  const values = new Map<string, unknown>();
  for (const a of annotations) {
    const k = keyOf(schema, a.value);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    if (!values.has(k)) values.set(k, a.value);
  }
  return { counts, values, n: annotations.length };
}

/** The posterior over keys of a majority vote: shares of the judgments (soft label). Empty for no judgments. */
export function posterior(votes: ItemVotes): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, c] of votes.counts) out.set(k, c / votes.n);
  return out;
}

/** The most-voted key and its share; ties go to the key seen first. Undefined for no judgments. */
export function topKey(votes: ItemVotes): { key: string; share: number } | undefined {
  let best: string | undefined;
  let bestCount = -1;
  for (const [k, c] of votes.counts) {
    if (c > bestCount) {
      best = k;
      bestCount = c;
    }
  }
  return best === undefined ? undefined : { key: best, share: bestCount / votes.n };
}

/**
 * Whether an item needs one more judgment under adaptive overlap: while the top label's posterior share is below
 * `threshold` and fewer than `maxOverlap` judgments were asked for.
 */
export function wantsMore(
  votes: ItemVotes,
  options: { target: number; maxOverlap: number; threshold: number },
): boolean {
  if (options.target >= options.maxOverlap || votes.n < options.target) return false;
  const top = topKey(votes);
  return top === undefined || top.share < options.threshold;
}
