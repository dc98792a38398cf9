import type { Matrix } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { committeeProbs, entropyOf, meanProbs } from "./committee.js";
import { defineStrategy } from "./context.js";
import { topByScore } from "./rank.js";

/**
 * BALD mutual information between a row's label and the model parameters, estimated from samples of the posterior
 * (MC-dropout passes or ensemble members): I = H(mean_k p_k) − mean_k H(p_k) (Houlsby, Huszár, Ghahramani & Lengyel
 * 2011, eq. 3; Gal, Islam & Ghahramani 2017). O(samples × rows × classes).
 */
export function baldScores(samples: readonly Matrix[]): Float64Array {
  const mean = meanProbs(samples);
  const { rows, cols } = mean;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let expected = 0;
    for (const p of samples) expected += entropyOf(p.data, i * cols, cols) / samples.length;
    out[i] = Math.max(0, entropyOf(mean.data, i * cols, cols) - expected);
  }
  return out;
}

/**
 * BALD (Houlsby et al. 2011; Gal, Islam & Ghahramani 2017, "Deep Bayesian active learning with image data", ICML):
 * the rows whose label the posterior samples disagree on most, by mutual information. Samples: MC dropout when the
 * model is an MLP trained with dropout, else the ensemble's members or a bootstrap committee of the learner.
 */
export const baldStrategy = defineStrategy({
  name: "bald",
  summary: "largest mutual information between the label and the model (MC dropout or ensemble)",
  reference:
    "Houlsby et al. 2011, Bayesian active learning for classification (arXiv:1112.5745); Gal et al. 2017",
  requires: ["committee"],
  choose(context) {
    const scores = baldScores(committeeProbs(context, true));
    return topByScore(context.pool, scores, { take: context.take, rng: createRng(context.seed) });
  },
});
