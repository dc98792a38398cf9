export { budgetStop } from "./budget.js";
export { maxConfidenceStop } from "./maxConfidence.js";
export { overallUncertaintyStop } from "./overallUncertainty.js";
export { predictionKappa, stabilizingPredictions } from "./stabilizingPredictions.js";
export type { StopDecision } from "./types.js";
