import { describe, expect, it } from "vitest";
import { sharedData, skipWithoutShared, tempDir, writeTemp } from "../../../test-support/index.js";
import { VoxIoError } from "./errors.js";
import { readTextDataset } from "./textDataset.js";

const dir = tempDir();

describe("readTextDataset", () => {
  it("reads JSON Lines with text, id and label", async () => {
    const p = writeTemp(
      dir,
      "d.jsonl",
      '{"id": 1, "text": "good", "label": "pos"}\n\n{"id": "b", "text": "bad", "label": "neg"}\n',
    );
    expect(await readTextDataset(p, { progress: false })).toEqual({
      format: "jsonl",
      texts: ["good", "bad"],
      ids: ["1", "b"],
      labels: ["pos", "neg"],
    });
    const noIds = writeTemp(dir, "n.jsonl", '{"text": "a"}\n{"text": "b", "id": 2}\n');
    expect(await readTextDataset(noIds, { progress: false })).toEqual({ format: "jsonl", texts: ["a", "b"] });
  });

  it("reads label<TAB>text, splitting at the first tab, with an optional header", async () => {
    const p = writeTemp(dir, "d.tsv", "label\ttext\nham\thello\tthere\nspam\twin now\n");
    expect(await readTextDataset(p, { progress: false })).toEqual({
      format: "tsv",
      texts: ["hello\tthere", "win now"],
      labels: ["ham", "spam"],
    });
  });

  it("names the file, line and field of a bad line", async () => {
    const missing = writeTemp(dir, "m.jsonl", '{"text": "a"}\n{"txt": "b"}\n');
    await expect(readTextDataset(missing, { progress: false })).rejects.toThrow(
      /m\.jsonl:2: column "text": field missing/,
    );
    const noTab = writeTemp(dir, "t.tsv", "pos\tfine\njust text\n");
    await expect(readTextDataset(noTab, { progress: false })).rejects.toThrow(
      /t\.tsv:2: expected label<TAB>text/,
    );
    const empty = writeTemp(dir, "e.jsonl", "\n");
    await expect(readTextDataset(empty, { progress: false })).rejects.toBeInstanceOf(VoxIoError);
  });

  it.skipIf(skipWithoutShared())("reads the shared SST-2 training set", async () => {
    const d = await readTextDataset(sharedData("text", "sst2", "train.tsv"), { progress: false });
    // Counts from /work/shared/data/text/README.md: 7447 examples, 3570 of class 0.
    expect(d.texts.length).toBe(7447);
    expect(d.labels!.filter((l) => l === "0").length).toBe(3570);
  });
});
