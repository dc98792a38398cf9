import type { Annotations } from "../data/annotations.js";
import { agreementWith, byItem, checkTies, decide, voteResult, voteShares } from "./internal.js";
import type { AggregateResult, CategoricalOptions } from "./types.js";

/** Options for `wawa` (the common categorical options). */
export type WawaOptions = CategoricalOptions;

/**
 * Wawa, "worker agreement with aggregate" (the Appen/CrowdFlower trust score; crowd-kit's Wawa): a majority vote,
 * then each rater's skill = the share of their judgments agreeing with it, then a majority vote weighted by those
 * skills. On a tied first vote, `ties: "random"` credits the expected agreement over the tie-breaks. Raters with no scored judgment get weight 0. O(n + items × classes).
 */
export function wawa(a: Annotations, options: WawaOptions = {}): AggregateResult {
  checkTies(options.ties);
  const d = byItem(a, options);
  const votes = voteShares(d);
  const skill = agreementWith(decide(votes, d, options), d, { post: votes, ties: options.ties });
  const weights = skill.map((s) => (Number.isNaN(s) ? 0 : s));
  const post = voteShares(d, weights);
  return voteResult("wawa", d, { post, skill, options });
}
