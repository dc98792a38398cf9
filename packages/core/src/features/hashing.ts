import { GrowableInt32 } from "../data/growable.js";
import { assertInteger } from "../errors/assert.js";
import type { CsrMatrix } from "../linalg/csr.js";
import { type AnalyzerOptions, analyzeText, createAnalyzer } from "./analyze.js";
import { murmurhash3String } from "./murmurhash3.js";
import { countMatrix, inverseDocumentFrequency, type WeightingOptions, weightCounts } from "./weighting.js";

/** Options for feature hashing: scikit-learn's HashingVectorizer, plus optional idf weighting. */
export interface HashingOptions extends AnalyzerOptions, WeightingOptions {
  /** Number of columns. Default 2^20. */
  features?: number;
  /** Give each term the sign of its hash, so colliding terms tend to cancel (Weinberger et al. 2009). Default true. */
  alternateSign?: boolean;
  /**
   * Learn idf weights from the documents given to `fitHashing` (scikit-learn: HashingVectorizer followed by a
   * TfidfTransformer). Default false: the features are stateless.
   */
  useIdf?: boolean;
}

/** A feature-hashing vectorizer: its settings, and the idf weights when `useIdf` was set. */
export interface HashingVectorizer {
  readonly kind: "hashing";
  readonly options: Omit<HashingOptions, "features"> & { features: number };
  readonly idf?: Float64Array | undefined;
}

/** Hashed term counts (signed with alternateSign), before any weighting. */
function hashedCounts(docs: readonly string[], options: HashingVectorizer["options"]): CsrMatrix {
  const analyzer = createAnalyzer(options);
  const { features, alternateSign = true } = options;
  const ids = new GrowableInt32(1 << 12);
  const signs: number[] = [];
  const offsets = new Int32Array(docs.length + 1);
  const buffer: string[] = [];
  for (let i = 0; i < docs.length; i++) {
    buffer.length = 0;
    for (const t of analyzeText(docs[i]!, analyzer, buffer)) {
      const h = murmurhash3String(t);
      // |−2^31| overflows int32; scikit-learn defines its column as (2^31 − 1 − (features − 1)) mod features.
      ids.push(h === -2147483648 ? (2147483647 - (features - 1)) % features : Math.abs(h) % features);
      if (alternateSign) signs.push(h >= 0 ? 1 : -1);
    }
    offsets[i + 1] = ids.length;
  }
  return countMatrix({
    ids: ids.toArray(),
    offsets,
    cols: features,
    signs: alternateSign ? Int8Array.from(signs) : undefined,
  });
}

/**
 * Feature hashing (Weinberger et al. 2009, "Feature hashing for large scale multitask learning"): each term goes
 * to column |murmurhash3(term)| mod `features`, with the hash's sign when alternateSign is set, exactly as
 * scikit-learn's HashingVectorizer; then tf/idf weighting and row normalisation. No vocabulary is stored, so the
 * memory is O(nnz) whatever the number of distinct terms. O(total terms · log) time.
 */
export function fitHashing(
  docs: readonly string[],
  options: HashingOptions = {},
): { vectorizer: HashingVectorizer; matrix: CsrMatrix } {
  const { features = 1 << 20, useIdf = false } = options;
  assertInteger(features, "features", { min: 1, max: 2 ** 31 - 1 });
  const settings = { ...options, features, useIdf };
  const counts = hashedCounts(docs, settings);
  const idf = useIdf ? inverseDocumentFrequency(counts, true) : undefined;
  return {
    vectorizer: { kind: "hashing", options: settings, idf },
    matrix: weightCounts(counts, { ...settings, idf }),
  };
}

/** Hashed features of new documents with the settings (and idf) of a hashing vectorizer. */
export function transformHashing(vectorizer: HashingVectorizer, docs: readonly string[]): CsrMatrix {
  const counts = hashedCounts(docs, vectorizer.options);
  return weightCounts(counts, { ...vectorizer.options, idf: vectorizer.idf });
}
