import type { Annotations } from "../data/annotations.js";
import { agreementWith, byItem, checkTies, decide, voteResult, voteShares } from "./internal.js";
import type { AggregateResult, CategoricalOptions } from "./types.js";

/** Options for `majorityVote` (the common categorical options; `ties` defaults to "random"). */
export type MajorityVoteOptions = CategoricalOptions;

/**
 * Majority vote: each item's posterior is the share of its judgments per class (a soft label that keeps the
 * disagreement); the hard label is the most voted class, ties resolved by `ties` (seeded random by default).
 * Rater skill is the share of a rater's judgments that agree with the hard labels. Known items are clamped.
 * O(n + items × classes).
 */
export function majorityVote(a: Annotations, options: MajorityVoteOptions = {}): AggregateResult {
  checkTies(options.ties);
  const d = byItem(a, options);
  const post = voteShares(d);
  const labels = decide(post, d, options);
  const skill = agreementWith(labels, d, { post, ties: options.ties });
  return voteResult("mv", d, { post, skill, options, labels });
}
