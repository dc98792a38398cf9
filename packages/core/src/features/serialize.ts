import type { HashingVectorizer } from "./hashing.js";
import type { TfidfVectorizer } from "./tfidf.js";

/** A fitted text vectorizer (TF-IDF or feature hashing). */
export type Vectorizer = TfidfVectorizer | HashingVectorizer;

/** A vectorizer as JSON-able metadata plus its idf array (when it has one). */
export interface EncodedVectorizer {
  meta: Record<string, unknown>;
  arrays: Record<string, Float64Array>;
}

/** Splits a vectorizer into JSON metadata (settings, vocabulary) and its idf weights. */
export function encodeVectorizer(v: Vectorizer, prefix = "features"): EncodedVectorizer {
  const { tokenPattern, ...options } = v.options;
  const meta: Record<string, unknown> = {
    kind: v.kind,
    options: {
      ...options,
      ...(tokenPattern ? { tokenPattern: { source: tokenPattern.source, flags: tokenPattern.flags } } : {}),
    },
  };
  if (v.kind === "tfidf") meta.vocabulary = v.vocabulary;
  const arrays: Record<string, Float64Array> = {};
  if (v.idf) {
    meta.idf = `${prefix}.idf`;
    arrays[`${prefix}.idf`] = v.idf;
  }
  return { meta, arrays };
}

/** Rebuilds a vectorizer from `encodeVectorizer`'s output; throws RangeError("features: …") when it does not fit. */
export function decodeVectorizer(metaIn: unknown, arrays: Readonly<Record<string, unknown>>): Vectorizer {
  if (typeof metaIn !== "object" || metaIn === null)
    throw new RangeError("features: the entry must be an object");
  const meta = metaIn as Record<string, unknown>;
  const raw = (meta.options ?? {}) as Record<string, unknown>;
  const { tokenPattern, ...rest } = raw;
  const tp = tokenPattern as { source?: unknown; flags?: unknown } | undefined;
  const options = {
    ...rest,
    ...(tp && typeof tp.source === "string"
      ? { tokenPattern: new RegExp(tp.source, String(tp.flags ?? "g")) }
      : {}),
  };
  let idf: Float64Array | undefined;
  if (meta.idf !== undefined) {
    const a = arrays[String(meta.idf)];
    if (!(a instanceof Float64Array))
      throw new RangeError(`features: idf array ${JSON.stringify(meta.idf)} is missing`);
    idf = a;
  }
  if (meta.kind === "tfidf") {
    const vocabulary = meta.vocabulary;
    if (!Array.isArray(vocabulary) || !vocabulary.every((t) => typeof t === "string"))
      throw new RangeError("features: a TF-IDF vectorizer needs its vocabulary (a list of strings)");
    if (idf && idf.length !== vocabulary.length)
      throw new RangeError(`features: idf has ${idf.length} values for ${vocabulary.length} terms`);
    return { kind: "tfidf", options, vocabulary, idf } as TfidfVectorizer;
  }
  if (meta.kind === "hashing") {
    const features = rest.features;
    if (typeof features !== "number" || !Number.isInteger(features) || features < 1)
      throw new RangeError("features: a hashing vectorizer needs its number of features");
    if (idf && idf.length !== features)
      throw new RangeError(`features: idf has ${idf.length} values for ${features} columns`);
    return { kind: "hashing", options, idf } as HashingVectorizer;
  }
  throw new RangeError(`features: unknown vectorizer kind ${JSON.stringify(meta.kind)}`);
}
