import { checkLabelPair, checkWeights } from "./check.js";

/** Share of rows whose predicted label equals the true label (weighted by `sampleWeight` when given). O(n). */
export function accuracy(
  yTrue: Int32Array,
  yPred: Int32Array,
  options: { sampleWeight?: Float64Array } = {},
): number {
  checkLabelPair(yTrue, yPred);
  const { sampleWeight } = options;
  checkWeights(sampleWeight, yTrue.length);
  let hit = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = sampleWeight ? sampleWeight[i]! : 1;
    total += w;
    if (yTrue[i] === yPred[i]) hit += w;
  }
  return total > 0 ? hit / total : Number.NaN;
}
