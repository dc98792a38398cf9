import { assertFiniteInRange } from "../../errors/assert.js";
import { rowLoss } from "./rowLoss.js";
import type { LossFunction } from "./types.js";

/** Options for `labelSmoothingLoss`. */
export interface LabelSmoothingOptions {
  /** ε in [0, 1): the share of the target spread uniformly over the K classes. Default 0.1. */
  epsilon?: number;
}

/**
 * Cross-entropy against a smoothed target t = (1 − ε)·onehot(y) + ε/K (Szegedy et al. 2016, "Rethinking the
 * Inception Architecture", §7; as a remedy for label noise: Lukasik et al. 2020, "Does label smoothing mitigate
 * label noise?", ICML): ℓ = −Σ_c t_c log p_c, gradient p − t. Convex in the logits. O(rows · K).
 */
export function labelSmoothingLoss(options: LabelSmoothingOptions = {}): LossFunction {
  const { epsilon = 0.1 } = options;
  assertFiniteInRange(epsilon, "epsilon", { min: 0, max: 1 });
  if (epsilon >= 1) throw new RangeError(`epsilon must be below 1 (got ${epsilon})`);
  return rowLoss(({ p, logp, y: yi, grad, wantGrad }) => {
    const k = p.length;
    const off = epsilon / k;
    let loss = 0;
    for (let c = 0; c < k; c++) {
      const t = (c === yi ? 1 - epsilon : 0) + off;
      if (t > 0) loss -= t * logp[c]!;
      if (wantGrad) grad[c] = p[c]! - t;
    }
    return loss;
  });
}
