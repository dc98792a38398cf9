import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { thresholdsUnchecked } from "./confidentThresholds.js";
import { checkLabelsAndProbs, pairwiseSum } from "./numeric.js";

/** A per-example label-quality score: lower means the given label is less likely to be right. */
export type LabelQualityMethod = "self_confidence" | "normalized_margin" | "confidence_weighted_entropy";

/** The label-quality methods, in the order vox lists them. */
export const LABEL_QUALITY_METHODS: readonly LabelQualityMethod[] = [
  "self_confidence",
  "normalized_margin",
  "confidence_weighted_entropy",
];

/** Options for `labelQualityScores`. */
export interface LabelQualityScoresOptions {
  /** The score. Default "self_confidence". */
  method?: LabelQualityMethod;
  /**
   * Subtract each class's confident threshold from its probabilities and renormalise before scoring (cleanlab's
   * `adjust_pred_probs`), which corrects for classes the model is systematically over- or under-confident in.
   * Not defined for confidence_weighted_entropy. Default false.
   */
  adjust?: boolean;
  /** Thresholds for `adjust`; default `confidentThresholds(labels, probs)`. */
  thresholds?: Float64Array;
}

const MIN_ALLOWED = 1e-6;

/**
 * Label-quality score of every example (Northcutt, Jiang & Chuang 2021; Kuan & Mueller 2022), as cleanlab 2.9's
 * `get_label_quality_scores`: self_confidence = p[given]; normalized_margin = (p[given] − max other p + 1) / 2;
 * confidence_weighted_entropy = log(1 + H/p̃) / max(H/p̃, 1e-6) with H the entropy normalised by log K and p̃ =
 * max(p[given], 1e-6). O(N·K), one Float64Array.
 */
export function labelQualityScores(
  labels: Int32Array,
  probs: Matrix<FloatArray>,
  options: LabelQualityScoresOptions = {},
): Float64Array {
  const k = checkLabelsAndProbs(labels, probs);
  const { method = "self_confidence", adjust = false } = options;
  if (adjust && method === "confidence_weighted_entropy") {
    throw new RangeError("adjust is not supported for confidence_weighted_entropy (as in cleanlab)");
  }
  let p: Matrix<FloatArray> = probs;
  if (adjust) {
    const t = options.thresholds ?? thresholdsUnchecked(labels, probs, k);
    p = subtractThresholds(probs, t);
  }
  return scoresUnchecked(labels, p, method);
}

/** Scores without input checks. */
export function scoresUnchecked(
  labels: Int32Array,
  probs: Matrix<FloatArray>,
  method: LabelQualityMethod,
): Float64Array {
  const n = labels.length;
  const k = probs.cols;
  const d = probs.data;
  const out = new Float64Array(n);
  switch (method) {
    case "self_confidence":
      for (let i = 0; i < n; i++) out[i] = d[i * k + labels[i]!]!;
      break;
    case "normalized_margin":
      for (let i = 0; i < n; i++) {
        const base = i * k;
        const g = labels[i]!;
        let maxOther = -Infinity;
        for (let c = 0; c < k; c++) if (c !== g && d[base + c]! > maxOther) maxOther = d[base + c]!;
        out[i] = (d[base + g]! - maxOther + 1) / 2;
      }
      break;
    case "confidence_weighted_entropy": {
      const logK = Math.log(k);
      const terms = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        const base = i * k;
        for (let c = 0; c < k; c++) {
          const v = d[base + c]!;
          terms[c] = v > 0 ? v * Math.log(v) : 0;
        }
        const entropy = -pairwiseSum(terms) / logK;
        const self = Math.max(d[base + labels[i]!]!, MIN_ALLOWED);
        const s = entropy / self;
        out[i] = Math.log(s + 1) / Math.max(s, MIN_ALLOWED);
      }
      break;
    }
  }
  return out;
}

/** p − t, shifted by max t and renormalised per row (cleanlab's `_subtract_confident_thresholds`). */
export function subtractThresholds(probs: Matrix<FloatArray>, t: Float64Array): Matrix {
  const k = probs.cols;
  let tMax = -Infinity;
  for (const v of t) if (v > tMax) tMax = v;
  const out = new Float64Array(probs.data.length);
  for (let i = 0; i < probs.rows; i++) {
    const base = i * k;
    for (let c = 0; c < k; c++) out[base + c] = probs.data[base + c]! - t[c]! + tMax;
    const s = pairwiseSum(out, base, k);
    for (let c = 0; c < k; c++) out[base + c]! /= s;
  }
  return { rows: probs.rows, cols: k, data: out };
}
