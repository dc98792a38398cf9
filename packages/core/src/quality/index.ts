export { type AumOptions, type AumResult, assignThresholdSamples, aum } from "./aum.js";
export { calibrateConfidentJoint } from "./calibrateConfidentJoint.js";
export { type ConfidentJointOptions, type ConfidentJointResult, confidentJoint } from "./confidentJoint.js";
export { confidentThresholds } from "./confidentThresholds.js";
export { correctKnnDuplicates } from "./correctKnnDuplicates.js";
export {
  type AnnotatorStats,
  type ConsensusMethod,
  type CrowdlabOptions,
  type CrowdlabResult,
  crowdlab,
  type MultiannotatorQualityMethod,
} from "./crowdlab.js";
export { type DataMap, type DataMapOptions, dataMap, NEVER_LEARNED_FORGETFULNESS } from "./dataMap.js";
export { type DuplicateLinks, type DuplicateSets, duplicateSets } from "./duplicateSets.js";
export { type EstimateJointOptions, estimateJoint } from "./estimateJoint.js";
export {
  type EstimateLatentOptions,
  estimateLatent,
  type LatentEstimates,
  type PriorMethod,
} from "./estimateLatent.js";
export { exactDuplicateRows } from "./exactDuplicateRows.js";
export { exactDuplicateTexts, foldText } from "./exactDuplicateTexts.js";
export {
  FILTER_BY,
  type FilterBy,
  type FindLabelIssuesOptions,
  type FindLabelIssuesResult,
  findLabelIssues,
} from "./findLabelIssues.js";
export { type ClassOverlap, findOverlappingClasses } from "./findOverlappingClasses.js";
export { type ForgettingEvents, forgettingEvents } from "./forgettingEvents.js";
export { type HealthSummary, healthSummary } from "./healthSummary.js";
export { type IncvOptions, type IncvResult, type IncvRound, incv } from "./incv.js";
export { type KnnGraphOptions, knnGraph } from "./knnGraph.js";
export {
  type KnnGraph,
  type KnnOutlierOptions,
  type KnnOutlierResult,
  knnOutlierScores,
} from "./knnOutlierScores.js";
export {
  LABEL_QUALITY_METHODS,
  type LabelQualityMethod,
  type LabelQualityScoresOptions,
  labelQualityScores,
} from "./labelQualityScores.js";
export { type NearDuplicateIssues, nearDuplicateIssues } from "./nearDuplicateIssues.js";
export { type NearDuplicatePairsOptions, nearDuplicatePairs } from "./nearDuplicatePairs.js";
export { type NoiseTransition, noiseTransition } from "./noiseTransition.js";
export {
  type FitPredict,
  type NoisyCrossValidationOptions,
  type NoisyCrossValidationResult,
  noisyCrossValidation,
  symmetricNoiseFromAgreement,
} from "./noisyCrossValidation.js";
export { type NumIssuesMethod, numLabelIssues } from "./numLabelIssues.js";
export {
  type PredProbOutlierMethod,
  type PredProbOutlierOptions,
  type PredProbOutlierResult,
  predProbOutlierScores,
} from "./predProbOutlierScores.js";
export { type ClassLabelQuality, rankClassesByLabelQuality } from "./rankClassesByLabelQuality.js";
export {
  type RankLabelIssuesOptions,
  type RankLabelIssuesResult,
  rankLabelIssues,
} from "./rankLabelIssues.js";
export {
  conjugateGradients,
  type InverseHvp,
  type SelfInfluenceOptions,
  type SoftmaxInfluence,
  type SoftmaxInfluenceOptions,
  softmaxInfluence,
  type TestInfluence,
} from "./softmaxInfluence.js";
export {
  type LabelledRows,
  type TracInCheckpoint,
  TracInRecorder,
  tracIn,
  tracInSelfInfluence,
} from "./tracIn.js";
export {
  type CartographyRecord,
  cartographyRecords,
  DynamicsRecorder,
  type EpochLogits,
  goldProbabilities,
  type TrainingDynamics,
  trainingDynamics,
} from "./trainingDynamics.js";
