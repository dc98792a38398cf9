import { describe, expect, it } from "vitest";
import { fromRows } from "../linalg/matrix.js";
import { dedupeTexts } from "./dedupeTexts.js";
import { distinctN } from "./distinctN.js";
import { dropoutMask } from "./dropoutMask.js";
import { EDA_OPERATIONS, eda } from "./eda.js";
import { edaClean } from "./edaClean.js";
import { gaussianNoise } from "./gaussianNoise.js";
import { mixup } from "./mixup.js";
import { selfBleu } from "./selfBleu.js";
import { EDA_STOPWORDS } from "./stopwords.js";
import { tfidfReplace } from "./tfidfReplace.js";
import { tfidfStats } from "./tfidfStats.js";
import { mapThesaurus } from "./thesaurus.js";

const thesaurus = mapThesaurus({
  movie: ["film", "picture", "moving_picture", "movie"],
  great: ["Outstanding", "bang-up", "great"],
  acting: ["playing", "performing"],
  plot: ["secret_plan", "storyline"],
});

describe("edaClean", () => {
  it("keeps lower-case a–z words separated by single spaces, as EDA's get_only_chars", () => {
    expect(edaClean("  It's a GREAT-looking film!\tReally… 10/10 ")).toBe("its a great looking film really");
    expect(edaClean("123 !!")).toBe("");
  });
});

describe("eda", () => {
  const texts = ["The movie was great, and the acting was great too.", "A dull plot", "", "word"];

  it("makes n sentences per non-empty input with the four operations, reproducibly per seed", () => {
    const a = eda(texts, { thesaurus, n: 8, seed: 3 });
    expect(a.texts).toHaveLength(24);
    expect([...a.source]).toEqual([...Array(8).fill(0), ...Array(8).fill(1), ...Array(8).fill(3)]);
    expect(eda(texts, { thesaurus, n: 8, seed: 3 })).toEqual(a);
    expect(eda(texts, { thesaurus, n: 8, seed: 4 }).texts).not.toEqual(a.texts);
    for (const t of a.texts) expect(t).toMatch(/^[a-z]+( [a-z]+)*$/);
    // ⌊8/4⌋+1 = 3 candidates per operation, 8 of the 12 kept: every operation is represented at least once.
    const ops = new Set(a.operation.subarray(0, 8));
    expect(ops.size).toBeGreaterThanOrEqual(2);
    expect(Math.max(...a.operation)).toBeLessThan(EDA_OPERATIONS.length);
  });

  it("replaces only non-stopwords, with cleaned synonyms, and never with the word itself", () => {
    const r = eda(["the movie was great"], { thesaurus, n: 40, seed: 1, alphaSr: 1 });
    const sr = r.texts.filter((_, k) => r.operation[k] === 0);
    expect(sr.length).toBeGreaterThan(0);
    for (const t of sr) {
      expect(t.startsWith("the ")).toBe(true);
      expect(t).toMatch(/ was /);
      expect(t).not.toMatch(/movie|great/);
    }
    expect(sr.some((t) => t.includes("moving picture"))).toBe(true);
    expect(sr.some((t) => t.includes("bang up") || t.includes("outstanding"))).toBe(true);
  });

  it("inserts synonyms of content words, swaps keep the multiset, deletion keeps at least one word", () => {
    const words = "the movie was great".split(" ").sort();
    const r = eda(["the movie was great"], { thesaurus, n: 40, seed: 2, pRd: 0.9 });
    for (let k = 0; k < r.texts.length; k++) {
      const t = r.texts[k]!.split(" ");
      switch (EDA_OPERATIONS[r.operation[k]!]!) {
        case "random-insertion":
          expect(t.length).toBeGreaterThan(4);
          break;
        case "random-swap":
          expect([...t].sort()).toEqual(words);
          break;
        case "random-deletion":
          expect(t.length).toBeGreaterThanOrEqual(1);
          expect(t.length).toBeLessThanOrEqual(4);
          break;
        case "synonym-replacement":
          break;
      }
    }
  });

  it("leaves sentences of stopwords alone under replacement and insertion", () => {
    const r = eda(["it was the"], { thesaurus, n: 12, seed: 1 });
    for (let k = 0; k < r.texts.length; k++) if (r.operation[k]! < 2) expect(r.texts[k]).toBe("it was the");
  });

  it("uses EDA's stopword list", () => {
    // EDA's list has 128 entries, one of them the empty string.
    expect(EDA_STOPWORDS.size).toBe(127);
    for (const w of ["i", "the", "don", "now", "not"]) expect(EDA_STOPWORDS.has(w)).toBe(true);
    expect(EDA_STOPWORDS.has("movie")).toBe(false);
  });

  it("checks its options", () => {
    expect(() => eda(["a"], { thesaurus, alphaSr: 2 })).toThrow("alphaSr must be between 0 and 1 (got 2)");
    expect(() => eda(["a"], { thesaurus, n: -1 })).toThrow(RangeError);
    expect(eda(["a b"], { thesaurus, n: 0 }).texts).toEqual([]);
  });
});

describe("tfidfStats and tfidfReplace", () => {
  const corpus = ["the cat sat", "the dog sat", "the cat ran", "a bird flew"];

  it("computes UDA's idf and corpus TF-IDF", () => {
    const s = tfidfStats(corpus);
    const id = (w: string) => s.index.get(w)!;
    // idf = ln(N/df): "the" in 3 of 4 documents, "bird" in 1.
    expect(s.idf[id("the")]).toBeCloseTo(Math.log(4 / 3), 12);
    expect(s.idf[id("bird")]).toBeCloseTo(Math.log(4), 12);
    // score = Σ_d tf · idf: "the" has tf 1/3 in three documents.
    expect(s.score[id("the")]).toBeCloseTo(3 * (1 / 3) * Math.log(4 / 3), 12);
    expect(s.vocabulary).toEqual(["the", "cat", "sat", "dog", "ran", "a", "bird", "flew"]);
  });

  it("replaces low-TF-IDF words more often than informative ones, p·L on average", () => {
    const texts = ["the the the the rare"];
    const big = [...texts, ...Array.from({ length: 50 }, (_, i) => `the common word${i % 5}`)];
    const stats = tfidfStats(big);
    const r = tfidfReplace(texts, { stats, p: 0.4, n: 4000, seed: 7 });
    let rareKept = 0;
    let theKept = 0;
    let replaced = 0;
    for (let k = 0; k < r.texts.length; k++) {
      const w = r.texts[k]!.split(" ");
      if (w[4] === "rare") rareKept++;
      theKept += w.slice(0, 4).filter((x) => x === "the").length;
      replaced += r.replaced[k]!;
    }
    // "rare" has the highest sentence score: never replaced. Expected replacements p·L = 2 per sentence.
    expect(rareKept).toBe(4000);
    expect(replaced / 4000).toBeGreaterThan(1.9);
    expect(replaced / 4000).toBeLessThan(2.1);
    expect(theKept).toBeLessThan(4 * 4000);
  });

  it("is reproducible, keeps sentences whose words all score alike, and skips empty ones", () => {
    const a = tfidfReplace(corpus, { p: 0.5, n: 2, seed: 1 });
    expect(a).toEqual(tfidfReplace(corpus, { p: 0.5, n: 2, seed: 1 }));
    expect(a.texts).toHaveLength(8);
    const same = tfidfReplace(["x y", ""], { p: 1, n: 3, seed: 1 });
    expect(same.texts).toEqual(["x y", "x y", "x y"]);
    expect(() => tfidfReplace(corpus, { p: 1.5 })).toThrow("p must be between 0 and 1 (got 1.5)");
  });
});

describe("vector augmentation", () => {
  const x = fromRows([
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
  ]);
  const y = fromRows([
    [1, 0],
    [0, 1],
    [1, 0],
    [0, 1],
  ]);

  it("mixup mixes rows and targets with the same λ", () => {
    const r = mixup(x, y, { alpha: 0.4, seed: 5 });
    for (let i = 0; i < 4; i++) {
      const l = r.lambda[i]!;
      const j = r.partner[i]!;
      expect(l).toBeGreaterThanOrEqual(0);
      expect(l).toBeLessThanOrEqual(1);
      expect(r.x.data[2 * i]).toBeCloseTo(l * x.data[2 * i]! + (1 - l) * x.data[2 * j]!, 12);
      expect(r.y.data[2 * i]! + r.y.data[2 * i + 1]!).toBeCloseTo(1, 12);
    }
    expect([...r.partner].sort()).toEqual([0, 1, 2, 3]);
    expect(() => mixup(x, fromRows([[1]]))).toThrow(
      "x and y must have the same number of rows (got 4 and 1)",
    );
  });

  it("gaussian noise has the asked spread; dropout zeroes about p and rescales the rest", () => {
    const big = { rows: 200, cols: 50, data: new Float64Array(10_000).fill(1) };
    const n = gaussianNoise(big, { sd: 0.5, seed: 1 });
    let s = 0;
    let ss = 0;
    for (const v of n.data) {
      s += v - 1;
      ss += (v - 1) ** 2;
    }
    expect(s / 10_000).toBeCloseTo(0, 1);
    expect(Math.sqrt(ss / 10_000)).toBeCloseTo(0.5, 1);
    const d = dropoutMask(big, { p: 0.3, seed: 2 });
    const kept = d.mask.reduce((a, b) => a + b, 0);
    expect(kept / 10_000).toBeCloseTo(0.7, 1);
    for (let i = 0; i < 10_000; i++) expect(d.x.data[i]).toBeCloseTo(d.mask[i] ? 1 / 0.7 : 0, 12);
    const noScale = dropoutMask(x, { p: 0, rescale: false });
    expect(noScale.x.data).toEqual(x.data);
  });
});

describe("dedupeTexts", () => {
  it("drops exact, normalised and near duplicates, keeping the first", () => {
    const texts = [
      "The acting was wonderful and the story moving.",
      "The acting was wonderful and the story moving.",
      "the acting was WONDERFUL, and the story moving!",
      "The acting was wonderful and the story was moving.",
      "A completely different sentence about cats.",
    ];
    const r = dedupeTexts(texts);
    expect([...r.keep]).toEqual([1, 0, 0, 0, 1]);
    expect([...r.reason]).toEqual([0, 1, 2, 3, 0]);
    expect([...r.duplicateOf]).toEqual([-1, 0, 0, 0, -1]);
    expect(r.similarity[3]).toBeGreaterThan(0.8);
    expect(r.similarity[3]).toBeLessThan(1);
    expect([...dedupeTexts(texts, { threshold: 1 }).keep]).toEqual([1, 0, 0, 1, 1]);
  });

  it("compares against reference texts too", () => {
    const r = dedupeTexts(["i loved it", "brand new text"], { reference: ["x", "I loved it!"] });
    expect([...r.keep]).toEqual([0, 1]);
    expect(r.duplicateOf[0]).toBe(-2 - 1);
  });

  it("never drops a pair below the threshold (every candidate is checked exactly)", () => {
    const texts = Array.from({ length: 300 }, (_, i) => `sentence number ${i} about topic ${i % 7}`);
    const r = dedupeTexts(texts, { threshold: 0.95 });
    expect(r.keep.every((k) => k === 1)).toBe(true);
  });
});

describe("distinctN and selfBleu", () => {
  it("distinct-n counts distinct n-grams over all n-grams", () => {
    expect(distinctN(["a b a b", "A B c"], 1)).toEqual({ distinct: 3, total: 7, ratio: 3 / 7 });
    expect(distinctN(["a b a b", "a b c"], 2)).toMatchObject({ distinct: 3, total: 5 });
    expect(distinctN([], 2).ratio).toBeNaN();
  });

  // From reference/augment/self_bleu_and_temperature.py: NLTK 3.8 sentence_bleu, method1 smoothing (Debian).
  const TEXTS = [
    "the movie was great and the acting was great",
    "the movie was terrible and the plot was thin",
    "a great film with great acting",
    "i loved the movie",
    "terrible plot thin characters",
    "the acting was great",
    "what a film",
    "the movie was great and the acting was great",
  ];
  it("matches NLTK's sentence BLEU against all other texts (Texygen's Self-BLEU)", () => {
    const four = selfBleu(TEXTS);
    const expected = [
      1.0, 0.17286039232097053, 0.06104735835807843, 0.16990442448471224, 0.10573712634405641, 1.0,
      0.09681772177713914, 1.0,
    ];
    for (const [i, v] of expected.entries()) expect(four.perText[i]).toBeCloseTo(v, 12);
    expect(four.score).toBeCloseTo(0.4507958779106196, 12);
    const two = selfBleu(TEXTS, { n: 2 });
    expect(two.score).toBeCloseTo(0.554831771836874, 12);
    expect(two.perText[1]).toBeCloseTo(0.6123724356957946, 12);
  });

  it("is 0 for a single text and for texts sharing no word", () => {
    expect(selfBleu(["only one"]).score).toBe(0);
    expect(selfBleu(["a b", "c d"]).score).toBe(0);
  });
});
