import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedData, skipWithoutShared, tempDir, writeTemp } from "../../../test-support/index.js";
import { readTextDataset, writeTextDataset } from "./textDataset.js";

const dir = tempDir();

describe("readTextDataset", () => {
  it("reads headerless label<TAB>text, JSON Lines and headed CSV/TSV", async () => {
    const tsv = await readTextDataset(writeTemp(dir, "a.tsv", '1\tgood film \n\n0\tbad "film"\n'));
    expect(tsv).toMatchObject({
      format: "label-tsv",
      ids: ["1", "2"],
      texts: ["good film", 'bad "film"'],
      labels: ["1", "0"],
    });
    const jsonl = await readTextDataset(
      writeTemp(
        dir,
        "b.jsonl",
        '{"id":"x","text":"hi","label":"pos"}\n{"id":"y","text":"ho","label":null}\n',
      ),
    );
    expect(jsonl).toMatchObject({ format: "jsonl", ids: ["x", "y"], labels: ["pos", null] });
    const csv = await readTextDataset(writeTemp(dir, "c.csv", 'text,label\n"a, b",pos\nc,neg\n'));
    expect(csv).toMatchObject({
      format: "csv",
      ids: ["1", "2"],
      texts: ["a, b", "c"],
      labels: ["pos", "neg"],
    });
    const headed = await readTextDataset(writeTemp(dir, "d.tsv", "id\ttext\nq\thello\n"));
    expect(headed).toMatchObject({ format: "tsv", ids: ["q"], texts: ["hello"], labels: undefined });
  });

  it("names the file, line and field of bad input", async () => {
    await expect(readTextDataset(writeTemp(dir, "e.tsv", "1\tok\nno tab here\n"))).rejects.toThrow(
      /e\.tsv:2: expected label<TAB>text/,
    );
    await expect(
      readTextDataset(writeTemp(dir, "f.jsonl", '{"text":"a"}\n\n{"text":" "}\n')),
    ).rejects.toThrow(/f\.jsonl:3: column "text": empty text/);
    await expect(readTextDataset(writeTemp(dir, "g.jsonl", '{"txt":"a"}\n'))).rejects.toThrow(
      /no column for text/,
    );
    await expect(
      readTextDataset(writeTemp(dir, "h.jsonl", '{"id":"1","text":"a"}\n{"id":"1","text":"b"}\n')),
    ).rejects.toThrow(/h\.jsonl:2: column "id": id "1" already used on line 1/);
    await expect(readTextDataset(writeTemp(dir, "i.tsv", ""))).rejects.toThrow(/no rows/);
  });

  it("round-trips through writeTextDataset in both layouts", async () => {
    const rows = [
      { id: "a", text: "one\ttwo", label: "pos" },
      { id: "b", text: "three", label: "neg", source: "a" },
    ];
    const tsv = join(dir, "out.tsv");
    await writeTextDataset(tsv, rows, { columns: ["id", "text", "label"] });
    expect(readFileSync(tsv, "utf8")).toBe("pos\tone two\nneg\tthree\n");
    const jsonl = join(dir, "out.jsonl");
    await writeTextDataset(jsonl, rows);
    const back = await readTextDataset(jsonl);
    expect(back).toMatchObject({ ids: ["a", "b"], texts: ["one\ttwo", "three"], labels: ["pos", "neg"] });
    expect(readFileSync(jsonl, "utf8").split("\n")[0]).toBe(
      '{"id":"a","text":"one\\ttwo","label":"pos","source":null}',
    );
  });

  it.skipIf(skipWithoutShared())("reads the shared SST-2 and SMS spam sets", async () => {
    const sst = await readTextDataset(sharedData("text/sst2/train.tsv"));
    // ../shared/data/text/README.md: 7447 examples, 3570 of class 0.
    expect(sst.texts).toHaveLength(7447);
    expect(sst.labels!.filter((l) => l === "0")).toHaveLength(3570);
    const sms = await readTextDataset(sharedData("text/sms_spam/SMSSpamCollection.tsv"));
    expect(sms.texts).toHaveLength(5574);
    expect(sms.labels!.filter((l) => l === "spam")).toHaveLength(747);
  });
});
