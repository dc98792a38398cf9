export {
  affinityGraph,
  type Graph,
  type GraphKernel,
  type GraphOptions,
  type GraphSslResult,
} from "./graph.js";
export { type LabelPropagationOptions, labelPropagation } from "./labelPropagation.js";
export { type LabelSpreadingOptions, labelSpreading } from "./labelSpreading.js";
export {
  type SelfTrainingCriterion,
  type SelfTrainingOptions,
  type SelfTrainingResult,
  selfTraining,
} from "./selfTraining.js";
