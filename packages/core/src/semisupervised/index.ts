export {
  affinityGraph,
  type Graph,
  type GraphKernel,
  type GraphOptions,
  type GraphSslResult,
} from "./graph.js";
export { type LabelPropagationOptions, labelPropagation } from "./labelPropagation.js";
export { type LabelSpreadingOptions, labelSpreading } from "./labelSpreading.js";
