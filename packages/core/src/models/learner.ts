import type { Features } from "../linalg/csr.js";
import type { Seed } from "../random/rng.js";
import { type KnnOptions, knn } from "./knn.js";
import { type MlpOptions, mlp } from "./mlp.js";
import { multinomialNaiveBayes, type NaiveBayesOptions } from "./naiveBayes.js";
import type { Model } from "./predict.js";
import { type SoftmaxRegressionOptions, softmaxRegression } from "./softmaxRegression.js";

/** What a learner gets besides the data: the class count (so every model outputs K columns) and a seed. */
export interface LearnerContext {
  classes: number;
  seed: Seed;
  sampleWeight?: Float64Array | undefined;
}

/** Fits a model: the unit that cross-validation, bootstrap ensembles and committees repeat. */
export type Learner = (x: Features, y: Int32Array, context: LearnerContext) => Model;

/** A learner described as data (what the CLI and saved files use). */
export type LearnerSpec =
  | { model: "logreg"; options?: Omit<SoftmaxRegressionOptions, "classes" | "seed" | "sampleWeight"> }
  | { model: "mlp"; options?: Omit<MlpOptions, "classes" | "seed" | "sampleWeight"> }
  | { model: "knn"; options?: Omit<KnnOptions, "classes"> }
  | { model: "nb"; options?: Omit<NaiveBayesOptions, "classes" | "sampleWeight"> };

/** The learner a spec describes. kNN ignores sample weights (it has none); the others honour them. */
export function createLearner(spec: LearnerSpec): Learner {
  switch (spec.model) {
    case "logreg":
      return (x, y, c) => softmaxRegression(x, y, { ...spec.options, ...c }).model;
    case "mlp":
      return (x, y, c) => mlp(x, y, { ...spec.options, ...c }).model;
    case "knn":
      return (x, y, c) => knn(x, y, { ...spec.options, classes: c.classes }).model;
    case "nb":
      return (x, y, c) =>
        multinomialNaiveBayes(x, y, { ...spec.options, classes: c.classes, sampleWeight: c.sampleWeight })
          .model;
  }
}
