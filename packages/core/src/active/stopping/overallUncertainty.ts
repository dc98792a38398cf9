import { assertFiniteInRange } from "../../errors/assert.js";
import type { Matrix } from "../../linalg/matrix.js";
import { uncertaintyScores } from "../uncertainty.js";
import type { StopDecision } from "./types.js";

/**
 * Overall uncertainty (Zhu, Wang & Hovy 2008, IJCNLP, §3): stop when the mean entropy (nats) of the model's
 * predictions over the unlabeled pool falls to `threshold` (default 0.1) or below. `probs`: the pool rows'
 * probabilities. O(rows × K).
 */
export function overallUncertaintyStop(probs: Matrix, options: { threshold?: number } = {}): StopDecision {
  const { threshold = 0.1 } = options;
  assertFiniteInRange(threshold, "threshold", { min: 0 });
  const h = uncertaintyScores(probs, "entropy");
  let mean = 0;
  for (const v of h) mean += v / h.length;
  if (h.length === 0) mean = 0;
  return {
    stop: mean <= threshold,
    value: mean,
    threshold,
    reason: `mean entropy over the pool is ${mean.toFixed(4)} nats (stop at ≤ ${threshold})`,
  };
}
