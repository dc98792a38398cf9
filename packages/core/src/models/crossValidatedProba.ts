import { type Features, selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng, type Seed } from "../random/rng.js";
import type { Learner } from "./learner.js";
import { type Model, predictProba } from "./predict.js";
import { checkTrainingInput, pickRows } from "./shared.js";
import { stratifiedKFold } from "./stratifiedKFold.js";

/** Options for `crossValidatedProba`. */
export interface CrossValidationOptions {
  /** Fits one model per fold. */
  learner: Learner;
  /** Number of folds. Default 5. */
  folds?: number;
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /** Seed for the fold assignment and the learners. Default 0. */
  seed?: Seed;
  /** Per-row weights passed to the learner. */
  sampleWeight?: Float64Array;
  /**
   * Turns the training and held-out rows of a fold into features (for example a TF-IDF vocabulary learned on the
   * training rows only). Default: `selectRows` of the given features.
   */
  featuresFor?: (train: Int32Array, test: Int32Array) => { train: Features; test: Features };
  /** Called after each fold with its number, the fold count and the fitted model; return true to stop. */
  onFold?: (fold: number, folds: number, model: Model) => boolean | undefined;
}

/** Result of `crossValidatedProba`. */
export interface CrossValidationResult {
  /** Out-of-fold probabilities (rows × classes): row i comes from the model that did not see row i. */
  probs: Matrix;
  /** Fold of each row. */
  fold: Int32Array;
  /** False when `onFold` stopped it early (rows of the remaining folds are NaN). */
  complete: boolean;
}

/**
 * Out-of-fold predicted probabilities by stratified k-fold cross-validation: each row is predicted by a model
 * fitted on the other folds (the input confident learning and most label-quality methods need; Northcutt et al.
 * 2021). O(folds × fit).
 */
export function crossValidatedProba(
  x: Features,
  y: Int32Array,
  options: CrossValidationOptions,
): CrossValidationResult {
  const classes = checkTrainingInput(x, y, options);
  const { learner, folds = 5, seed = 0, sampleWeight, featuresFor, onFold } = options;
  const fold = stratifiedKFold(y, { folds, seed });
  const rng = createRng(seed).split();
  const probs = new Float64Array(x.rows * classes).fill(Number.NaN);
  let complete = true;
  for (let f = 0; f < folds; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < y.length; i++) (fold[i] === f ? test : train).push(i);
    const tr = Int32Array.from(train);
    const te = Int32Array.from(test);
    const feats = featuresFor ? featuresFor(tr, te) : { train: selectRows(x, tr), test: selectRows(x, te) };
    const model = learner(feats.train, pickRows(y, tr), {
      classes,
      seed: rng.uint32(),
      sampleWeight: sampleWeight && pickRows(sampleWeight, tr),
    });
    const p = predictProba(model, feats.test);
    te.forEach((i, t) => {
      probs.set(p.data.subarray(t * classes, (t + 1) * classes), i * classes);
    });
    if (onFold?.(f, folds, model) && f + 1 < folds) {
      complete = false;
      break;
    }
  }
  return { probs: { rows: x.rows, cols: classes, data: probs }, fold, complete };
}
