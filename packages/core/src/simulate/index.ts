export { type FlipLabelsOptions, type FlipLabelsResult, flipLabels } from "./flipLabels.js";
export { type SimulateCrowdOptions, type SimulatedCrowd, simulateCrowd } from "./simulateCrowd.js";
export { symmetricTransition } from "./symmetricTransition.js";
