export { labelsToReach } from "./labelsToReach.js";
export { learningCurveArea } from "./learningCurveArea.js";
export {
  type ActiveLearningSimulationOptions,
  type FitContext,
  type LearningCurve,
  simulateActiveLearning,
} from "./simulateActiveLearning.js";
