export { accuracy } from "./accuracy.js";
export { calibrationError } from "./calibrationError.js";
export { confusionMatrix } from "./confusionMatrix.js";
export { auroc, precisionAtK } from "./detection.js";
export {
  type DeconvolutionOptions,
  type DeconvolutionResult,
  type DeconvolvedAccuracy,
  disagreementDeconvolution,
} from "./disagreementDeconvolution.js";
export { type LogLossOptions, logLoss } from "./logLoss.js";
export { type MacroF1Options, type MacroF1Result, macroF1 } from "./macroF1.js";
