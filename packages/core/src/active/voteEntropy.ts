import { createRng } from "../random/rng.js";
import { committeeProbs, entropyOf } from "./committee.js";
import { defineStrategy } from "./context.js";
import { topByScore } from "./rank.js";

/**
 * Query-by-committee with vote entropy (Dagan & Engelson 1995, "Committee-based sampling for training
 * probabilistic classifiers", ICML; Settles 2009 §3.2): each member votes for its most likely class, and the score is
 * the entropy of the vote shares −Σ_y (V(y)/C) ln (V(y)/C). Members: a bootstrap committee of the learner (or the
 * given ensemble). O(members × (fit + predict)).
 */
export const voteEntropyStrategy = defineStrategy({
  name: "vote-entropy",
  summary: "query-by-committee: the rows whose committee votes are most split",
  reference: "Dagan & Engelson 1995, Committee-based sampling (ICML); Settles 2009 §3.2",
  requires: ["committee"],
  choose(context) {
    const members = committeeProbs(context, false);
    const { pool, classes } = context;
    const scores = new Float64Array(pool.length);
    const votes = new Float64Array(classes);
    for (let i = 0; i < pool.length; i++) {
      votes.fill(0);
      for (const p of members) {
        let best = 0;
        for (let c = 1; c < classes; c++)
          if (p.data[i * classes + c]! > p.data[i * classes + best]!) best = c;
        votes[best]! += 1 / members.length;
      }
      scores[i] = entropyOf(votes, 0, classes);
    }
    return topByScore(pool, scores, { take: context.take, rng: createRng(context.seed) });
  },
});
