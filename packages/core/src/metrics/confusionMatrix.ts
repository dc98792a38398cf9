import type { Matrix } from "../linalg/matrix.js";
import { checkLabelPair, checkWeights } from "./check.js";

/**
 * The K×K confusion matrix: entry (t, p) counts rows with true label t predicted as p (weighted by `sampleWeight`
 * when given); rows are true classes, as in scikit-learn. O(n + K²).
 */
export function confusionMatrix(
  yTrue: Int32Array,
  yPred: Int32Array,
  options: { classes?: number; sampleWeight?: Float64Array } = {},
): Matrix {
  const k = checkLabelPair(yTrue, yPred, options.classes);
  const { sampleWeight } = options;
  checkWeights(sampleWeight, yTrue.length);
  const data = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++)
    data[yTrue[i]! * k + yPred[i]!]! += sampleWeight ? sampleWeight[i]! : 1;
  return { rows: k, cols: k, data };
}
