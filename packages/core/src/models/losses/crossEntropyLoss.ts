import { rowLoss, scaledResidual } from "./rowLoss.js";
import type { LossFunction } from "./types.js";

/**
 * Softmax cross-entropy ℓ = −log p_y, with ∂ℓ/∂z = p − onehot(y): the same numbers as `softmaxCrossEntropy`, plus
 * per-row losses. The default loss of every model. O(rows · K).
 */
export const crossEntropyLoss: LossFunction = rowLoss(({ p, logp, y: yi, grad, wantGrad }) => {
  if (wantGrad) scaledResidual({ grad, p, y: yi }, 1);
  return -logp[yi]!;
});
