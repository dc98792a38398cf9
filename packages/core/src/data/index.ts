export {
  type Annotations,
  AnnotationsBuilder,
  type AnnotationsBuilderOptions,
  createAnnotations,
  encodeAnnotations,
  judgmentAt,
  selectJudgments,
} from "./annotations.js";
export { CodeTable } from "./codeTable.js";
export { type Comparisons, ComparisonsBuilder, Outcome, type OutcomeCode } from "./comparisons.js";
export { type EncodedGold, encodeGold } from "./gold.js";
export { type Groups, groupBy } from "./groupBy.js";
export { GrowableFloat64, GrowableInt32 } from "./growable.js";
export { judgmentValues, NumericLabelError, parseNumber } from "./numeric.js";
export {
  type DuplicatePolicy,
  duplicateMask,
  type RepeatedJudgments,
  repeatedJudgments,
} from "./repeatedJudgments.js";
export { type AnnotationsSummary, type CountStats, summarizeAnnotations } from "./summarize.js";
