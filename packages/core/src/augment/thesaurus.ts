/**
 * Where EDA finds synonyms: any object that lists the synonyms of a word. @vox/io's `readWordNet` returns one backed
 * by WordNet; tests pass a small map. Entries may hold capitals, underscores or hyphens (WordNet lemma names); EDA
 * normalises them.
 */
export interface Thesaurus {
  /** Synonyms of `word` (lower-case, one token), in a stable order; empty when none are known. */
  synonyms(word: string): readonly string[];
}

/** A thesaurus from a plain word → synonyms map (for tests and small custom lists). */
export function mapThesaurus(entries: Readonly<Record<string, readonly string[]>>): Thesaurus {
  const map = new Map(Object.entries(entries));
  return { synonyms: (word) => map.get(word) ?? [] };
}
