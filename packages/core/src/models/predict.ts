import type { Features } from "../linalg/csr.js";
import { type Matrix, softmaxRows } from "../linalg/matrix.js";
import { type EnsembleModel, ensembleMembers } from "./ensemble.js";
import { type KnnModel, knnProba } from "./knn.js";
import { type MlpModel, mlpLogits } from "./mlp.js";
import { type NaiveBayesModel, naiveBayesLogits } from "./naiveBayes.js";
import { type SoftmaxModel, softmaxLogits } from "./softmaxRegression.js";

/** Any fitted classifier in vox: plain data (typed arrays and numbers), so it can be saved and loaded. */
export type Model = SoftmaxModel | MlpModel | KnnModel | NaiveBayesModel | EnsembleModel;

/**
 * Scores whose softmax gives the model's probabilities (rows × classes): the logits of softmax regression and the
 * MLP, naive Bayes' joint log-likelihoods, the log of kNN and ensemble probabilities (−Infinity for 0).
 */
export function predictLogits(model: Model, x: Features): Matrix {
  switch (model.kind) {
    case "softmax":
      return softmaxLogits(model, x);
    case "mlp":
      return mlpLogits(model, x);
    case "nb":
      return naiveBayesLogits(model, x);
    case "knn":
    case "ensemble": {
      const p = predictProba(model, x);
      for (let q = 0; q < p.data.length; q++) p.data[q] = Math.log(p.data[q]!);
      return p;
    }
  }
}

/**
 * Class probabilities (rows × classes). With `temperature` T (from `temperatureScaling`), the softmax of the
 * logits divided by T. O(one forward pass).
 */
export function predictProba(model: Model, x: Features, options: { temperature?: number } = {}): Matrix {
  const { temperature = 1 } = options;
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0 (got ${temperature})`);
  if (temperature === 1) {
    if (model.kind === "knn") return knnProba(model, x);
    if (model.kind === "ensemble") return ensembleMembers(model, x).mean;
    return softmaxRows(predictLogits(model, x));
  }
  const logits = predictLogits(model, x);
  for (let q = 0; q < logits.data.length; q++) logits.data[q]! /= temperature;
  return softmaxRows(logits);
}
