import { assertFiniteInRange } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import type { MlpModel } from "../models/mlp.js";
import { type DeepSslOptions, type DeepSslResult, runDeepSsl } from "./deepSsl.js";

/** Options for `meanTeacher`. */
export interface MeanTeacherOptions extends DeepSslOptions {
  /** EMA decay of the teacher's weights (reached after a warm-up of min(1 − 1/(t + 1), decay)). Default 0.99. */
  decay?: number;
}

/**
 * Mean Teacher (Tarvainen & Valpola 2017, "Mean teachers are better role models", NeurIPS): the teacher's weights
 * are an exponential moving average of the student's, θ' ← αθ' + (1 − α)θ after every step (α = min(1 − 1/(t + 1),
 * decay), their warm-up); the student is trained to match the teacher's softmax outputs on a differently augmented
 * copy of each unlabeled row (squared error), and the teacher is the model returned. Default λ 10, ramped up.
 */
export function meanTeacher(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  options: MeanTeacherOptions = {},
): DeepSslResult {
  const { decay = 0.99 } = options;
  assertFiniteInRange(decay, "decay", { min: 0, max: 1 });
  let teacher: MlpModel | undefined;
  const copy = (m: MlpModel): MlpModel => ({
    ...m,
    layers: m.layers.map((l) => ({ ...l, weights: l.weights.slice(), bias: l.bias.slice() })),
  });
  return runDeepSsl(x, labels, {
    options,
    method: {
      lambda: 10,
      rampUp: 0.3,
      init: ({ model }) => {
        teacher = copy(model);
      },
      unlabeled: (ctx) => {
        const target = ctx.predict(ctx.weak(ctx.unlabeledRows), { model: teacher!, stochastic: true });
        return ctx.addLoss(
          ctx.strong(ctx.unlabeledRows),
          { kind: "mse", targets: target.data },
          { scale: ctx.weight },
        );
      },
      afterStep: (ctx) => {
        const alpha = Math.min(1 - 1 / (ctx.step + 2), decay);
        for (const [l, layer] of ctx.model.layers.entries()) {
          const t = teacher!.layers[l]!;
          for (let q = 0; q < t.weights.length; q++)
            t.weights[q] = alpha * t.weights[q]! + (1 - alpha) * layer.weights[q]!;
          for (let q = 0; q < t.bias.length; q++)
            t.bias[q] = alpha * t.bias[q]! + (1 - alpha) * layer.bias[q]!;
        }
      },
      final: () => teacher!,
    },
  });
}
