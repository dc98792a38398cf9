import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { createRng, type Seed } from "../random/rng.js";
import { type TfidfStats, tfidfStats } from "./tfidfStats.js";
import { whitespaceTokens } from "./tokenize.js";

/** Options for `tfidfReplace`. */
export interface TfidfReplaceOptions {
  /** Expected share of a sentence's words replaced (UDA's `token_prob`). Default 0.1. */
  p?: number;
  /** Augmented sentences per input sentence. Default 1. */
  n?: number;
  /** Corpus statistics; default: computed from `texts` (`tfidfStats`). Words they do not know get idf ln(N). */
  stats?: TfidfStats;
  /** Default 0. */
  seed?: Seed;
}

/** Augmented sentences with their sources. */
export interface TfidfReplaceResult {
  /** Augmented sentences (words joined by single spaces), grouped by source in input order. */
  texts: string[];
  /** Index of the input sentence each came from. */
  source: Int32Array;
  /** Number of words replaced in each. */
  replaced: Int32Array;
}

/**
 * TF-IDF word replacement (Xie et al. 2020, UDA, §3.2 and appendix): keeps the informative words of a sentence and
 * replaces the uninformative ones. A word with sentence-level TF-IDF s_i is replaced with probability
 * p · L · (max s − s_i) / Σ_j (max s − s_j) (L words; so p·L words are replaced on average, and none when every
 * score is equal); a replacement is drawn from the whole vocabulary with probability ∝ max S − S(w), S the corpus
 * TF-IDF score, so uninformative words are likely replacements too. O(V) set-up, then O(L log V) per sentence.
 */
export function tfidfReplace(
  texts: readonly string[],
  options: TfidfReplaceOptions = {},
): TfidfReplaceResult {
  const { p = 0.1, n = 1, seed = 0 } = options;
  assertFiniteInRange(p, "p", { min: 0, max: 1 });
  assertInteger(n, "n", { min: 0, max: 10_000 });
  const stats = options.stats ?? tfidfStats(texts);
  const v = stats.vocabulary.length;
  // Cumulative sampling weights for replacements: max S − S(w).
  let maxScore = -Infinity;
  for (let k = 0; k < v; k++) if (stats.score[k]! > maxScore) maxScore = stats.score[k]!;
  const cumulative = new Float64Array(v);
  let total = 0;
  for (let k = 0; k < v; k++) {
    total += maxScore - stats.score[k]!;
    cumulative[k] = total;
  }
  const rng = createRng(seed);
  const drawWord = (): string => {
    if (!(total > 0)) return stats.vocabulary[rng.int(v)]!;
    const r = rng.float() * total;
    let lo = 0;
    let hi = v - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return stats.vocabulary[lo]!;
  };
  const unknownIdf = Math.log(Math.max(stats.documents, 1));
  const out: string[] = [];
  const source: number[] = [];
  const replaced: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    const words = whitespaceTokens(texts[i]!);
    const L = words.length;
    if (L === 0 || n === 0) continue;
    // Sentence-level TF-IDF: (count in sentence / L) · idf.
    const local = new Map<string, number>();
    for (const w of words) {
      const id = stats.index.get(w);
      const idf = id === undefined ? unknownIdf : stats.idf[id]!;
      local.set(w, (local.get(w) ?? 0) + idf / L);
    }
    const s = new Float64Array(L);
    let max = -Infinity;
    for (let k = 0; k < L; k++) {
      s[k] = local.get(words[k]!)!;
      if (s[k]! > max) max = s[k]!;
    }
    let sum = 0;
    for (let k = 0; k < L; k++) sum += max - s[k]!;
    for (let c = 0; c < n; c++) {
      const next = words.slice();
      let count = 0;
      for (let k = 0; k < L; k++) {
        const prob = sum > 0 ? ((max - s[k]!) / sum) * p * L : 0;
        // Draw for every word, as UDA does, so the stream does not depend on the probabilities.
        if (rng.float() < prob) {
          next[k] = drawWord();
          count++;
        }
      }
      out.push(next.join(" "));
      source.push(i);
      replaced.push(count);
    }
  }
  return { texts: out, source: Int32Array.from(source), replaced: Int32Array.from(replaced) };
}
