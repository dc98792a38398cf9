export { createLoss, validationLoss } from "./createLoss.js";
export { crossEntropyLoss } from "./crossEntropyLoss.js";
export { checkTransition, forwardCorrectedLoss } from "./forwardCorrectedLoss.js";
export { type GeneralizedCrossEntropyOptions, generalizedCrossEntropy } from "./generalizedCrossEntropy.js";
export { type LabelSmoothingOptions, labelSmoothingLoss } from "./labelSmoothingLoss.js";
export { meanAbsoluteError } from "./meanAbsoluteError.js";
export {
  type AnnealedLoss,
  type NoisyLabelAnnealingOptions,
  noisyLabelAnnealing,
} from "./noisyLabelAnnealing.js";
export { type SymmetricCrossEntropyOptions, symmetricCrossEntropy } from "./symmetricCrossEntropy.js";
export { LOSS_KINDS, type LossFunction, type LossOptions, type LossSpec } from "./types.js";
