export { type BinaryRelevanceOptions, binaryRelevance, type MultiLabelResult } from "./binaryRelevance.js";
export { type BradleyTerryOptions, bradleyTerry } from "./bradleyTerry.js";
export { categoricalAggregator, categoricalAggregators } from "./categoricalAggregators.js";
export { type CrowdBradleyTerryOptions, crowdBradleyTerry } from "./crowdBradleyTerry.js";
export { type DawidSkeneOptions, dawidSkene, type EmStopping } from "./dawidSkene.js";
export {
  type EncodeMultiLabelOptions,
  encodeMultiLabel,
  type MultiLabelAnnotations,
} from "./encodeMultiLabel.js";
export { type GladOptions, glad } from "./glad.js";
export { type GoldMajorityVoteOptions, goldMajorityVote } from "./goldMajorityVote.js";
export { type KosOptions, kos } from "./kos.js";
export { type MaceOptions, mace } from "./mace.js";
export { type MajorityVoteOptions, majorityVote } from "./majorityVote.js";
export type { NumericOptions } from "./numericInternal.js";
export { type NumericMeanOptions, numericMean } from "./numericMean.js";
export { type NumericMedianOptions, numericMedian } from "./numericMedian.js";
export { type NumericTrimmedMeanOptions, numericTrimmedMean } from "./numericTrimmedMean.js";
export { type OneCoinDawidSkeneOptions, oneCoinDawidSkene } from "./oneCoinDawidSkene.js";
export type { TieHandling } from "./pairwiseInternal.js";
export { type RaterBiasPrecisionOptions, raterBiasPrecision } from "./raterBiasPrecision.js";
export { type LabelScores, scoreLabels } from "./scoreLabels.js";
export { type RankingScores, scoreRanking } from "./scoreRanking.js";
export { scoreValues, type ValueScores } from "./scoreValues.js";
export type {
  AggregateResult,
  CategoricalAggregator,
  CategoricalOptions,
  NumericAggregateResult,
  RankingResult,
  RaterParameters,
  TiePolicy,
} from "./types.js";
export { type WawaOptions, wawa } from "./wawa.js";
export { type WeightedMajorityVoteOptions, weightedMajorityVote } from "./weightedMajorityVote.js";
export { type ZeroBasedSkillOptions, zeroBasedSkill } from "./zeroBasedSkill.js";
