import { selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { mlpRepresentation } from "../models/mlp.js";
import { createRng } from "../random/rng.js";
import { contextModel, defineStrategy, probsOf } from "./context.js";
import { denseRows, dotWith, squaredNorms } from "./distances.js";

/**
 * Residuals p − onehot(argmax p) of each row (the factor of the last-layer gradient for the predicted label).
 */
export function predictedLabelResiduals(probs: Matrix): Matrix {
  const { rows, cols } = probs;
  const r = Float64Array.from(probs.data);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (r[i * cols + c]! > r[i * cols + best]!) best = c;
    r[i * cols + best]! -= 1;
  }
  return { rows, cols, data: r };
}

/**
 * BADGE (Ash, Zhang, Krishnamurthy, Langford & Agarwal 2020, "Deep batch active learning by diverse, uncertain
 * gradient lower bounds", ICLR, Algorithm 1): k-means++ seeding on the last-layer gradient embeddings
 * g_i = (p_i − e_ŷᵢ) ⊗ [h_i, 1] with ŷ the predicted label. The embedding is never built: with r the residual and h
 * the representation, ‖g_i − g_j‖² = ‖g_i‖² + ‖g_j‖² − 2⟨r_i, r_j⟩(⟨h_i, h_j⟩ + 1), and each new center needs one
 * pass of pool·h_c products through the backend. The first center is the largest gradient norm (as the authors'
 * code), the rest are drawn with probability ∝ D² (seeded). h is the MLP's last hidden layer when the model is an
 * MLP, else the features (exact for softmax regression). O(batch × pool × d).
 */
export const badgeStrategy = defineStrategy({
  name: "badge",
  summary: "k-means++ seeding on last-layer gradient embeddings: uncertain and diverse",
  reference:
    "Ash et al. 2020, Deep batch active learning by diverse, uncertain gradient lower bounds (ICLR), Alg. 1",
  requires: ["probs", "features"],
  choose(context) {
    const { pool, take, classes } = context;
    const model = context.probs ? context.model : contextModel(context);
    const probs = probsOf(context, pool, context.probs ? undefined : model);
    const poolX = selectRows(context.features!, pool);
    const h = model?.kind === "mlp" ? mlpRepresentation(model, poolX) : poolX;
    const r = predictedLabelResiduals(probs);
    const n = pool.length;
    const hNorm = squaredNorms(h);
    const rNorm = squaredNorms(r);
    const gNorm = new Float64Array(n);
    for (let i = 0; i < n; i++) gNorm[i] = rNorm[i]! * (hNorm[i]! + 1);
    const d2 = new Float64Array(n).fill(Infinity);
    const chosen = new Uint8Array(n);
    const picks = new Int32Array(take);
    const scores = new Float64Array(take);
    const rng = createRng(context.seed);
    for (let t = 0; t < take; t++) {
      let pick = -1;
      if (t === 0) {
        for (let i = 0; i < n; i++) if (pick < 0 || gNorm[i]! > gNorm[pick]!) pick = i;
        scores[t] = Math.sqrt(gNorm[pick]!);
      } else {
        const w = new Float64Array(n);
        let total = 0;
        for (let i = 0; i < n; i++) if (!chosen[i]) total += w[i] = d2[i]!;
        if (total > 0) pick = rng.categorical(w);
        else {
          // Every remaining row coincides with a center: any of them.
          const rest: number[] = [];
          for (let i = 0; i < n; i++) if (!chosen[i]) rest.push(i);
          pick = rest[rng.int(rest.length)]!;
        }
        scores[t] = Math.sqrt(d2[pick]!);
      }
      picks[t] = pick;
      chosen[pick] = 1;
      if (t === take - 1) break;
      const dots = dotWith(h, denseRows(h, [pick]), context.options?.chunkRows);
      for (let i = 0; i < n; i++) {
        if (chosen[i]) continue;
        let rr = 0;
        for (let c = 0; c < classes; c++) rr += r.data[i * classes + c]! * r.data[pick * classes + c]!;
        const d = Math.max(0, gNorm[i]! + gNorm[pick]! - 2 * rr * (dots[i]! + 1));
        if (d < d2[i]!) d2[i] = d;
      }
    }
    return { indices: Int32Array.from(picks, (p) => pool[p]!), scores };
  },
});
