import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { createRng, type Rng, type Seed } from "../random/rng.js";
import { edaClean } from "./edaClean.js";
import { EDA_STOPWORDS } from "./stopwords.js";
import type { Thesaurus } from "./thesaurus.js";

/** The four EDA operations, as stored in `EdaResult.operation`. */
export const EDA_OPERATIONS = [
  "synonym-replacement",
  "random-insertion",
  "random-swap",
  "random-deletion",
] as const;

/** One of `EDA_OPERATIONS`. */
export type EdaOperation = (typeof EDA_OPERATIONS)[number];

/** Options for `eda`. */
export interface EdaOptions {
  /** Synonyms for replacement and insertion (WordNet through @vox/io's `readWordNet`). Required. */
  thesaurus: Thesaurus;
  /** Augmented sentences per input sentence. Default 9 (EDA's code); the paper suggests 16 at 500 examples, 4 at 5000+. */
  n?: number;
  /** Share of words replaced by synonyms: n_sr = max(1, ⌊α·words⌋). Default 0.1. */
  alphaSr?: number;
  /** Share of words inserted: n_ri = max(1, ⌊α·words⌋). Default 0.1. */
  alphaRi?: number;
  /** Share of words swapped: n_rs = max(1, ⌊α·words⌋). Default 0.1. */
  alphaRs?: number;
  /** Probability that random deletion removes each word. Default 0.1. */
  pRd?: number;
  /** Words never replaced nor used to find an insertion. Default `EDA_STOPWORDS` (EDA's list). */
  stopwords?: ReadonlySet<string>;
  /** Default 0. */
  seed?: Seed;
}

/** Augmented sentences with the input each came from. */
export interface EdaResult {
  /** Augmented sentences, cleaned as EDA cleans (lower-case a–z and single spaces), grouped by source in input order. */
  texts: string[];
  /** Index of the input sentence each augmented sentence came from. */
  source: Int32Array;
  /** Index into `EDA_OPERATIONS` of the operation that made it. */
  operation: Uint8Array;
}

/** EDA's normalisation of a thesaurus entry: spaces for underscores and hyphens, lower case, a–z and spaces only. */
function cleanSynonym(s: string): string {
  return s
    .replace(/[_-]/g, " ")
    .toLowerCase()
    .replace(/[^a-z ]/g, "")
    .replace(/ +/g, " ")
    .trim();
}

/**
 * Easy Data Augmentation (Wei & Zou 2019, "EDA: Easy Data Augmentation Techniques for Boosting Performance on Text
 * Classification Tasks", EMNLP): from each sentence, ⌊n/4⌋+1 sentences per operation (synonym replacement, random
 * insertion, random swap, random deletion), shuffled and cut to n, as the authors' code does. Stopwords are never
 * replaced; insertions take a random synonym of a random non-stopword (the paper's wording; the authors' code also
 * tries stopwords). A sentence with no words yields nothing. O(n · words) per sentence plus thesaurus look-ups, each
 * cached for the call.
 */
export function eda(texts: readonly string[], options: EdaOptions): EdaResult {
  const { thesaurus, n = 9, alphaSr = 0.1, alphaRi = 0.1, alphaRs = 0.1, pRd = 0.1, seed = 0 } = options;
  const stopwords = options.stopwords ?? EDA_STOPWORDS;
  assertInteger(n, "n", { min: 0, max: 10_000 });
  for (const [name, v] of [
    ["alphaSr", alphaSr],
    ["alphaRi", alphaRi],
    ["alphaRs", alphaRs],
    ["pRd", pRd],
  ] as const)
    assertFiniteInRange(v, name, { min: 0, max: 1 });
  const rng = createRng(seed);
  const cache = new Map<string, string[]>();
  const synonyms = (word: string): string[] => {
    let s = cache.get(word);
    if (!s) {
      const set = new Set<string>();
      for (const raw of thesaurus.synonyms(word)) {
        const c = cleanSynonym(raw);
        if (c !== "" && c !== word) set.add(c);
      }
      s = [...set];
      cache.set(word, s);
    }
    return s;
  };
  const out: string[] = [];
  const source: number[] = [];
  const operation: number[] = [];
  const perOp = Math.floor(n / 4) + 1;
  for (let i = 0; i < texts.length; i++) {
    if (n === 0) break;
    const cleaned = edaClean(texts[i]!);
    if (cleaned === "") continue;
    const words = cleaned.split(" ");
    const count = words.length;
    const nSr = Math.max(1, Math.floor(alphaSr * count));
    const nRi = Math.max(1, Math.floor(alphaRi * count));
    const nRs = Math.max(1, Math.floor(alphaRs * count));
    const made: string[] = [];
    const ops: number[] = [];
    for (let k = 0; k < perOp; k++) {
      made.push(synonymReplacement(words, { n: nSr, rng, synonyms, stopwords }));
      ops.push(0);
    }
    for (let k = 0; k < perOp; k++) {
      made.push(randomInsertion(words, { n: nRi, rng, synonyms, stopwords }));
      ops.push(1);
    }
    for (let k = 0; k < perOp; k++) {
      made.push(randomSwap(words, nRs, rng));
      ops.push(2);
    }
    for (let k = 0; k < perOp; k++) {
      made.push(randomDeletion(words, pRd, rng));
      ops.push(3);
    }
    const order = rng.permutation(made.length);
    for (let k = 0; k < n; k++) {
      out.push(edaClean(made[order[k]!]!));
      source.push(i);
      operation.push(ops[order[k]!]!);
    }
  }
  return { texts: out, source: Int32Array.from(source), operation: Uint8Array.from(operation) };
}

interface OpContext {
  n: number;
  rng: Rng;
  synonyms: (word: string) => string[];
  stopwords: ReadonlySet<string>;
}

/** Replaces every occurrence of up to n distinct non-stopwords, in random order, by a random synonym of each. */
function synonymReplacement(words: readonly string[], ctx: OpContext): string {
  const candidates = [...new Set(words.filter((w) => !ctx.stopwords.has(w)))];
  ctx.rng.shuffle(candidates);
  const replacement = new Map<string, string>();
  for (const w of candidates) {
    if (replacement.size >= ctx.n) break;
    const syn = ctx.synonyms(w);
    if (syn.length > 0) replacement.set(w, syn[ctx.rng.int(syn.length)]!);
  }
  return words.map((w) => replacement.get(w) ?? w).join(" ");
}

/** n times: a random synonym of a random non-stopword, inserted at a random position (10 tries to find a word). */
function randomInsertion(words: readonly string[], ctx: OpContext): string {
  const out = words.slice();
  const content = words.filter((w) => !ctx.stopwords.has(w));
  if (content.length === 0) return out.join(" ");
  for (let k = 0; k < ctx.n; k++) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const syn = ctx.synonyms(content[ctx.rng.int(content.length)]!);
      if (syn.length === 0) continue;
      out.splice(ctx.rng.int(out.length), 0, syn[ctx.rng.int(syn.length)]!);
      break;
    }
  }
  return out.join(" ");
}

/** n times: swaps two random positions (EDA gives up on a swap after 3 draws of the same position). */
function randomSwap(words: readonly string[], n: number, rng: Rng): string {
  const out = words.slice();
  for (let k = 0; k < n; k++) {
    const a = rng.int(out.length);
    let b = a;
    for (let tries = 0; b === a && tries <= 3; tries++) b = rng.int(out.length);
    if (b === a) continue;
    const t = out[a]!;
    out[a] = out[b]!;
    out[b] = t;
  }
  return out.join(" ");
}

/** Deletes each word with probability p; keeps one random word if all went; a one-word sentence stays. */
function randomDeletion(words: readonly string[], p: number, rng: Rng): string {
  if (words.length === 1) return words[0]!;
  const kept = words.filter(() => rng.float() > p);
  return kept.length > 0 ? kept.join(" ") : words[rng.int(words.length)]!;
}
