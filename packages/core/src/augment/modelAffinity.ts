import type { FloatArray, Matrix } from "../linalg/matrix.js";

/** Labels and a model's predicted probabilities for one set of rows. */
export interface ScoredRows {
  labels: Int32Array;
  probs: Matrix<FloatArray>;
}

/** Affinity of generated data to real data, as seen by a model trained on the real data. */
export interface ModelAffinity {
  /** Accuracy of the model on the generated rows (their intended labels). */
  generatedAccuracy: number;
  /** Accuracy of the same model on held-out real rows. */
  realAccuracy: number;
  /** generatedAccuracy − realAccuracy: 0 when the generated data looks like real data to the model, below 0 when it is shifted. */
  affinity: number;
  generatedRows: number;
  realRows: number;
}

function accuracyOf({ labels, probs }: ScoredRows, what: string): number {
  if (probs.rows !== labels.length)
    throw new RangeError(`${what}: ${labels.length} labels for ${probs.rows} rows of probabilities`);
  if (labels.length === 0) throw new RangeError(`${what}: no rows`);
  const k = probs.cols;
  let hit = 0;
  for (let i = 0; i < labels.length; i++) {
    let arg = 0;
    for (let c = 1; c < k; c++) if (probs.data[i * k + c]! > probs.data[i * k + arg]!) arg = c;
    if (arg === labels[i]) hit++;
  }
  return hit / labels.length;
}

/**
 * Model-based affinity (Gontijo-Lopes, Smullin, Cubuk & Dyer 2020, "Affinity and Diversity: Quantifying Mechanisms
 * of Data Augmentation", Definition 1): the accuracy of a model trained on clean real data, evaluated on augmented
 * or generated data, minus its accuracy on held-out real data. The paper augments the validation set itself; for
 * generated data (no real counterpart per row) the two sets are scored separately. O((N + M)·K).
 */
export function modelAffinity(generated: ScoredRows, real: ScoredRows): ModelAffinity {
  const generatedAccuracy = accuracyOf(generated, "generated");
  const realAccuracy = accuracyOf(real, "real");
  return {
    generatedAccuracy,
    realAccuracy,
    affinity: generatedAccuracy - realAccuracy,
    generatedRows: generated.labels.length,
    realRows: real.labels.length,
  };
}
