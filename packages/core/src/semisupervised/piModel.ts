import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { type DeepSslOptions, type DeepSslResult, runDeepSsl } from "./deepSsl.js";

/**
 * Π-model (Laine & Aila 2017, "Temporal ensembling for semi-supervised learning", ICLR, §2.1; Sajjadi et al. 2016):
 * two stochastic passes (strong augmentation, dropout) over each unlabeled row; the squared difference of their
 * softmax outputs (the first held fixed as the target) is the unlabeled loss, λ ramped up as exp(−5(1 − t)²).
 * Default λ 10 (mean over classes of the squared difference, so the paper's w_max · K/C scale).
 */
export function piModel(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  options: DeepSslOptions = {},
): DeepSslResult {
  return runDeepSsl(x, labels, {
    options,
    method: {
      lambda: 10,
      rampUp: 0.3,
      unlabeled: (ctx) => {
        const target = ctx.predict(ctx.strong(ctx.unlabeledRows), { stochastic: true });
        return ctx.addLoss(
          ctx.strong(ctx.unlabeledRows),
          { kind: "mse", targets: target.data },
          { scale: ctx.weight },
        );
      },
    },
  });
}
