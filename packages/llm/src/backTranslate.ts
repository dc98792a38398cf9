import type { LlmClient } from "./client.js";

/** Options for `backTranslate`. */
export interface BackTranslateOptions {
  client: LlmClient;
  model: string;
  /** The language to go through. Default "French". */
  pivot?: string;
  /** The texts' language. Default "English". */
  source?: string;
  /** Paraphrases per text (distinct samples). Default 1. */
  n?: number;
  /** Default 0.9 (UDA samples its back-translations for diversity). */
  temperature?: number;
  seed?: number;
  signal?: AbortSignal | undefined;
  onProgress?: (done: number, total: number) => void;
}

/** Paraphrases with their sources. */
export interface BackTranslateResult {
  texts: string[];
  /** Index of the input each came from. */
  source: Int32Array;
  /** The pivot-language text each went through. */
  pivotTexts: string[];
}

const translate = (from: string, to: string, text: string) =>
  `Translate this ${from} text into ${to}. Reply with the translation only, nothing else.\n\n${text}`;

/**
 * Back-translation (Sennrich, Haddow & Birch 2016; as augmentation in UDA, Xie et al. 2020): each text is translated
 * into a pivot language and back by a chat model, giving a paraphrase that keeps the meaning. Two requests per
 * paraphrase, through the client's cache, retries and limits.
 */
export async function backTranslate(
  texts: readonly string[],
  options: BackTranslateOptions,
): Promise<BackTranslateResult> {
  const {
    client,
    model,
    pivot = "French",
    source = "English",
    n = 1,
    temperature = 0.9,
    seed = 0,
    signal,
  } = options;
  const total = texts.length * n;
  let done = 0;
  const jobs = texts.flatMap((text, i) =>
    Array.from({ length: n }, async (_, s) => {
      const ask = (content: string, step: number) =>
        client.chat(
          { model, messages: [{ role: "user", content }], temperature, seed: seed + 2 * s + step },
          { signal, sample: s },
        );
      const there = (await ask(translate(source, pivot, text), 0)).text.trim();
      const back = (await ask(translate(pivot, source, there), 1)).text.trim();
      done++;
      options.onProgress?.(done, total);
      return { i, there, back };
    }),
  );
  const results = await Promise.all(jobs);
  return {
    texts: results.map((r) => r.back),
    source: Int32Array.from(results, (r) => r.i),
    pivotTexts: results.map((r) => r.there),
  };
}
