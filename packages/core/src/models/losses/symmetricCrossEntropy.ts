import { assertFiniteInRange } from "../../errors/assert.js";
import { rowLoss, scaledResidual } from "./rowLoss.js";
import type { LossFunction } from "./types.js";

/** Options for `symmetricCrossEntropy`. */
export interface SymmetricCrossEntropyOptions {
  /** Weight α of cross-entropy. Default 0.1 (the paper's CIFAR-10 setting). */
  alpha?: number;
  /** Weight β of reverse cross-entropy. Default 1. */
  beta?: number;
  /** A = log 0, the value the one-hot label's zeros are clipped to inside the logarithm. Default −4 (the paper's). */
  logZero?: number;
}

/**
 * Symmetric cross-entropy (Wang, Ma, Chen, Luo, Yi & Bailey 2019, "Symmetric Cross Entropy for Robust Learning with
 * Noisy Labels", ICCV, eq. 4–6): ℓ = α·CE + β·RCE, where the reverse cross-entropy RCE = −Σ_c p_c log q_c of the
 * prediction p against the one-hot label q with log 0 clipped to A is −A·(1 − p_y). Gradient:
 * (α − A·β·p_y) · (p − onehot(y)). Convex only when β = 0. O(rows · K).
 */
export function symmetricCrossEntropy(options: SymmetricCrossEntropyOptions = {}): LossFunction {
  const { alpha = 0.1, beta = 1, logZero = -4 } = options;
  assertFiniteInRange(alpha, "alpha", { min: 0 });
  assertFiniteInRange(beta, "beta", { min: 0 });
  assertFiniteInRange(logZero, "logZero", { max: 0 });
  if (alpha === 0 && beta === 0) throw new RangeError("alpha and beta must not both be 0");
  return rowLoss(({ p, logp, y: yi, grad, wantGrad }) => {
    const py = p[yi]!;
    if (wantGrad) scaledResidual({ grad, p, y: yi }, alpha - logZero * beta * py);
    return alpha * -logp[yi]! + beta * -logZero * (1 - py);
  });
}
