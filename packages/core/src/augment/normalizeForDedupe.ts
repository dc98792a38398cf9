/**
 * The text two near-identical generations share: Unicode NFKC, lower case, punctuation and symbols removed, runs of
 * whitespace collapsed. "Great movie!!" and "great  movie" normalise to the same string. O(length).
 */
export function normalizeForDedupe(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}
