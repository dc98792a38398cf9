import type { Rng } from "../random/rng.js";
import type { QuerySelection } from "./types.js";

/**
 * The `take` candidates with the highest scores, highest first; equal scores are ordered by a seeded random key
 * (so a flat score, as from a model that knows nothing yet, degrades to random sampling rather than to the first
 * rows). NaN scores rank last. O(n log n).
 */
export function topByScore(
  candidates: Int32Array,
  scores: Float64Array,
  options: { take: number; rng: Rng },
): QuerySelection {
  const { take, rng } = options;
  const n = candidates.length;
  if (scores.length !== n)
    throw new RangeError(`scores must have one entry per candidate (got ${scores.length})`);
  const key = new Float64Array(n);
  for (let t = 0; t < n; t++) key[t] = rng.float();
  const order = new Int32Array(n);
  for (let t = 0; t < n; t++) order[t] = t;
  const s = (t: number) => (Number.isNaN(scores[t]!) ? -Infinity : scores[t]!);
  order.sort((a, b) => s(b) - s(a) || key[a]! - key[b]! || a - b);
  const k = Math.min(take, n);
  const indices = new Int32Array(k);
  const out = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    indices[t] = candidates[order[t]!]!;
    out[t] = scores[order[t]!]!;
  }
  return { indices, scores: out };
}
