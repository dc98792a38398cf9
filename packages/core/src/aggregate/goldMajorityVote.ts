import type { Annotations } from "../data/annotations.js";
import { assertFiniteInRange } from "../errors/assert.js";
import { byItem, checkTies, voteResult, voteShares } from "./internal.js";
import type { AggregateResult, CategoricalOptions } from "./types.js";

/** Options for `goldMajorityVote`: `known` is required. */
export interface GoldMajorityVoteOptions extends CategoricalOptions {
  /** Weight for raters who judged no known item. Default: the mean accuracy of the raters who did. */
  defaultSkill?: number;
}

/**
 * Gold majority vote (crowd-kit's GoldMajorityVote): each rater's skill is their accuracy on the items with known
 * labels, and every item gets a skill-weighted majority vote; known items stay clamped to their labels. Needs
 * `known`. O(n + items × classes).
 */
export function goldMajorityVote(a: Annotations, options: GoldMajorityVoteOptions = {}): AggregateResult {
  checkTies(options.ties);
  const d = byItem(a, options);
  const { known } = d;
  if (!known?.some((c) => c >= 0)) {
    throw new RangeError("goldMajorityVote needs known labels for some items (options.known)");
  }
  const hit = new Float64Array(d.R);
  const seen = new Float64Array(d.R);
  for (let i = 0; i < d.I; i++) {
    const t = known[i]!;
    if (t < 0) continue;
    for (let k = d.offsets[i]!; k < d.offsets[i + 1]!; k++) {
      seen[d.rater[k]!]!++;
      if (d.label[k] === t) hit[d.rater[k]!]!++;
    }
  }
  let sum = 0;
  let m = 0;
  for (let r = 0; r < d.R; r++) {
    if (seen[r]! > 0) {
      sum += hit[r]! / seen[r]!;
      m++;
    }
  }
  const { defaultSkill = m > 0 ? sum / m : 1 / Math.max(d.K, 1) } = options;
  assertFiniteInRange(defaultSkill, "defaultSkill", { min: 0 });
  const skill = new Float64Array(d.R);
  for (let r = 0; r < d.R; r++) skill[r] = seen[r]! > 0 ? hit[r]! / seen[r]! : defaultSkill;
  const post = voteShares(d, skill);
  return voteResult("gmv", d, { post, skill, options });
}
