export { badgeStrategy, predictedLabelResiduals } from "./badge.js";
export { baldScores, baldStrategy } from "./bald.js";
export { batchBaldStrategy } from "./batchBald.js";
export { classBalancedStrategy } from "./classBalanced.js";
export { clusterMarginStrategy } from "./clusterMargin.js";
export { coldStartStrategy } from "./coldStart.js";
export { committeeProbs } from "./committee.js";
export { consensusKlStrategy } from "./consensusKl.js";
export {
  checkSelection,
  contextModel,
  defineStrategy,
  probsOf,
  type ResolvedContext,
  resolveContext,
  type StrategySpec,
} from "./context.js";
export { contrastiveStrategy } from "./contrastive.js";
export { coreSetStrategy, kCenterGreedy } from "./coreSet.js";
export { discriminativeStrategy } from "./discriminative.js";
export {
  densify,
  forEachDistanceBlock,
  nearestReference,
  nearestReferences,
  sqDistanceBlock,
} from "./distances.js";
export { entropyStrategy } from "./entropy.js";
export { expectedGradientLengthStrategy } from "./expectedGradientLength.js";
export { informationDensityStrategy } from "./informationDensity.js";
export { type KMeansResult, kMeans } from "./kMeans.js";
export { leastConfidenceStrategy } from "./leastConfidence.js";
export { marginStrategy } from "./margin.js";
export { randomStrategy } from "./random.js";
export { topByScore } from "./rank.js";
export { getQueryStrategy, queryStrategies } from "./registry.js";
export type { QueryContext, QueryInput, QueryOptions, QuerySelection, QueryStrategy } from "./types.js";
export { type UncertaintyMeasure, uncertaintySampling, uncertaintyScores } from "./uncertainty.js";
export { voteEntropyStrategy } from "./voteEntropy.js";
