// Input checks shared by the metrics.
import { assertCodes, assertSameLength } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";

/** Checks true labels against a probability matrix (one row per label, codes in [0, cols)). */
export function checkProbabilities(y: Int32Array, probs: Matrix<FloatArray>): void {
  if (y.length !== probs.rows)
    throw new RangeError(
      `labels and probabilities must have the same number of rows (got ${y.length} and ${probs.rows})`,
    );
  assertCodes(y, probs.cols, "labels");
}

/** Checks two label vectors of equal length; returns the number of classes (given, or the largest code + 1). */
export function checkLabelPair(yTrue: Int32Array, yPred: Int32Array, classes?: number): number {
  assertSameLength(yTrue, yPred, "true and predicted labels");
  let max = -1;
  for (let i = 0; i < yTrue.length; i++) max = Math.max(max, yTrue[i]!, yPred[i]!);
  const k = classes ?? max + 1;
  assertCodes(yTrue, k, "true labels");
  assertCodes(yPred, k, "predicted labels");
  return k;
}

/** Checks optional per-row weights. */
export function checkWeights(weight: Float64Array | undefined, n: number): void {
  if (weight) assertSameLength(weight, { length: n }, "labels and sample weights");
}
