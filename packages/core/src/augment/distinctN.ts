import { assertInteger } from "../errors/assert.js";
import { whitespaceTokens } from "./tokenize.js";

/** distinct-n of a set of texts. */
export interface DistinctNResult {
  /** Distinct word n-grams over all texts. */
  distinct: number;
  /** All word n-grams over all texts. */
  total: number;
  /** distinct / total (NaN when there are none). */
  ratio: number;
}

/**
 * distinct-n (Li, Galley, Brockett, Gao & Dolan 2016, "A Diversity-Promoting Objective Function for Neural
 * Conversation Models", NAACL): the share of word n-grams over a set of texts that are distinct. Words are whitespace
 * tokens, lower-cased. Higher means more diverse. O(total tokens · n).
 */
export function distinctN(texts: readonly string[], n = 2): DistinctNResult {
  assertInteger(n, "n", { min: 1, max: 16 });
  const seen = new Set<string>();
  let total = 0;
  for (const text of texts) {
    const words = whitespaceTokens(text.toLowerCase());
    for (let i = 0; i + n <= words.length; i++) {
      seen.add(words.slice(i, i + n).join("\u0001"));
      total++;
    }
  }
  return { distinct: seen.size, total, ratio: total === 0 ? Number.NaN : seen.size / total };
}
