import { assertFiniteInRange } from "../../errors/assert.js";
import type { Matrix } from "../../linalg/matrix.js";
import { uncertaintyScores } from "../uncertainty.js";
import type { StopDecision } from "./types.js";

/**
 * Max-confidence (Zhu, Wang & Hovy 2008, "Learning a stopping criterion for active learning for word sense
 * disambiguation and text classification", IJCNLP, §3): stop when even the most uncertain unlabeled row (by
 * entropy, in nats) has uncertainty ≤ `threshold` (default 0.1), i.e. the classifier is confident on the whole pool.
 * `probs`: the current model's probabilities of the pool rows (or of the batch it would query next). O(rows × K).
 */
export function maxConfidenceStop(probs: Matrix, options: { threshold?: number } = {}): StopDecision {
  const { threshold = 0.1 } = options;
  assertFiniteInRange(threshold, "threshold", { min: 0 });
  const h = uncertaintyScores(probs, "entropy");
  let max = 0;
  for (const v of h) max = Math.max(max, v);
  return {
    stop: max <= threshold,
    value: max,
    threshold,
    reason: `largest entropy in the pool is ${max.toFixed(4)} nats (stop at ≤ ${threshold})`,
  };
}
