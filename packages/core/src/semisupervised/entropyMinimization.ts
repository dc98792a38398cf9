import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { type DeepSslOptions, type DeepSslResult, runDeepSsl } from "./deepSsl.js";

/**
 * Entropy minimisation (Grandvalet & Bengio 2005, "Semi-supervised learning by entropy minimization", NIPS 17):
 * adds λ·H(p(y | x)) on (weakly augmented) unlabeled rows to the labeled cross-entropy, pushing the decision
 * boundary into low-density regions. Default λ 0.3, ramped up (the paper picks λ by validation).
 */
export function entropyMinimization(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  options: DeepSslOptions = {},
): DeepSslResult {
  return runDeepSsl(x, labels, {
    options,
    method: {
      lambda: 0.3,
      rampUp: 0.3,
      unlabeled: (ctx) =>
        ctx.addLoss(ctx.weak(ctx.unlabeledRows), { kind: "entropy" }, { scale: ctx.weight }),
    },
  });
}
