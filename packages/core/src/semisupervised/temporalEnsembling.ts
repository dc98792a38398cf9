import { assertFiniteInRange } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { type DeepSslOptions, type DeepSslResult, runDeepSsl } from "./deepSsl.js";

/** Options for `temporalEnsembling`. */
export interface TemporalEnsemblingOptions extends DeepSslOptions {
  /** Momentum α of the ensemble Z ← αZ + (1 − α)z. Default 0.6 (the paper's). */
  momentum?: number;
}

/**
 * Temporal ensembling (Laine & Aila 2017, §2.2): every unlabeled row keeps an exponential moving average Z of the
 * network's past (stochastic) predictions for it; the bias-corrected Z/(1 − α^t) is the target of a squared-error
 * consistency loss, so one pass per row per step suffices (the Π-model needs two). Rows are updated each time they
 * are drawn rather than once per epoch. Default λ 10, ramped up.
 */
export function temporalEnsembling(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  options: TemporalEnsemblingOptions = {},
): DeepSslResult {
  const { momentum = 0.6 } = options;
  assertFiniteInRange(momentum, "momentum", { min: 0, max: 0.999 });
  let ensemble = new Float64Array(0);
  let updates = new Int32Array(0);
  return runDeepSsl(x, labels, {
    options,
    method: {
      lambda: 10,
      rampUp: 0.3,
      init: ({ rows, classes }) => {
        ensemble = new Float64Array(rows * classes);
        updates = new Int32Array(rows);
      },
      unlabeled: (ctx) => {
        const k = ctx.options.classes;
        const rows = ctx.unlabeledRows;
        const targets = new Float64Array(rows.length * k);
        const mask = new Float64Array(rows.length);
        for (const [t, i] of rows.entries()) {
          if (updates[i] === 0) continue;
          mask[t] = 1;
          const correction = 1 - momentum ** updates[i]!;
          for (let c = 0; c < k; c++) targets[t * k + c] = ensemble[i * k + c]! / correction;
        }
        const probs = new Float64Array(rows.length * k);
        const value = ctx.addLoss(
          ctx.strong(rows),
          { kind: "mse", targets },
          { scale: ctx.weight, mask, probs },
        );
        for (const [t, i] of rows.entries()) {
          for (let c = 0; c < k; c++)
            ensemble[i * k + c] = momentum * ensemble[i * k + c]! + (1 - momentum) * probs[t * k + c]!;
          updates[i]!++;
        }
        return value;
      },
    },
  });
}
