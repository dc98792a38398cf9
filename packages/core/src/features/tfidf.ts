import { GrowableInt32 } from "../data/growable.js";
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { CsrMatrix } from "../linalg/csr.js";
import { type AnalyzerOptions, analyzeText, createAnalyzer } from "./analyze.js";
import { countMatrix, inverseDocumentFrequency, type WeightingOptions, weightCounts } from "./weighting.js";

/** Options for `fitTfidf`: scikit-learn's TfidfVectorizer, same names in camelCase, same defaults. */
export interface TfidfOptions extends AnalyzerOptions, WeightingOptions {
  /**
   * Drop terms in fewer documents than this: an integer ≥ 1 is a document count, a number in [0, 1) a share of the
   * documents (scikit-learn's float min_df). Default 1.
   */
  minDf?: number;
  /**
   * Drop terms in more documents than this: a number in (0, 1] is a share of the documents (1 = no limit,
   * scikit-learn's max_df=1.0), an integer > 1 a document count. scikit-learn's integer max_df=1 has no spelling
   * here. Default 1.
   */
  maxDf?: number;
  /** Keep only the terms with the largest total counts (ties: alphabetical order). Default: all. */
  maxFeatures?: number;
  /** Multiply by the inverse document frequency. Default true. */
  useIdf?: boolean;
  /** Smooth the idf as if one extra document held every term once. Default true. */
  smoothIdf?: boolean;
}

/** A fitted TF-IDF vectorizer: the vocabulary (column j is term `vocabulary[j]`) and the idf weights. */
export interface TfidfVectorizer {
  readonly kind: "tfidf";
  /** The analyzer and weighting settings used at fit time (applied again by `transformTfidf`). */
  readonly options: Omit<TfidfOptions, "minDf" | "maxDf" | "maxFeatures" | "smoothIdf">;
  /** Terms in column order (sorted by Unicode code point, as scikit-learn sorts them). */
  readonly vocabulary: readonly string[];
  /** Idf weight of each column; absent with useIdf: false. */
  readonly idf?: Float64Array | undefined;
}

/** Result of `fitTfidf`. */
export interface FitTfidfResult {
  vectorizer: TfidfVectorizer;
  /** The documents' TF-IDF matrix (documents × vocabulary), as `transformTfidf` would give. */
  matrix: CsrMatrix;
  /** Terms dropped by minDf, maxDf or maxFeatures. */
  removedTerms: number;
}

/** Orders strings by Unicode code point (Python's order; plain `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800–DFFF) encode code points above FFFF, so they sort after E000–FFFF.
    const sx = x >= 0xd800 && x <= 0xdfff ? x + 0x2000 : x >= 0xe000 ? x - 0x800 : x;
    const sy = y >= 0xd800 && y <= 0xdfff ? y + 0x2000 : y >= 0xe000 ? y - 0x800 : y;
    return sx - sy;
  }
  return a.length - b.length;
}

/** Document-count threshold from a count-or-share option (see TfidfOptions). */
function threshold(value: number, docs: number, o: { name: string; shareUpToOne: boolean }): number {
  const { name, shareUpToOne } = o;
  assertFiniteInRange(value, name, { min: 0 });
  const isShare = shareUpToOne ? value <= 1 : value < 1;
  if (isShare) return value * docs;
  assertInteger(value, name);
  return value;
}

/**
 * Learns a vocabulary and idf weights from documents and returns their TF-IDF matrix, as scikit-learn's
 * `TfidfVectorizer.fit_transform`: terms from `analyzeText`, counts tf, optionally 1 + ln(tf), times
 * idf = ln((1 + n)/(1 + df)) + 1, each row scaled to unit L2 norm (Salton & Buckley 1988 for the weighting).
 * O(total terms · log) time; the matrix is CSR with sorted column indices.
 */
export function fitTfidf(docs: readonly string[], options: TfidfOptions = {}): FitTfidfResult {
  const { minDf = 1, maxDf = 1, maxFeatures, useIdf = true, smoothIdf = true, ...rest } = options;
  const analyzer = createAnalyzer(options);
  if (maxFeatures !== undefined) assertInteger(maxFeatures, "maxFeatures", { min: 1 });
  const n = docs.length;
  const low = threshold(minDf, n, { name: "minDf", shareUpToOne: false });
  const high = threshold(maxDf, n, { name: "maxDf", shareUpToOne: true });
  // Pass 1: terms → provisional ids in order of appearance.
  const stream = new GrowableInt32(1 << 16);
  const offsets = new Int32Array(n + 1);
  const lookup = new Map<string, number>();
  const terms: string[] = [];
  const buffer: string[] = [];
  for (let i = 0; i < n; i++) {
    buffer.length = 0;
    for (const t of analyzeText(docs[i]!, analyzer, buffer)) {
      let id = lookup.get(t);
      if (id === undefined) {
        id = terms.length;
        lookup.set(t, id);
        terms.push(t);
      }
      stream.push(id);
    }
    offsets[i + 1] = stream.length;
  }
  const ids = stream.toArray();
  // Document frequency and total count per provisional id.
  const v = terms.length;
  const df = new Int32Array(v);
  const tf = new Float64Array(v);
  const seen = new Int32Array(v).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let t = offsets[i]!; t < offsets[i + 1]!; t++) {
      const id = ids[t]!;
      tf[id]!++;
      if (seen[id] !== i) {
        seen[id] = i;
        df[id]!++;
      }
    }
  }
  // Alphabetical order, then the df window, then the maxFeatures most frequent (ties keep alphabetical order).
  const alpha = Array.from({ length: v }, (_, id) => id).sort((a, b) =>
    compareCodePoints(terms[a]!, terms[b]!),
  );
  let kept = alpha.filter((id) => df[id]! >= low && df[id]! <= high);
  if (maxFeatures !== undefined && kept.length > maxFeatures) {
    const rank = new Int32Array(v);
    kept.forEach((id, r) => {
      rank[id] = r;
    });
    const top = [...kept].sort((a, b) => tf[b]! - tf[a]! || rank[a]! - rank[b]!).slice(0, maxFeatures);
    const keep = new Uint8Array(v);
    for (const id of top) keep[id] = 1;
    kept = kept.filter((id) => keep[id] === 1);
  }
  if (kept.length === 0)
    throw new RangeError("no terms remain after minDf/maxDf pruning: lower minDf or raise maxDf");
  const column = new Int32Array(v).fill(-1);
  kept.forEach((id, j) => {
    column[id] = j;
  });
  const mapped = new Int32Array(ids.length);
  for (let t = 0; t < ids.length; t++) mapped[t] = column[ids[t]!]!;
  const counts = countMatrix({ ids: mapped, offsets, cols: kept.length });
  const idf = useIdf ? inverseDocumentFrequency(counts, smoothIdf) : undefined;
  const vectorizer: TfidfVectorizer = {
    kind: "tfidf",
    options: { ...rest, useIdf },
    vocabulary: kept.map((id) => terms[id]!),
    idf,
  };
  return { vectorizer, matrix: weightCounts(counts, { ...rest, idf }), removedTerms: v - kept.length };
}

const lookups = new WeakMap<TfidfVectorizer, Map<string, number>>();

/** The TF-IDF matrix of new documents with a fitted vectorizer (terms outside the vocabulary are ignored). */
export function transformTfidf(vectorizer: TfidfVectorizer, docs: readonly string[]): CsrMatrix {
  let lookup = lookups.get(vectorizer);
  if (!lookup) {
    lookup = new Map(vectorizer.vocabulary.map((t, j) => [t, j]));
    lookups.set(vectorizer, lookup);
  }
  const analyzer = createAnalyzer(vectorizer.options);
  const ids = new GrowableInt32(1 << 12);
  const offsets = new Int32Array(docs.length + 1);
  const buffer: string[] = [];
  for (let i = 0; i < docs.length; i++) {
    buffer.length = 0;
    for (const t of analyzeText(docs[i]!, analyzer, buffer)) {
      const j = lookup.get(t);
      if (j !== undefined) ids.push(j);
    }
    offsets[i + 1] = ids.length;
  }
  const counts = countMatrix({ ids: ids.toArray(), offsets, cols: vectorizer.vocabulary.length });
  return weightCounts(counts, { ...vectorizer.options, idf: vectorizer.idf });
}
