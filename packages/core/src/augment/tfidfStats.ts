import { whitespaceTokens } from "./tokenize.js";

/** Corpus statistics for TF-IDF word replacement. */
export interface TfidfStats {
  /** Number of documents counted. */
  documents: number;
  /** Distinct words, in order of first appearance. */
  vocabulary: string[];
  /** Word → index into `vocabulary`. */
  index: Map<string, number>;
  /** idf(w) = ln(N / df(w)), df = number of documents containing w. */
  idf: Float64Array;
  /** Corpus TF-IDF score of each word: Σ over documents of tf(w, d) · idf(w), tf = count / length of d. */
  score: Float64Array;
}

/**
 * IDF and corpus TF-IDF scores of every word, as UDA defines them (Xie et al. 2020, "Unsupervised Data Augmentation
 * for Consistency Training", NeurIPS; `get_data_stats` in google-research/uda). Words are whitespace tokens taken as
 * they are (no case folding). O(total tokens).
 */
export function tfidfStats(texts: readonly string[]): TfidfStats {
  const index = new Map<string, number>();
  const vocabulary: string[] = [];
  let df = new Int32Array(1024);
  let tfSum = new Float64Array(1024);
  const lastDoc: number[] = [];
  for (let d = 0; d < texts.length; d++) {
    const words = whitespaceTokens(texts[d]!);
    const inv = 1 / words.length;
    for (const w of words) {
      let id = index.get(w);
      if (id === undefined) {
        id = vocabulary.length;
        index.set(w, id);
        vocabulary.push(w);
        lastDoc.push(-1);
        if (id >= df.length) {
          const grown = new Int32Array(df.length * 2);
          grown.set(df);
          df = grown;
          const t = new Float64Array(tfSum.length * 2);
          t.set(tfSum);
          tfSum = t;
        }
      }
      if (lastDoc[id] !== d) {
        lastDoc[id] = d;
        df[id]!++;
      }
      tfSum[id]! += inv;
    }
  }
  const v = vocabulary.length;
  const idf = new Float64Array(v);
  const score = new Float64Array(v);
  for (let k = 0; k < v; k++) {
    idf[k] = Math.log(texts.length / df[k]!);
    score[k] = tfSum[k]! * idf[k]!;
  }
  return { documents: texts.length, vocabulary, index, idf, score };
}
