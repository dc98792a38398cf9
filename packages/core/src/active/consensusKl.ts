import { createRng } from "../random/rng.js";
import { committeeProbs, meanProbs } from "./committee.js";
import { defineStrategy } from "./context.js";
import { topByScore } from "./rank.js";

/**
 * Query-by-committee with the mean KL divergence to the consensus (McCallum & Nigam 1998, "Employing EM and
 * pool-based active learning for text classification", ICML; Settles 2009 §3.2): (1/C) Σ_m KL(P_m ‖ P̄) with P̄ the
 * members' mean. O(members × (fit + predict)).
 */
export const consensusKlStrategy = defineStrategy({
  name: "consensus-kl",
  summary: "query-by-committee: the rows where members diverge most from their consensus (mean KL)",
  reference: "McCallum & Nigam 1998, Employing EM and pool-based active learning (ICML); Settles 2009 §3.2",
  requires: ["committee"],
  choose(context) {
    const members = committeeProbs(context, false);
    const mean = meanProbs(members).data;
    const { pool, classes } = context;
    const scores = new Float64Array(pool.length);
    for (let i = 0; i < pool.length; i++) {
      let kl = 0;
      for (const p of members)
        for (let c = 0; c < classes; c++) {
          const v = p.data[i * classes + c]!;
          if (v > 0) kl += v * Math.log(v / mean[i * classes + c]!);
        }
      scores[i] = kl / members.length;
    }
    return topByScore(pool, scores, { take: context.take, rng: createRng(context.seed) });
  },
});
