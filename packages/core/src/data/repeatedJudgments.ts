import type { Annotations } from "./annotations.js";
import { groupBy } from "./groupBy.js";

/** Judgments that repeat an (item, rater) pair: `later[k]` repeats the pair of the earlier judgment `earlier[k]`. */
export interface RepeatedJudgments {
  readonly later: Int32Array;
  readonly earlier: Int32Array;
}

/**
 * Finds every judgment whose (item, rater) pair already occurred, pairing it with the previous judgment of that
 * pair. O(n + items + raters) time with a counting sort by item and a stamp array per rater; no hash of pairs, so it
 * stays linear at 10M judgments.
 */
export function repeatedJudgments(a: Annotations): RepeatedJudgments {
  const { offsets, order } = groupBy(a.item, a.items.length);
  const stamp = new Int32Array(a.raters.length).fill(-1);
  const last = new Int32Array(a.raters.length);
  const later: number[] = [];
  const earlier: number[] = [];
  for (let i = 0; i < a.items.length; i++) {
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const j = order[k]!;
      const r = a.rater[j]!;
      if (stamp[r] === i) {
        later.push(j);
        earlier.push(last[r]!);
      }
      stamp[r] = i;
      last[r] = j;
    }
  }
  // Report in file order of the later judgment.
  const idx = later.map((_, k) => k).sort((x, y) => later[x]! - later[y]!);
  return { later: Int32Array.from(idx, (k) => later[k]!), earlier: Int32Array.from(idx, (k) => earlier[k]!) };
}

/** What to do with repeated (item, rater) judgments. */
export type DuplicatePolicy = "keep-last" | "keep-first" | "keep-all";

/**
 * A keep mask for `selectJudgments` that applies `policy` to repeated (item, rater) judgments: keep-last keeps each
 * pair's last judgment, keep-first its first, keep-all every one.
 */
export function duplicateMask(
  a: Annotations,
  repeated: RepeatedJudgments,
  policy: DuplicatePolicy,
): Uint8Array {
  const keep = new Uint8Array(a.item.length).fill(1);
  if (policy === "keep-all") return keep;
  const drop = policy === "keep-last" ? repeated.earlier : repeated.later;
  for (let k = 0; k < drop.length; k++) keep[drop[k]!] = 0;
  return keep;
}
