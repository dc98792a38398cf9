import { assertInteger } from "../errors/assert.js";
import { pairwiseSum } from "./numeric.js";
import { goldProbabilities, type TrainingDynamics } from "./trainingDynamics.js";

/** Forgetfulness cartography reports for an example never predicted correctly. */
export const NEVER_LEARNED_FORGETFULNESS = 1000;

/** Options for `dataMap`. */
export interface DataMapOptions {
  /** Use only the first `burnOut` epochs (cartography's `--burn_out`). Default: all. */
  burnOut?: number;
}

/** Per-example training-dynamics statistics of a data map. */
export interface DataMap {
  /** Mean over epochs of p(gold). */
  confidence: Float64Array;
  /** Population standard deviation over epochs of p(gold). */
  variability: Float64Array;
  /** sqrt(var + var²/(E − 1)): variability with cartography's `include_ci` correction (Chang et al. 2017). */
  variabilityCi: Float64Array;
  /** Epochs in which argmax = gold. */
  correctness: Int32Array;
  /** Times the example went from correct to incorrect; NEVER_LEARNED_FORGETFULNESS if never correct. */
  forgetfulness: Int32Array;
  /** confidence·(1 − confidence): largest for examples the model is unsure about. */
  thresholdCloseness: Float64Array;
  /** Epochs used. */
  epochs: number;
}

/**
 * Data maps (Swayamdipta et al. 2020, "Dataset Cartography"): confidence and variability of the probability the
 * model gives each example's label across epochs, plus correctness, forgetfulness and threshold closeness, as
 * allenai/cartography's `compute_train_dy_metrics` (softmax in float64 here, float32 there: differences ≈ 3e-8).
 * Easy-to-learn examples have high confidence and low variability, hard-to-learn (often mislabeled) ones low
 * confidence and low variability, ambiguous ones high variability. O(E·N·K).
 */
export function dataMap(d: TrainingDynamics, options: DataMapOptions = {}): DataMap {
  const { burnOut = d.epochs } = options;
  assertInteger(burnOut, "burnOut", { min: 1 });
  const epochs = Math.min(burnOut, d.epochs);
  const n = d.examples;
  const { prob, correct } = goldProbabilities(d);
  const confidence = new Float64Array(n);
  const variability = new Float64Array(n);
  const variabilityCi = new Float64Array(n);
  const correctness = new Int32Array(n);
  const forgetfulness = new Int32Array(n);
  const thresholdCloseness = new Float64Array(n);
  const trend = new Float64Array(epochs);
  const dev = new Float64Array(epochs);
  for (let i = 0; i < n; i++) {
    let learnt = false;
    let forgotten = 0;
    let right = 0;
    for (let e = 0; e < epochs; e++) {
      trend[e] = prob[e * n + i]!;
      const ok = correct[e * n + i] === 1;
      right += ok ? 1 : 0;
      if (learnt && !ok) {
        learnt = false;
        forgotten++;
      } else if (!learnt && ok) learnt = true;
    }
    const mean = pairwiseSum(trend) / epochs;
    for (let e = 0; e < epochs; e++) dev[e] = (trend[e]! - mean) ** 2;
    const v = pairwiseSum(dev) / epochs;
    confidence[i] = mean;
    variability[i] = Math.sqrt(v);
    variabilityCi[i] = epochs > 1 ? Math.sqrt(v + (v * v) / (epochs - 1)) : Number.NaN;
    correctness[i] = right;
    forgetfulness[i] = right === 0 ? NEVER_LEARNED_FORGETFULNESS : forgotten;
    thresholdCloseness[i] = mean * (1 - mean);
  }
  return { confidence, variability, variabilityCi, correctness, forgetfulness, thresholdCloseness, epochs };
}
