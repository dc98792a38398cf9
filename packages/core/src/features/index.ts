export { type Analyzer, type AnalyzerOptions, analyzeText, createAnalyzer } from "./analyze.js";
export { fitHashing, type HashingOptions, type HashingVectorizer, transformHashing } from "./hashing.js";
export { murmurhash3, murmurhash3String } from "./murmurhash3.js";
export { decodeVectorizer, type EncodedVectorizer, encodeVectorizer, type Vectorizer } from "./serialize.js";
export {
  compareCodePoints,
  type FitTfidfResult,
  fitTfidf,
  type TfidfOptions,
  type TfidfVectorizer,
  transformTfidf,
} from "./tfidf.js";
export {
  svdTransform,
  symmetricEigen,
  type TruncatedSvd,
  type TruncatedSvdOptions,
  type TruncatedSvdResult,
  truncatedSvd,
} from "./truncatedSvd.js";
export { inverseDocumentFrequency, type WeightingOptions, weightCounts } from "./weighting.js";
