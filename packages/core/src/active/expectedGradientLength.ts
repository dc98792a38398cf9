import { selectRows } from "../linalg/csr.js";
import { createRng } from "../random/rng.js";
import { defineStrategy, probsOf } from "./context.js";
import { squaredNorms } from "./distances.js";
import { topByScore } from "./rank.js";

/**
 * Expected gradient length (Settles, Craven & Ray 2008, "Multiple-instance active learning", NIPS; Settles 2009
 * §3.4): the expected norm, over the model's own label distribution, of the log-loss gradient that labeling the row
 * would add. For a softmax layer on features x the gradient for label y is (p − e_y) ⊗ [x, 1], whose norm is
 * ‖p − e_y‖·√(‖x‖² + 1), so EGL(x) = √(‖x‖² + 1) · Σ_y p_y ‖p − e_y‖ with ‖p − e_y‖² = Σ_c p_c² − 2p_y + 1.
 * Exact for softmax regression; for other models a last-layer approximation on the features. O(pool × (d + K²)).
 */
export const expectedGradientLengthStrategy = defineStrategy({
  name: "egl",
  summary: "largest expected last-layer gradient norm under the model's own label distribution",
  reference: "Settles, Craven & Ray 2008, Multiple-instance active learning (NIPS); Settles 2009 §3.4",
  requires: ["probs", "features"],
  choose(context) {
    const { pool, classes } = context;
    const probs = probsOf(context, pool);
    const xNorm = squaredNorms(selectRows(context.features!, pool));
    const scores = new Float64Array(pool.length);
    for (let i = 0; i < pool.length; i++) {
      const base = i * classes;
      let sq = 0;
      for (let c = 0; c < classes; c++) sq += probs.data[base + c]! ** 2;
      let e = 0;
      for (let y = 0; y < classes; y++) {
        const py = probs.data[base + y]!;
        e += py * Math.sqrt(Math.max(0, sq - 2 * py + 1));
      }
      scores[i] = Math.sqrt(xNorm[i]! + 1) * e;
    }
    return topByScore(pool, scores, { take: context.take, rng: createRng(context.seed) });
  },
});
