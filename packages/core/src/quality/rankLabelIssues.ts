import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { type LabelQualityMethod, labelQualityScores } from "./labelQualityScores.js";
import { stableArgsort } from "./numeric.js";

/** Options for `rankLabelIssues`. */
export interface RankLabelIssuesOptions {
  /** The examples to rank (e.g. `findLabelIssues(...).indices`). Default: every example. */
  flagged?: Int32Array;
  /** The score to order by, lowest (worst) first. Default "self_confidence". */
  rankBy?: LabelQualityMethod;
  /** Adjust probabilities by the confident thresholds before scoring (see `labelQualityScores`). Default false. */
  adjust?: boolean;
}

/** Flagged examples ordered worst first, with every example's score. */
export interface RankLabelIssuesResult {
  /** The flagged indices, lowest score first; equal scores keep index order (a stable sort). */
  ranked: Int32Array;
  /** The score of every example (not only the flagged ones). */
  scores: Float64Array;
}

/**
 * Orders flagged examples by label-quality score, lowest first (cleanlab's `order_label_issues`). Ties keep
 * ascending index order, which is what cleanlab returns whenever its unstable sort is unambiguous.
 * O(N·K + F log F) for F flagged examples.
 */
export function rankLabelIssues(
  labels: Int32Array,
  probs: Matrix<FloatArray>,
  options: RankLabelIssuesOptions = {},
): RankLabelIssuesResult {
  const { rankBy = "self_confidence", adjust = false } = options;
  const scores = labelQualityScores(labels, probs, { method: rankBy, adjust });
  const flagged = options.flagged ?? Int32Array.from({ length: labels.length }, (_, i) => i);
  for (let i = 0; i < flagged.length; i++) {
    const f = flagged[i]!;
    if (!(f >= 0 && f < labels.length)) {
      throw new RangeError(`flagged[${i}] must be an example index in [0, ${labels.length}) (got ${f})`);
    }
  }
  return { ranked: stableArgsort(scores, flagged), scores };
}
