import { describe, expect, it } from "vitest";
import { sharedData, skipWithoutShared, tempDir, writeTemp } from "../../../test-support/index.js";
import { readDataset } from "./dataset.js";
import { VoxIoError } from "./errors.js";
import { readLabels } from "./labels.js";
import { encodeNpy } from "./npy.js";

const dir = tempDir();

describe("readDataset", () => {
  it("reads JSON Lines with id, text and an optional label", async () => {
    const p = writeTemp(
      dir,
      "d.jsonl",
      '{"id":"a","text":"good film","label":"pos"}\n\n{"id":"b","text":"bad","label":null}\n',
    );
    const d = await readDataset(p);
    expect(d).toMatchObject({
      layout: "jsonl",
      ids: ["a", "b"],
      texts: ["good film", "bad"],
      labels: ["pos", ""],
    });
    expect(await d.locate([1])).toEqual([3]);
  });

  it("reads a CSV table with aliased columns and numbers rows without an id column", async () => {
    const p = writeTemp(dir, "d.csv", 'sentence,class\n"a, quoted text",x\nplain,y\n');
    const d = await readDataset(p);
    expect(d).toMatchObject({
      layout: "csv",
      ids: ["1", "2"],
      texts: ["a, quoted text", "plain"],
      labels: ["x", "y"],
    });
    expect(d.columns).toEqual({ text: "sentence", label: "class" });
  });

  it("reads the headerless label<TAB>text layout, quotes and all", async () => {
    const p = writeTemp(dir, "d.tsv", 'ham\t"Quoted" start, then\ttabs\r\nspam\tWIN now\n');
    const d = await readDataset(p);
    expect(d).toMatchObject({
      layout: "label-text",
      ids: ["1", "2"],
      texts: ['"Quoted" start, then\ttabs', "WIN now"],
      labels: ["ham", "spam"],
    });
  });

  it("stops on duplicate ids, a missing text column and a line without a tab", async () => {
    const dup = writeTemp(dir, "dup.jsonl", '{"id":"a","text":"x"}\n{"id":"a","text":"y"}\n');
    await expect(readDataset(dup)).rejects.toThrow(/dup.jsonl:2: column "id": id "a" already used on line 1/);
    const noText = writeTemp(dir, "nt.csv", "id,label\n1,x\n");
    await expect(readDataset(noText)).rejects.toThrow(/no column for text \(accepted names: text, sentence/);
    expect((await readDataset(noText, { requireText: false })).labels).toEqual(["x"]);
    const noTab = writeTemp(dir, "nt.tsv", "a\tb\nc\n");
    await expect(readDataset(noTab)).rejects.toBeInstanceOf(VoxIoError);
    await expect(readDataset(noTab)).rejects.toThrow(/nt.tsv:2: expected label<TAB>text/);
  });

  it.skipIf(skipWithoutShared())("reads the shared SST-2 and SMS spam sets", async () => {
    const sst = await readDataset(sharedData("text", "sst2", "train.tsv"));
    // Counts from ../shared/data/text/README.md: 7447 rows, classes 0:3570 1:3877.
    expect(sst.ids).toHaveLength(7447);
    expect(sst.labels!.filter((l) => l === "0")).toHaveLength(3570);
    const sms = await readDataset(sharedData("text", "sms_spam", "SMSSpamCollection.tsv"));
    expect(sms.ids).toHaveLength(5574);
    expect(sms.labels!.filter((l) => l === "spam")).toHaveLength(747);
  });
});

describe("readLabels", () => {
  it("reads one label per line, or an integer .npy", async () => {
    const lines = writeTemp(dir, "l.txt", "a\n\nb\n");
    expect((await readLabels(lines, { allowUnlabelled: true })).labels).toEqual(["a", "", "b"]);
    await expect(readLabels(lines)).rejects.toThrow(/l\.txt:2: column "label": empty label/);
    const npy = writeTemp(dir, "l.npy", encodeNpy({ data: Int32Array.from([2, 0, 1]), shape: [3] }));
    expect((await readLabels(npy)).labels).toEqual(["2", "0", "1"]);
    const bad = writeTemp(dir, "f.npy", encodeNpy({ data: Float64Array.from([0.5]), shape: [1] }));
    await expect(readLabels(bad)).rejects.toThrow(/not an int32/);
  });
});
