export type { WeightedOptions } from "./agreementOptions.js";
export { agreementWeights, type WeightScheme, type Weights } from "./agreementWeights.js";
export {
  type BootstrapOptions,
  type BootstrapResult,
  BootstrapRunner,
  bootstrapStatistics,
  type ItemStatistic,
} from "./bootstrap.js";
export { type BrennanPredigerOptions, brennanPrediger, brennanPredigerStatistic } from "./brennanPrediger.js";
export { type CategoryCounts, categoryCounts, countsFromTable, isCategoryCounts } from "./categoryCounts.js";
export { type ClassAgreementResult, classAgreement } from "./classAgreement.js";
export { type ClassOrder, classPositions, classValues } from "./classPositions.js";
export {
  type CohenKappaOptions,
  type CohenKappaResult,
  cohenKappa,
  cohenKappaStatistic,
} from "./cohenKappa.js";
export { coincidenceMatrix } from "./coincidenceMatrix.js";
export { type CongerKappaOptions, congerKappa, congerKappaStatistic } from "./congerKappa.js";
export { contingencyTable, type PairTable } from "./contingencyTable.js";
export {
  type FleissKappaOptions,
  type FleissKappaResult,
  fleissKappa,
  fleissKappaStatistic,
} from "./fleissKappa.js";
export { type GwetAc1Options, gwetAc1, gwetAc1Statistic } from "./gwetAc1.js";
export { type ItemDisagreementResult, itemDisagreement } from "./itemDisagreement.js";
export {
  type KrippendorffAlphaOptions,
  type KrippendorffAlphaResult,
  krippendorffAlpha,
  krippendorffAlphaStatistic,
  type MeasurementLevel,
} from "./krippendorffAlpha.js";
export {
  type PairwiseKappaOptions,
  type PairwiseKappaResult,
  pairwiseKappa,
  pairwiseKappaStatistic,
  pairwiseMatrix,
} from "./pairwiseKappa.js";
export {
  type PercentAgreementOptions,
  percentAgreement,
  percentAgreementStatistic,
} from "./percentAgreement.js";
export { type RaterAgreementResult, raterAgreement } from "./raterAgreement.js";
export {
  type QualityBasis,
  type RaterQualityOptions,
  type RaterQualityResult,
  raterQuality,
} from "./raterQuality.js";
export { type ReliabilityMatrixOptions, reliabilityMatrix } from "./reliabilityMatrix.js";
export type { AgreementOptions, AgreementResult } from "./result.js";
export { type ScottPiOptions, type ScottPiResult, scottPi, scottPiStatistic } from "./scottPi.js";
export { spammerScore } from "./spammerScore.js";
