import { assertFiniteInRange } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import {
  confidence,
  type DeepSslOptions,
  type DeepSslResult,
  DistributionAlignment,
  runDeepSsl,
} from "./deepSsl.js";

/** Options for `fixMatch`. */
export interface FixMatchOptions extends DeepSslOptions {
  /** Confidence τ a weak-view prediction needs to become a pseudo-label. Default 0.95 (the paper's). */
  threshold?: number;
  /** Align the weak-view predictions to the labeled class frequencies first (ReMixMatch's DA). Default false. */
  distributionAlignment?: boolean;
}

/**
 * FixMatch (Sohn et al. 2020, "FixMatch: simplifying semi-supervised learning with consistency and confidence",
 * NeurIPS, eq. 4): the argmax of the prediction on a weakly augmented unlabeled row is its pseudo-label when the
 * top probability reaches τ; the loss is the cross-entropy of the prediction on a strongly augmented copy against
 * it, averaged over the whole unlabeled batch (masked rows count as 0). λ 1, no ramp-up (the mask is the schedule).
 */
export function fixMatch(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  options: FixMatchOptions = {},
): DeepSslResult {
  const { threshold = 0.95, distributionAlignment = false } = options;
  assertFiniteInRange(threshold, "threshold", { min: 0, max: 1 });
  let align: DistributionAlignment | undefined;
  return runDeepSsl(x, labels, {
    options,
    method: {
      lambda: 1,
      rampUp: 0,
      unlabeled: (ctx) => {
        if (distributionAlignment && !align) align = new DistributionAlignment(ctx.labeledPrior);
        const rows = ctx.unlabeledRows;
        let weak = ctx.predict(ctx.weak(rows));
        if (align) weak = align.apply(weak);
        const { conf, pred } = confidence(weak);
        const mask = Float64Array.from(conf, (c) => (c >= threshold ? 1 : 0));
        return ctx.addLoss(ctx.strong(rows), { kind: "ce", labels: pred }, { scale: ctx.weight, mask });
      },
    },
  });
}
