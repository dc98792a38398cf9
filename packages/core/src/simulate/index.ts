export { type SimulateCrowdOptions, type SimulatedCrowd, simulateCrowd } from "./simulateCrowd.js";
