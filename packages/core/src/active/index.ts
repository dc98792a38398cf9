export {
  checkSelection,
  contextModel,
  defineStrategy,
  probsOf,
  type ResolvedContext,
  resolveContext,
  type StrategySpec,
} from "./context.js";
export { entropyStrategy } from "./entropy.js";
export { leastConfidenceStrategy } from "./leastConfidence.js";
export { marginStrategy } from "./margin.js";
export { randomStrategy } from "./random.js";
export { topByScore } from "./rank.js";
export { getQueryStrategy, queryStrategies } from "./registry.js";
export type { QueryContext, QueryInput, QueryOptions, QuerySelection, QueryStrategy } from "./types.js";
export { type UncertaintyMeasure, uncertaintySampling, uncertaintyScores } from "./uncertainty.js";
