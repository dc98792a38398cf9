import { selectRows } from "../linalg/csr.js";
import { createRng } from "../random/rng.js";
import { defineStrategy, probsOf } from "./context.js";
import { dotWith, squaredNorms } from "./distances.js";
import { topByScore } from "./rank.js";
import { addRowTo } from "./rowOps.js";
import { uncertaintyScores } from "./uncertainty.js";

/**
 * Information density (Settles & Craven 2008, "An analysis of active learning strategies for sequence labeling
 * tasks", EMNLP, eq. for ID; Settles 2009 §3.6): entropy × (mean cosine similarity to the pool)^β, β =
 * `options.beta` (default 1). The mean similarity is exact without a pool × pool matrix: mean_u cos(x, x_u) =
 * x̂ · mean_u x̂_u, one product per row through the backend. Negative means (possible with dense embeddings) count
 * as 0. O(pool × d).
 */
export const informationDensityStrategy = defineStrategy({
  name: "density",
  summary: "entropy weighted by the row's mean cosine similarity to the pool (uncertain and representative)",
  reference: "Settles & Craven 2008, An analysis of active learning strategies for sequence labeling (EMNLP)",
  requires: ["probs", "features"],
  choose(context) {
    const { pool } = context;
    const beta = context.options?.beta ?? 1;
    const poolX = selectRows(context.features!, pool);
    const norms = squaredNorms(poolX).map(Math.sqrt);
    const mean = new Float64Array(poolX.cols);
    for (let i = 0; i < poolX.rows; i++)
      if (norms[i]! > 0) addRowTo(poolX, { row: i, into: mean, scale: 1 / (norms[i]! * poolX.rows) });
    const dots = dotWith(poolX, { rows: 1, cols: mean.length, data: mean }, context.options?.chunkRows);
    const h = uncertaintyScores(probsOf(context, pool), "entropy");
    const scores = new Float64Array(pool.length);
    for (let i = 0; i < pool.length; i++) {
      const sim = norms[i]! > 0 ? Math.max(0, dots[i]! / norms[i]!) : 0;
      scores[i] = h[i]! * sim ** beta;
    }
    return topByScore(pool, scores, { take: context.take, rng: createRng(context.seed) });
  },
});
