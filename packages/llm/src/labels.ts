import type { TokenLogprob } from "./types.js";

/** Lower case, without surrounding whitespace, quotes and punctuation. */
function bare(s: string): string {
  return s
    .toLowerCase()
    .trim()
    .replace(/^[\s"'`*([{<.:-]+|[\s"'`*)\]}>.,;:!?-]+$/g, "");
}

/**
 * The class a model's answer names: an exact match (ignoring case, quotes and punctuation), else the one class
 * named as a whole word when exactly one is; null when the answer names none or several.
 */
export function parseLabel(text: string, classes: readonly string[]): string | null {
  const answer = bare(text);
  const exact = classes.find((c) => bare(c) === answer);
  if (exact !== undefined) return exact;
  const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const named = classes.filter((c) =>
    new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(bare(c))}($|[^\\p{L}\\p{N}])`, "u").test(answer),
  );
  return named.length === 1 ? named[0]! : null;
}

/**
 * Class probabilities from the log-probabilities of an answer's first token (the label-token probabilities of
 * Wang et al. 2021 and of most LLM-labelling work): each alternative at the first non-blank position adds its
 * probability to the class its text starts (split evenly when it starts several), then the result is normalised.
 * Undefined when no alternative starts any class (the model answered something else, or no logprobs came back).
 */
export function classProbabilities(
  logprobs: readonly TokenLogprob[] | undefined,
  classes: readonly string[],
): Float64Array | undefined {
  const first = logprobs?.find((t) => t.token.trim() !== "");
  if (!first) return undefined;
  const alternatives = first.top.length > 0 ? first.top : [{ token: first.token, logprob: first.logprob }];
  const names = classes.map(bare);
  const p = new Float64Array(classes.length);
  let total = 0;
  for (const a of alternatives) {
    const t = bare(a.token);
    if (t === "") continue;
    const hits: number[] = [];
    names.forEach((name, k) => {
      if (name.startsWith(t)) hits.push(k);
    });
    const mass = Math.exp(a.logprob);
    for (const k of hits) p[k]! += mass / hits.length;
    if (hits.length > 0) total += mass;
  }
  if (!(total > 0)) return undefined;
  for (let k = 0; k < p.length; k++) p[k]! /= total;
  return p;
}
