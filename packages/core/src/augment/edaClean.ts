/**
 * EDA's text cleaning (Wei & Zou 2019, `get_only_chars`): drops apostrophes, turns hyphens, tabs and newlines into
 * spaces, lower-cases, replaces every character outside a–z by a space and collapses runs of spaces. O(length).
 */
export function edaClean(text: string): string {
  return text
    .replace(/['’]/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, " ")
    .trim();
}
