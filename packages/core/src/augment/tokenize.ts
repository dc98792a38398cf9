/** Splits text into words on runs of whitespace (no empty tokens). The tokenizer of the word-level augmenters. */
export function whitespaceTokens(text: string): string[] {
  const t = text.trim();
  return t === "" ? [] : t.split(/\s+/);
}
