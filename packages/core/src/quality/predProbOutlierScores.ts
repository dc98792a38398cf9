import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { thresholdsUnchecked } from "./confidentThresholds.js";
import { subtractThresholds } from "./labelQualityScores.js";
import { checkLabelsAndProbs, median, pairwiseSum } from "./numeric.js";

/** How `predProbOutlierScores` turns a probability row into an in-distribution score. */
export type PredProbOutlierMethod = "entropy" | "least_confidence";

/** Options of `predProbOutlierScores`. */
export interface PredProbOutlierOptions {
  /** Default "entropy". */
  method?: PredProbOutlierMethod;
  /**
   * Subtract each class's confident threshold (mean self-confidence of the examples labelled with it), shift by the
   * largest threshold and renormalise before scoring (cleanlab's `adjust_pred_probs`). Needs `labels`. Default true.
   */
  adjust?: boolean;
  /** Issue cut-off as a fraction of the median score. Default 0.13 (cleanlab's). */
  threshold?: number;
}

/** Out-of-distribution scores from predicted probabilities. */
export interface PredProbOutlierResult {
  /** entropy: 1 − H(p)/log K; least_confidence: max p. Low = likely out of distribution. */
  scores: Float64Array;
  /** 1 where score < issueThreshold. */
  isIssue: Uint8Array;
  /** threshold × median score. */
  issueThreshold: number;
  meanScore: number;
}

/**
 * Out-of-distribution scores from out-of-sample predicted probabilities, as cleanlab 2.9's `OutOfDistribution`
 * with `pred_probs` and the Datalab outlier issue built on it (Kuan & Mueller 2022, "Back to the Basics: Revisiting
 * Out-of-Distribution Detection Baselines", §3: adjusted entropy and least-confidence baselines): optionally
 * threshold-adjusted probabilities, then 1 − normalised entropy or the largest probability; an issue below
 * threshold × the median score. `labels` may be empty when `adjust` is false. O(N·K).
 */
export function predProbOutlierScores(
  probs: Matrix<FloatArray>,
  labels: Int32Array,
  options: PredProbOutlierOptions = {},
): PredProbOutlierResult {
  const { adjust = true, threshold = 0.13 } = options;
  const method: PredProbOutlierMethod = options.method ?? "entropy";
  if (method !== "entropy" && method !== "least_confidence")
    throw new RangeError(`method must be "entropy" or "least_confidence" (got ${JSON.stringify(method)})`);
  if (!(threshold >= 0 && Number.isFinite(threshold)))
    throw new RangeError(`threshold must be a finite number ≥ 0 (got ${threshold})`);
  let p: Matrix<FloatArray> = probs;
  if (adjust) {
    const k = checkLabelsAndProbs(labels, probs);
    p = subtractThresholds(probs, thresholdsUnchecked(labels, probs, k));
  } else if (probs.cols < 2 || probs.rows === 0) {
    throw new RangeError(
      `probabilities need rows and at least 2 classes (got ${probs.rows} × ${probs.cols})`,
    );
  }
  const n = p.rows;
  const k = p.cols;
  const d = p.data;
  const scores = new Float64Array(n);
  switch (method) {
    case "entropy": {
      const logK = Math.log(k);
      const terms = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < k; c++) {
          const v = d[i * k + c]!;
          terms[c] = v > 0 ? v * Math.log(v) : 0;
        }
        scores[i] = 1 + pairwiseSum(terms) / logK;
      }
      break;
    }
    case "least_confidence":
      for (let i = 0; i < n; i++) {
        let best = -Infinity;
        for (let c = 0; c < k; c++) if (d[i * k + c]! > best) best = d[i * k + c]!;
        scores[i] = best;
      }
      break;
  }
  const issueThreshold = threshold * median(scores);
  const isIssue = new Uint8Array(n);
  for (let i = 0; i < n; i++) isIssue[i] = scores[i]! < issueThreshold ? 1 : 0;
  return { scores, isIssue, issueThreshold, meanScore: pairwiseSum(scores) / n };
}
