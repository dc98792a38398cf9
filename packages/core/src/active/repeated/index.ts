export { labelUncertainty } from "./labelUncertainty.js";
export {
  type ItemRaters,
  type ItemScore,
  type LabelRequests,
  type RaterChoice,
  type RepeatedLabelingOptions,
  repeatedLabelingRequests,
} from "./repeatedLabelingRequests.js";
export { type ReplayCurve, type ReplayOptions, replayRepeatedLabeling } from "./replayRepeatedLabeling.js";
