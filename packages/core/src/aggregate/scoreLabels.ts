import { assertSameLength } from "../errors/assert.js";

/** Agreement of hard labels with gold labels. */
export interface LabelScores {
  /** Items with a gold label (and so scored). */
  readonly n: number;
  /** Share of scored items whose label equals gold (an undecided label, −1, counts as wrong). */
  readonly accuracy: number;
  /** F1 of each class (NaN for a class absent from both gold and predictions on the scored items). */
  readonly f1: Float64Array;
  /** Mean F1 over the classes present in gold or predictions on the scored items. */
  readonly macroF1: number;
}

/**
 * Scores predicted class codes against gold codes on the items that have gold (`truth[i] ≥ 0`): accuracy, per-class
 * F1 and macro-F1. NaN when no item has gold. O(items + classes).
 */
export function scoreLabels(truth: Int32Array, predicted: Int32Array, classes: number): LabelScores {
  assertSameLength(truth, predicted, "gold and predicted labels");
  const tp = new Float64Array(classes);
  const fp = new Float64Array(classes);
  const fn = new Float64Array(classes);
  let n = 0;
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    if (t < 0) continue;
    const p = predicted[i]!;
    n++;
    if (p === t) {
      correct++;
      tp[t]!++;
    } else {
      fn[t]!++;
      if (p >= 0 && p < classes) fp[p]!++;
    }
  }
  const f1 = new Float64Array(classes);
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    const denominator = 2 * tp[c]! + fp[c]! + fn[c]!;
    f1[c] = denominator > 0 ? (2 * tp[c]!) / denominator : Number.NaN;
    if (denominator > 0) {
      sum += f1[c]!;
      present++;
    }
  }
  return {
    n,
    accuracy: n > 0 ? correct / n : Number.NaN,
    f1,
    macroF1: present > 0 ? sum / present : Number.NaN,
  };
}
