import { rowLoss, scaledResidual } from "./rowLoss.js";
import type { LossFunction } from "./types.js";

/**
 * Mean absolute error between the one-hot label and the softmax, ℓ = ‖onehot(y) − p‖₁ = 2(1 − p_y) (Ghosh, Kumar &
 * Sastry 2017, "Robust Loss Functions under Label Noise for Deep Neural Networks", AAAI): symmetric, hence
 * tolerant of uniform label noise, but slow to fit (its gradient 2·p_y·(p − onehot(y)) vanishes where p_y is
 * small). Not convex in the logits. O(rows · K).
 */
export const meanAbsoluteError: LossFunction = rowLoss(({ p, y: yi, grad, wantGrad }) => {
  if (wantGrad) scaledResidual({ grad, p, y: yi }, 2 * p[yi]!);
  return 2 * (1 - p[yi]!);
});
