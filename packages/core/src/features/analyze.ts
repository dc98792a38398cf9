import { assertInteger } from "../errors/assert.js";

/** How a text becomes terms; the same choices, names and defaults as scikit-learn's text vectorizers. */
export interface AnalyzerOptions {
  /**
   * "word": tokens, then word n-grams joined by one space; "char": character n-grams of the whole text (runs of
   * white space first collapsed to one space); "char_wb": character n-grams inside each white-space-separated word
   * padded with one space on each side. Default "word".
   */
  analyzer?: "word" | "char" | "char_wb";
  /** Smallest and largest n of the n-grams. Default [1, 1]. */
  ngramRange?: readonly [number, number];
  /** Lower-case the text first (JavaScript's toLowerCase, like Python's str.lower). Default true. */
  lowercase?: boolean;
  /**
   * Word tokens (analyzer "word"): a global RegExp whose matches are the tokens. Default: runs of two or more word
   * characters, the equivalent of scikit-learn's `(?u)\b\w\w+\b` (a word character is a Unicode letter or number,
   * or "_", as in Python's `re`).
   */
  tokenPattern?: RegExp;
  /** Tokens removed before n-grams are formed (analyzer "word", compared after lower-casing). Default none. */
  stopWords?: readonly string[];
}

const WORD_RUN = /[\p{L}\p{N}_]+/gu;
const MULTI_SPACE = /\s\s+/gu;

/** Default tokens: maximal runs of word characters that are at least 2 code points long. */
function defaultTokens(text: string, out: string[]): void {
  WORD_RUN.lastIndex = 0;
  for (let m = WORD_RUN.exec(text); m !== null; m = WORD_RUN.exec(text)) {
    const t = m[0];
    // A 2-unit string can be one astral code point, which Python counts as one character.
    if (t.length > 2 || (t.length === 2 && t.codePointAt(0)! <= 0xffff)) out.push(t);
  }
}

/** Validated analyzer settings with defaults applied. */
export interface Analyzer {
  readonly analyzer: "word" | "char" | "char_wb";
  readonly ngramRange: readonly [number, number];
  readonly lowercase: boolean;
  readonly tokenPattern?: RegExp | undefined;
  readonly stopWords?: ReadonlySet<string> | undefined;
}

/** Applies defaults and checks the options (ngramRange: integers with 1 ≤ min ≤ max). */
export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const { analyzer = "word", ngramRange = [1, 1], lowercase = true, tokenPattern, stopWords } = options;
  const [lo, hi] = ngramRange;
  assertInteger(lo, "ngramRange[0]", { min: 1 });
  assertInteger(hi, "ngramRange[1]", { min: lo });
  if (tokenPattern && !tokenPattern.global) throw new TypeError("tokenPattern must have the global (g) flag");
  return {
    analyzer,
    ngramRange: [lo, hi],
    lowercase,
    tokenPattern,
    stopWords: stopWords ? new Set(stopWords) : undefined,
  };
}

/**
 * The terms of one text, appended to `out`, in scikit-learn's order (all n-grams for the smallest n first).
 * Characters are Unicode code points, as in Python. O(length · (max n − min n + 1)).
 */
export function analyzeText(text: string, a: Analyzer, out: string[] = []): string[] {
  const doc = a.lowercase ? text.toLowerCase() : text;
  const [lo, hi] = a.ngramRange;
  switch (a.analyzer) {
    case "word": {
      let tokens: string[] = [];
      if (a.tokenPattern) {
        a.tokenPattern.lastIndex = 0;
        for (const m of doc.matchAll(a.tokenPattern)) tokens.push(m[0]);
      } else defaultTokens(doc, tokens);
      if (a.stopWords) {
        const stop = a.stopWords;
        tokens = tokens.filter((t) => !stop.has(t));
      }
      for (let n = lo; n <= Math.min(hi, tokens.length); n++) {
        if (n === 1) for (const t of tokens) out.push(t);
        else for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(" "));
      }
      return out;
    }
    case "char": {
      const chars = Array.from(doc.replace(MULTI_SPACE, " "));
      for (let n = lo; n <= Math.min(hi, chars.length); n++)
        for (let i = 0; i + n <= chars.length; i++)
          out.push(n === 1 ? chars[i]! : chars.slice(i, i + n).join(""));
      return out;
    }
    case "char_wb": {
      const words = doc.replace(MULTI_SPACE, " ").split(/\s+/u);
      for (const word of words) {
        if (word === "") continue;
        const w = Array.from(` ${word} `);
        for (let n = lo; n <= hi; n++) {
          // scikit-learn counts a word shorter than n once (padded) and skips the larger n.
          let offset = 0;
          out.push(w.slice(0, n).join(""));
          while (offset + n < w.length) {
            offset++;
            out.push(w.slice(offset, offset + n).join(""));
          }
          if (offset === 0) break;
        }
      }
      return out;
    }
  }
}
