export { type EceOptions, type EceResult, expectedCalibrationError } from "./expectedCalibrationError.js";
export {
  type HistogramBinningOptions,
  type HistogramBinningResult,
  histogramBinning,
} from "./histogramBinning.js";
export {
  applyTemperature,
  type TemperatureScalingOptions,
  type TemperatureScalingResult,
  temperatureScaling,
  temperatureScalingOfProbabilities,
} from "./temperatureScaling.js";
