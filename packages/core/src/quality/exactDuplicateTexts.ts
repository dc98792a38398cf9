import { murmurhash3String } from "../features/murmurhash3.js";
import { hashGroups } from "./hashGroups.js";

/** The form two texts must share to count as exact duplicates: Unicode NFKC, lower case, whitespace runs → one space, trimmed. */
export function foldText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * Groups texts that are equal after `foldText` (case and whitespace folding; punctuation is kept, so "Call me." and
 * "call me" differ): `group[i]` is the index of the first text in i's group. Folded texts are bucketed by a seeded
 * MurmurHash3 of their UTF-8 bytes and confirmed by string comparison, so collisions never merge distinct texts.
 * Expected O(total characters).
 */
export function exactDuplicateTexts(texts: readonly string[], seed = 0): Int32Array {
  const folded = texts.map(foldText);
  return hashGroups(
    folded.length,
    (i) => murmurhash3String(folded[i]!, seed),
    (a, b) => folded[a] === folded[b],
  );
}
