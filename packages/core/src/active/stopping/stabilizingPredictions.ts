import { cohenKappa } from "../../agreement/cohenKappa.js";
import { assertFiniteInRange, assertInteger } from "../../errors/assert.js";
import type { StopDecision } from "./types.js";

/**
 * Cohen's κ between two label vectors (the predictions of successive models on the same stop set); 1 when they are
 * identical (κ is 0/0 when both predict one class throughout). O(n + classes²).
 */
export function predictionKappa(a: Int32Array, b: Int32Array, classes: number): number {
  if (a.length !== b.length)
    throw new RangeError(`predictions differ in length (${a.length} and ${b.length})`);
  let same = true;
  for (let i = 0; i < a.length && same; i++) same = a[i] === b[i];
  if (same) return 1;
  const table = new Float64Array(classes * classes);
  for (let i = 0; i < a.length; i++) table[a[i]! * classes + b[i]!]!++;
  return cohenKappa({ rows: classes, cols: classes, data: table }).value;
}

/**
 * Stabilising predictions (Bloodgood & Vijay-Shanker 2009, "A method for stopping active learning based on
 * stabilizing predictions and the need for user-adjustable stopping", CoNLL, §3): keep each round's model
 * predictions on a fixed, unlabeled stop set; stop once the mean κ between successive rounds over the last `window`
 * pairs (default 3) reaches `threshold` (default 0.99, the paper's values). `history` holds one prediction vector
 * per round, oldest first. O(rounds × stop set).
 */
export function stabilizingPredictions(
  history: readonly Int32Array[],
  options: { classes: number; window?: number; threshold?: number },
): StopDecision & { kappas: Float64Array } {
  const { classes, window = 3, threshold = 0.99 } = options;
  assertInteger(classes, "classes", { min: 1 });
  assertInteger(window, "window", { min: 1 });
  assertFiniteInRange(threshold, "threshold", { min: -1, max: 1 });
  const kappas = new Float64Array(Math.max(0, history.length - 1));
  for (let r = 1; r < history.length; r++)
    kappas[r - 1] = predictionKappa(history[r - 1]!, history[r]!, classes);
  if (kappas.length < window)
    return {
      stop: false,
      value: Number.NaN,
      threshold,
      kappas,
      reason: `needs ${window + 1} rounds of predictions (have ${history.length})`,
    };
  let mean = 0;
  for (let r = kappas.length - window; r < kappas.length; r++) mean += kappas[r]! / window;
  return {
    stop: mean >= threshold,
    value: mean,
    threshold,
    kappas,
    reason: `mean kappa of the last ${window} successive models is ${mean.toFixed(4)} (stop at ≥ ${threshold})`,
  };
}
