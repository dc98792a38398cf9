export { Adam, type AdamOptions } from "./adam.js";
export { type CoTeachingOptions, type CoTeachingResult, coTeaching } from "./coTeaching.js";
export {
  type CrossValidationOptions,
  type CrossValidationResult,
  crossValidatedProba,
} from "./crossValidatedProba.js";
export {
  type BootstrapEnsembleResult,
  bootstrapEnsemble,
  committee,
  type EnsembleModel,
  type EnsemblePrediction,
  ensembleMembers,
} from "./ensemble.js";
export {
  type GradientEmbeddings,
  gradientEmbeddingMatrix,
  gradientEmbeddings,
} from "./gradientEmbeddings.js";
export { type JuryOptions, type JuryQuota, type JuryResult, juryVerdicts } from "./juryLearning.js";
export { addTransposedTimes, times, timesTransposed } from "./kernels.js";
export { type KnnModel, type KnnOptions, knn, knnNeighbours, knnProba, type Neighbours } from "./knn.js";
export { type LbfgsOptions, type LbfgsResult, lbfgs, type Objective } from "./lbfgs.js";
export { createLearner, type Learner, type LearnerContext, type LearnerSpec } from "./learner.js";
export * from "./losses/index.js";
export { type McDropoutResult, mcDropout } from "./mcDropout.js";
export { type MlpModel, type MlpOptions, type MlpResult, mlp, mlpLogits, mlpRepresentation } from "./mlp.js";
export {
  type MultiAnnotatorModel,
  type MultiAnnotatorOptions,
  type MultiAnnotatorResult,
  multiAnnotatorModel,
  type RaterJudgments,
  type RaterVotes,
  raterProba,
  raterVotes,
} from "./multiAnnotator.js";
export {
  multinomialNaiveBayes,
  type NaiveBayesModel,
  type NaiveBayesOptions,
  naiveBayesLogits,
} from "./naiveBayes.js";
export type { DenseLayer } from "./network.js";
export { type Model, predictLogits, predictProba } from "./predict.js";
export {
  type PruneLowConfidenceOptions,
  type PruneLowConfidenceResult,
  pruneLowConfidence,
} from "./pruneLowConfidence.js";
export {
  decodeModel,
  type EncodedModel,
  encodeModel,
  type StorableModel,
  type StoredArray,
} from "./serialize.js";
export type { EpochHook, EpochInfo } from "./shared.js";
export {
  type SoftmaxModel,
  type SoftmaxRegressionOptions,
  type SoftmaxRegressionResult,
  softmaxLogits,
  softmaxRegression,
} from "./softmaxRegression.js";
export { stratifiedKFold, stratifiedSplit } from "./stratifiedKFold.js";
