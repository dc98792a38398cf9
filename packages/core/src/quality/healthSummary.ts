import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { confidentJoint } from "./confidentJoint.js";
import { normalizeJoint } from "./estimateJoint.js";
import { type ClassOverlap, findOverlappingClasses } from "./findOverlappingClasses.js";
import { type ClassLabelQuality, rankClassesByLabelQuality } from "./rankClassesByLabelQuality.js";

/** A dataset's label health at a glance. */
export interface HealthSummary {
  /** 1 − (estimated label issues / N), the issues counted off the diagonal of the raw confident joint. */
  overallLabelHealth: number;
  /** Estimated number of label issues (off-diagonal count of the raw confident joint). */
  numLabelIssues: number;
  /** The estimated joint Q[given][true] (sums to 1). */
  joint: Matrix;
  /** Classes, worst label quality first. */
  classes: ClassLabelQuality[];
  /** Class pairs, most overlapping first. */
  overlaps: ClassOverlap[];
}

/**
 * Dataset health from labels and out-of-sample probabilities (cleanlab 2.9's `health_summary` and
 * `overall_label_health_score`; Northcutt, Jiang & Chuang 2021): overall score, per-class quality and the class
 * pairs most often confused. O(N·K + K²).
 */
export function healthSummary(
  labels: Int32Array,
  probs: Matrix<FloatArray>,
  options: { asymmetric?: boolean } = {},
): HealthSummary {
  const cj = confidentJoint(labels, probs);
  const joint = normalizeJoint(cj.joint);
  const n = labels.length;
  const issues = cj.offDiagonal.length;
  return {
    overallLabelHealth: 1 - issues / n,
    numLabelIssues: issues,
    joint,
    classes: rankClassesByLabelQuality(joint, n),
    overlaps: findOverlappingClasses(joint, n, options),
  };
}
