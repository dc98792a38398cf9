import { describe, expect, it } from "vitest";
import { referenceJson } from "../../../../test-support/index.js";
import type { CsrMatrix } from "../linalg/csr.js";
import { analyzeText, createAnalyzer } from "./analyze.js";
import { fitHashing, type HashingOptions, transformHashing } from "./hashing.js";
import { murmurhash3, murmurhash3String } from "./murmurhash3.js";
import { compareCodePoints, fitTfidf, type TfidfOptions, transformTfidf } from "./tfidf.js";

interface RefCsr {
  indptr: number[];
  indices: number[];
  data: number[];
  shape: [number, number];
}
interface Reference {
  corpus: string[];
  tfidf: Record<
    string,
    {
      options: Record<string, unknown>;
      vocabulary: string[];
      idf: number[] | null;
      matrix: RefCsr;
      transform_new: RefCsr;
    }
  >;
  hashing: Record<string, { options: Record<string, unknown>; matrix: RefCsr }>;
  murmurhash3_32: Record<string, number>;
  murmurhash3_32_seed42: Record<string, number>;
}

// From `/usr/bin/python3 reference/features_sklearn.py` (Debian python3-sklearn 1.2.1): TfidfVectorizer and
// HashingVectorizer on the corpus stored in the same file.
const ref = referenceJson<Reference>("features_sklearn.json");

/** scikit-learn's keyword arguments in vox's option names. */
function toOptions(kw: Record<string, unknown>): TfidfOptions & HashingOptions {
  const o: Record<string, unknown> = {};
  const names: Record<string, string> = {
    sublinear_tf: "sublinearTf",
    ngram_range: "ngramRange",
    min_df: "minDf",
    max_df: "maxDf",
    max_features: "maxFeatures",
    smooth_idf: "smoothIdf",
    use_idf: "useIdf",
    n_features: "features",
    alternate_sign: "alternateSign",
  };
  for (const [k, v] of Object.entries(kw)) o[names[k] ?? k] = k === "norm" && v === null ? "none" : v;
  return o as TfidfOptions & HashingOptions;
}

function expectCsr(actual: CsrMatrix, expected: RefCsr): void {
  expect([actual.rows, actual.cols]).toEqual(expected.shape);
  expect(Array.from(actual.indptr)).toEqual(expected.indptr);
  expect(Array.from(actual.indices)).toEqual(expected.indices);
  for (const [p, v] of expected.data.entries()) expect(actual.data[p]).toBeCloseTo(v, 12);
}

describe("fitTfidf against scikit-learn's TfidfVectorizer", () => {
  for (const [name, r] of Object.entries(ref.tfidf)) {
    it(`matches vocabulary, idf and matrix: ${name}`, () => {
      const fit = fitTfidf(ref.corpus, toOptions(r.options));
      expect(fit.vectorizer.vocabulary).toEqual(r.vocabulary);
      if (r.idf) for (const [j, v] of r.idf.entries()) expect(fit.vectorizer.idf![j]).toBeCloseTo(v, 12);
      else expect(fit.vectorizer.idf).toBeUndefined();
      expectCsr(fit.matrix, r.matrix);
      expectCsr(
        transformTfidf(fit.vectorizer, ["the dog and the fox", "unknown words only"]),
        r.transform_new,
      );
      // Transforming the training corpus again gives the fitted matrix.
      expectCsr(transformTfidf(fit.vectorizer, ref.corpus), r.matrix);
    });
  }
});

describe("fitHashing against scikit-learn's HashingVectorizer", () => {
  it("hashes strings as murmurhash3_32 does", () => {
    for (const [s, h] of Object.entries(ref.murmurhash3_32)) expect(murmurhash3String(s)).toBe(h);
    for (const [s, h] of Object.entries(ref.murmurhash3_32_seed42)) expect(murmurhash3String(s, 42)).toBe(h);
  });
  it("encodes UTF-8 as TextEncoder does, lone surrogates included", () => {
    for (const s of ["", "ascii", "é", "€uro", "😀x", "\ud800", "a\udc00b", "\u07ff\u0800\uffff"])
      expect(murmurhash3String(s)).toBe(murmurhash3(new TextEncoder().encode(s)));
  });
  for (const [name, r] of Object.entries(ref.hashing)) {
    it(`matches the matrix: ${name}`, () => {
      const { vectorizer, matrix } = fitHashing(ref.corpus, toOptions(r.options));
      expectCsr(matrix, r.matrix);
      expectCsr(transformHashing(vectorizer, ref.corpus), r.matrix);
    });
  }
  it("learns idf weights when asked (HashingVectorizer + TfidfTransformer)", () => {
    const docs = ["a b c", "a b", "a"].map((d) => d.replace(/(\w)/g, "$1$1"));
    const { vectorizer, matrix } = fitHashing(docs, { useIdf: true, alternateSign: false, norm: "none" });
    expect(vectorizer.idf).toBeDefined();
    // "aa" is in all 3 documents: idf = ln(4/4) + 1 = 1; "cc" in one: ln(4/2) + 1.
    const row0 = Array.from(matrix.data.subarray(matrix.indptr[0]!, matrix.indptr[1]!)).sort();
    expect(row0).toEqual([1, 1 + Math.log(4 / 3), 1 + Math.log(2)].sort());
  });
});

describe("analyzeText", () => {
  it("tokenises like (?u)\\b\\w\\w+\\b: Unicode letters and numbers, at least two code points", () => {
    const a = createAnalyzer();
    expect(analyzeText("Don't stop-me now: x 42 𝒳 x𝒳 cafe\u0301 _a_", a)).toEqual([
      "don",
      "stop",
      "me",
      "now",
      "42",
      "x𝒳",
      "cafe",
      "_a_",
    ]);
  });
  it("forms word n-grams after stop words are removed", () => {
    const a = createAnalyzer({ ngramRange: [1, 2], stopWords: ["the"] });
    expect(analyzeText("the cat saw the dog", a)).toEqual(["cat", "saw", "dog", "cat saw", "saw dog"]);
  });
  it("uses a custom global token pattern", () => {
    const a = createAnalyzer({ tokenPattern: /\S+/g });
    expect(analyzeText("a b! c", a)).toEqual(["a", "b!", "c"]);
    expect(() => createAnalyzer({ tokenPattern: /\S+/ })).toThrow(/global/);
  });
  it("counts a word shorter than n once in char_wb", () => {
    const a = createAnalyzer({ analyzer: "char_wb", ngramRange: [3, 5] });
    expect(analyzeText("ab", a)).toEqual([" ab", "ab ", " ab "]);
  });
  it("rejects a bad n-gram range", () => {
    expect(() => createAnalyzer({ ngramRange: [2, 1] })).toThrow(/ngramRange\[1\]/);
  });
});

describe("fitTfidf edge cases", () => {
  it("keeps a document without terms as an empty row", () => {
    const { matrix } = fitTfidf(["", "hello world", "..."]);
    expect(Array.from(matrix.indptr)).toEqual([0, 0, 2, 2]);
  });
  it("throws when pruning removes every term", () => {
    expect(() => fitTfidf(["aa bb", "cc dd"], { minDf: 2 })).toThrow(/no terms remain/);
  });
  it("orders terms by code point as Python does", () => {
    expect(["\uffff", "\u{1F600}", "z"].sort(compareCodePoints)).toEqual(["z", "\uffff", "\u{1F600}"]);
  });
  it("does not depend on document order beyond row order", () => {
    const docs = ["red green", "green blue blue", "red red"];
    const a = fitTfidf(docs);
    const b = fitTfidf([...docs].reverse());
    expect(b.vectorizer.vocabulary).toEqual(a.vectorizer.vocabulary);
    expect(Array.from(b.vectorizer.idf!)).toEqual(Array.from(a.vectorizer.idf!));
  });
});
