import { assertFiniteInRange } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import {
  confidence,
  type DeepSslOptions,
  type DeepSslResult,
  DistributionAlignment,
  runDeepSsl,
  sharpen,
} from "./deepSsl.js";

/** Options for `uda`. */
export interface UdaOptions extends DeepSslOptions {
  /** Softmax temperature of the targets (sharpening). Default 0.4 (the paper's). */
  temperature?: number;
  /** Confidence β below which an unlabeled row is masked out. Default 0.8 (the paper's). */
  confidenceThreshold?: number;
  /** ReMixMatch's distribution alignment on the targets. Default false. */
  distributionAlignment?: boolean;
}

/**
 * Unsupervised data augmentation (Xie et al. 2020, "Unsupervised data augmentation for consistency training",
 * NeurIPS, §3.2 "confidence-based masking" and "sharpening predictions"): the prediction on the (weakly augmented)
 * unlabeled row, sharpened with temperature T and kept only where its top probability exceeds β, is the soft
 * target of a cross-entropy (≡ KL up to a constant) on a strongly augmented copy. λ 1, no ramp-up.
 */
export function uda(x: Matrix<FloatArray>, labels: Int32Array, options: UdaOptions = {}): DeepSslResult {
  const { temperature = 0.4, confidenceThreshold = 0.8, distributionAlignment = false } = options;
  assertFiniteInRange(temperature, "temperature", { min: 1e-3, max: 10 });
  assertFiniteInRange(confidenceThreshold, "confidenceThreshold", { min: 0, max: 1 });
  let align: DistributionAlignment | undefined;
  return runDeepSsl(x, labels, {
    options,
    method: {
      lambda: 1,
      rampUp: 0,
      unlabeled: (ctx) => {
        if (distributionAlignment && !align) align = new DistributionAlignment(ctx.labeledPrior);
        const rows = ctx.unlabeledRows;
        let target = ctx.predict(ctx.weak(rows));
        if (align) target = align.apply(target);
        const { conf } = confidence(target);
        const mask = Float64Array.from(conf, (c) => (c > confidenceThreshold ? 1 : 0));
        sharpen(target, temperature);
        return ctx.addLoss(
          ctx.strong(rows),
          { kind: "softCe", targets: target.data },
          { scale: ctx.weight, mask },
        );
      },
    },
  });
}
