import { selectRows } from "../linalg/csr.js";
import { createRng } from "../random/rng.js";
import { contextModel, defineStrategy, probsOf } from "./context.js";
import { nearestReferences } from "./distances.js";
import { topByScore } from "./rank.js";

const FLOOR = 1e-12;

/**
 * Contrastive active learning, CAL (Margatina, Vernikos, Barrault & Aletras 2021, "Active learning by acquiring
 * contrastive examples", EMNLP, Algorithm 1): for each pool row, its k nearest labeled rows in feature space
 * (`options.neighbours`, default 10) and the mean KL(p(x_l) ‖ p(x_p)) between their predicted distributions and the
 * row's: rows that the model sees differently from their close labeled neighbours. Probabilities below 1e-12 are
 * floored. Neighbours through the backend's topKNeighbours (dense) or spmm blocks (CSR). O(pool × labeled × d).
 */
export const contrastiveStrategy = defineStrategy({
  name: "cal",
  summary: "largest mean KL divergence from the predictions of the nearest labeled rows (contrastive)",
  reference: "Margatina et al. 2021, Active learning by acquiring contrastive examples (EMNLP), Algorithm 1",
  requires: ["probs", "features", "labeled"],
  choose(context) {
    const { pool, labeled, classes } = context;
    const features = context.features!;
    const model = context.probs ? undefined : contextModel(context);
    const pp = probsOf(context, pool, model).data;
    const pl = probsOf(context, labeled, model).data;
    const nn = nearestReferences(selectRows(features, pool), selectRows(features, labeled), {
      k: context.options?.neighbours ?? 10,
      chunkRows: context.options?.chunkRows,
    });
    const scores = new Float64Array(pool.length);
    for (let i = 0; i < pool.length; i++) {
      let total = 0;
      for (let t = 0; t < nn.k; t++) {
        const l = nn.indices[i * nn.k + t]!;
        for (let c = 0; c < classes; c++) {
          const a = Math.max(FLOOR, pl[l * classes + c]!);
          const b = Math.max(FLOOR, pp[i * classes + c]!);
          total += a * Math.log(a / b);
        }
      }
      scores[i] = total / nn.k;
    }
    return topByScore(pool, scores, { take: context.take, rng: createRng(context.seed) });
  },
});
