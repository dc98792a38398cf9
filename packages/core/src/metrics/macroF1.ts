import { confusionMatrix } from "./confusionMatrix.js";

/** Options for `macroF1`. */
export interface MacroF1Options {
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /**
   * Which classes the macro average runs over: "present" (those in the true or predicted labels, as scikit-learn
   * does by default) or "all" (every class in [0, K); a class never seen scores 0). Default "present".
   */
  average?: "present" | "all";
}

/** Result of `macroF1`. */
export interface MacroF1Result {
  /** Unweighted mean of the per-class F1 scores over the averaged classes. */
  macroF1: number;
  /** Per class: precision, recall and F1 (0 where undefined, as scikit-learn's zero_division="warn" gives). */
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
  /** Per class: rows with that true label. */
  support: Float64Array;
}

/** Per-class precision, recall and F1, and their macro average (van Rijsbergen 1979 for F1). O(n + K²). */
export function macroF1(yTrue: Int32Array, yPred: Int32Array, options: MacroF1Options = {}): MacroF1Result {
  const { average = "present" } = options;
  const cm = confusionMatrix(yTrue, yPred, options.classes === undefined ? {} : { classes: options.classes });
  const k = cm.rows;
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const f1 = new Float64Array(k);
  const support = new Float64Array(k);
  let sum = 0;
  let counted = 0;
  for (let c = 0; c < k; c++) {
    let predicted = 0;
    let actual = 0;
    for (let o = 0; o < k; o++) {
      predicted += cm.data[o * k + c]!;
      actual += cm.data[c * k + o]!;
    }
    const tp = cm.data[c * k + c]!;
    precision[c] = predicted > 0 ? tp / predicted : 0;
    recall[c] = actual > 0 ? tp / actual : 0;
    const pr = precision[c]! + recall[c]!;
    f1[c] = pr > 0 ? (2 * precision[c]! * recall[c]!) / pr : 0;
    support[c] = actual;
    if (average === "all" || predicted > 0 || actual > 0) {
      sum += f1[c]!;
      counted++;
    }
  }
  return { macroF1: counted > 0 ? sum / counted : Number.NaN, precision, recall, f1, support };
}
