import type { Annotations } from "../data/annotations.js";
import { byItem, checkTies, voteResult, voteShares } from "./internal.js";
import type { AggregateResult, CategoricalOptions } from "./types.js";

/** Options for `weightedMajorityVote`. */
export interface WeightedMajorityVoteOptions extends CategoricalOptions {
  /** One non-negative weight per rater (for example a known accuracy or a log-odds). Required. */
  weights: Float64Array;
}

/**
 * Weighted majority vote: each judgment counts its rater's weight; the posterior is the weight share per class and
 * the hard label the heaviest class (ties by `ties`). With log-odds weights log((K−1)·p/(1−p)) this is the optimal
 * rule for independent one-coin raters of known accuracy p (Nitzan & Paroush 1982). Rater skill is the given
 * weight. O(n + items × classes).
 */
export function weightedMajorityVote(a: Annotations, options: WeightedMajorityVoteOptions): AggregateResult {
  checkTies(options.ties);
  const d = byItem(a, options);
  const { weights } = options;
  if (!weights || weights.length !== d.R) {
    throw new RangeError(
      `weights must have one entry per rater (got ${weights?.length ?? 0} for ${d.R} raters)`,
    );
  }
  for (let r = 0; r < d.R; r++) {
    const w = weights[r]!;
    if (!(w >= 0) || !Number.isFinite(w))
      throw new RangeError(`weights[${r}] must be finite and ≥ 0 (got ${w})`);
  }
  const post = voteShares(d, weights);
  return voteResult("wmv", d, { post, skill: Float64Array.from(weights), options });
}
