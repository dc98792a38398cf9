import { assertInteger } from "../errors/assert.js";
import { whitespaceTokens } from "./tokenize.js";

/** Options for `selfBleu`. */
export interface SelfBleuOptions {
  /** Highest n-gram order, with uniform weights 1/n. Default 4. */
  n?: number;
  /** Smoothing for orders with no match (NLTK's method1): (0 + ε) / count. Default 0.1. */
  epsilon?: number;
}

/** Self-BLEU of a set of texts. */
export interface SelfBleuResult {
  /** Mean sentence BLEU of each text against all the others. Lower means more diverse. */
  score: number;
  /** Sentence BLEU of each text against the others. */
  perText: Float64Array;
}

/**
 * Self-BLEU (Zhu et al. 2018, "Texygen: A Benchmarking Platform for Text Generation Models", SIGIR): each text is
 * scored with sentence BLEU (Papineni et al. 2002) against all the other texts as references, and the scores are
 * averaged; as in Texygen (NLTK `sentence_bleu`, uniform weights, smoothing method1, closest reference length for
 * the brevity penalty). Words are whitespace tokens as given. Clipping against "all other texts" needs only, per
 * n-gram, its largest count over all texts, the text holding it and the second largest count, so the whole
 * computation is O(total tokens · n), not quadratic.
 */
export function selfBleu(texts: readonly string[], options: SelfBleuOptions = {}): SelfBleuResult {
  const { n = 4, epsilon = 0.1 } = options;
  assertInteger(n, "n", { min: 1, max: 16 });
  const docs = texts.map(whitespaceTokens);
  // Per n-gram: largest count, the document holding it, and the largest count in any other document.
  const best = new Map<string, { max: number; doc: number; second: number }>();
  const counts = docs.map((words, d) => {
    const c = new Map<string, number>();
    for (let k = 1; k <= n; k++)
      for (let i = 0; i + k <= words.length; i++) {
        const g = words.slice(i, i + k).join("\u0001");
        c.set(g, (c.get(g) ?? 0) + 1);
      }
    for (const [g, v] of c) {
      const b = best.get(g);
      if (!b) best.set(g, { max: v, doc: d, second: 0 });
      else if (v > b.max) {
        b.second = b.max;
        b.max = v;
        b.doc = d;
      } else if (v > b.second) b.second = v;
    }
    return c;
  });
  const lengthCount = new Map<number, number>();
  for (const w of docs) lengthCount.set(w.length, (lengthCount.get(w.length) ?? 0) + 1);
  const maxLength = Math.max(0, ...lengthCount.keys());
  const perText = new Float64Array(docs.length);
  for (let d = 0; d < docs.length; d++) {
    const c = docs[d]!.length;
    if (docs.length < 2 || c === 0) continue;
    const matched = new Float64Array(n + 1);
    const total = new Float64Array(n + 1);
    for (const [g, v] of counts[d]!) {
      const b = best.get(g)!;
      const ref = b.doc === d ? b.second : b.max;
      const k = g.split("\u0001").length;
      matched[k]! += Math.min(v, ref);
      total[k]! += v;
    }
    if (matched[1] === 0) continue; // NLTK: no unigram match scores 0 before smoothing
    let logSum = 0;
    for (let k = 1; k <= n; k++) {
      const denominator = Math.max(1, total[k]!);
      const p = matched[k]! === 0 ? epsilon / denominator : matched[k]! / denominator;
      logSum += Math.log(p) / n;
    }
    // Closest other text's length; ties go to the shorter (NLTK's closest_ref_length).
    let r = c;
    for (let delta = 0; delta <= maxLength + c; delta++) {
      const shorter = c - delta;
      const longer = c + delta;
      const available = (len: number) => (lengthCount.get(len) ?? 0) - (len === c ? 1 : 0) > 0;
      if (shorter >= 0 && available(shorter)) {
        r = shorter;
        break;
      }
      if (available(longer)) {
        r = longer;
        break;
      }
    }
    const bp = c > r ? 1 : Math.exp(1 - r / c);
    perText[d] = bp * Math.exp(logSum);
  }
  let sum = 0;
  for (const v of perText) sum += v;
  return { score: docs.length === 0 ? Number.NaN : sum / docs.length, perText };
}
