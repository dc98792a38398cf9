import { rowLoss, scaledResidual } from "./rowLoss.js";
import type { LossFunction } from "./types.js";

/** Options for `generalizedCrossEntropy`. */
export interface GeneralizedCrossEntropyOptions {
  /** q in (0, 1]: q → 0 gives cross-entropy, q = 1 gives MAE / 2. Default 0.7 (the paper's choice). */
  q?: number;
}

/**
 * Generalized cross-entropy (Zhang & Sabuncu 2018, "Generalized Cross Entropy Loss for Training Deep Neural
 * Networks with Noisy Labels", NeurIPS, eq. 6): ℓ = (1 − p_y^q) / q, the negative Box-Cox transform of p_y, which
 * interpolates between cross-entropy (q → 0) and the noise-tolerant MAE (q = 1). Gradient: p_y^q · (p − onehot(y)),
 * i.e. cross-entropy's gradient weighted by p_y^q, so rows the model finds unlikely (often mislabelled) weigh less.
 * Not convex in the logits. O(rows · K).
 */
export function generalizedCrossEntropy(options: GeneralizedCrossEntropyOptions = {}): LossFunction {
  const { q = 0.7 } = options;
  if (!(q > 0 && q <= 1)) throw new RangeError(`q must be in (0, 1] (got ${q})`);
  return rowLoss(({ p, logp, y: yi, grad, wantGrad }) => {
    const pq = Math.exp(q * logp[yi]!);
    if (wantGrad) scaledResidual({ grad, p, y: yi }, pq);
    // (1 − e^{q log p})/q = −expm1(q log p)/q keeps precision when p_y is close to 1.
    return -Math.expm1(q * logp[yi]!) / q;
  });
}
