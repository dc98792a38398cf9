import { join } from "node:path";
import { env } from "@huggingface/transformers";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test-support/index.js";
import { embedTexts, inspectModelFolder, loadEmbedder, ModelFolderError } from "./embed.js";
import { writeTinyModel } from "./tinyModel.js";

const dir = tempDir();
const tiny = writeTinyModel(join(dir, "tiny"), ["hello", "world", "good", "bad", "movie"]);

/** The expected embedding, in closed form: L2-normalised mean of the tokens' table rows. */
function expected(tokens: string[]): number[] {
  const h = tiny.hidden;
  const sum = new Array<number>(h).fill(0);
  for (const t of tokens) {
    const id = tiny.vocab[t] ?? tiny.vocab["[UNK]"]!;
    for (let j = 0; j < h; j++) sum[j]! += tiny.table[id * h + j]! / tokens.length;
  }
  const norm = Math.hypot(...sum);
  return sum.map((v) => v / norm);
}

describe("embedTexts on a tiny model folder built by the test", () => {
  it("mean-pools over real tokens and L2-normalises, in input order", async () => {
    // Whitespace pre-tokenisation splits words from punctuation (\w+|[^\w\s]+); unknown pieces become [UNK].
    const texts = ["Hello world", "bad movie, good!", "movie", "zzz"];
    const m = await embedTexts(tiny.dir, texts, { batchSize: 3 });
    expect([m.rows, m.cols]).toEqual([4, tiny.hidden]);
    expect(m.data).toBeInstanceOf(Float32Array);
    const want = [
      expected(["hello", "world"]),
      expected(["bad", "movie", ",", "good", "!"]),
      expected(["movie"]),
      expected(["zzz"]),
    ];
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < tiny.hidden; j++) expect(m.data[i * tiny.hidden + j]).toBeCloseTo(want[i]![j]!, 5);
    expect(env.allowRemoteModels).toBe(false);
  });

  it("gives the same rows whatever the batching (padding is masked out)", async () => {
    const texts = ["good", "bad movie bad movie bad movie", "hello", "world good", "movie movie"];
    const embedder = await loadEmbedder(tiny.dir);
    const progress: number[] = [];
    const one = await embedder.embed(texts, { batchSize: 1, onProgress: (done) => progress.push(done) });
    const all = await embedder.embed(texts, { batchSize: 64 });
    await embedder.dispose();
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    for (let p = 0; p < one.data.length; p++) expect(all.data[p]).toBeCloseTo(one.data[p]!, 6);
  });

  it("stops between batches when aborted", async () => {
    const controller = new AbortController();
    const run = embedTexts(tiny.dir, ["good", "bad", "movie"], {
      batchSize: 1,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
  });

  it("refuses folders that are not models, without trying to download", async () => {
    expect(() => inspectModelFolder(join(dir, "nope"))).toThrow(ModelFolderError);
    expect(() => inspectModelFolder(dir)).toThrow(/missing config.json/);
    expect(inspectModelFolder(tiny.dir).precisions).toEqual(["fp32"]);
    await expect(loadEmbedder(tiny.dir, { precision: "q8" })).rejects.toThrow(
      /no q8 model file \(found fp32\)/,
    );
  });
});
