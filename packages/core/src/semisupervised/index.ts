export { type AugmentContext, augmentRows, type VectorAugmentation } from "./augmentation.js";
export {
  confidence,
  type DeepSslMethod,
  type DeepSslOptions,
  type DeepSslResult,
  DistributionAlignment,
  type RowLoss,
  runDeepSsl,
  type StepContext,
  sharpen,
} from "./deepSsl.js";
export {
  type CleanSplit,
  type DivideMixOptions,
  type DivideMixResult,
  divideMix,
  gaussianMixture2,
} from "./divideMix.js";
export { entropyMinimization } from "./entropyMinimization.js";
export { type FixMatchOptions, fixMatch } from "./fixMatch.js";
export {
  affinityGraph,
  type Graph,
  type GraphKernel,
  type GraphOptions,
  type GraphSslResult,
} from "./graph.js";
export { type LabelPropagationOptions, labelPropagation } from "./labelPropagation.js";
export { type LabelSpreadingOptions, labelSpreading } from "./labelSpreading.js";
export { type MeanTeacherOptions, meanTeacher } from "./meanTeacher.js";
export { type MixMatchOptions, type MixMatchStep, mixMatch, mixMatchStep } from "./mixMatch.js";
export { piModel } from "./piModel.js";
export {
  type SelfTrainingCriterion,
  type SelfTrainingOptions,
  type SelfTrainingResult,
  selfTraining,
} from "./selfTraining.js";
export { SSL_METHODS, type SslFitPredictOptions, type SslMethod, sslFitPredict } from "./sslFitPredict.js";
export { supervisedOnly } from "./supervisedOnly.js";
export { type TemporalEnsemblingOptions, temporalEnsembling } from "./temporalEnsembling.js";
export { type UdaOptions, uda } from "./uda.js";
