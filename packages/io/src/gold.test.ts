import { describe, expect, it } from "vitest";
import { tempDir, writeTemp } from "../../../test-support/index.js";
import { VoxIoError } from "./errors.js";
import { readGold } from "./gold.js";
import { readPairwise } from "./pairwise.js";

const dir = tempDir();
let n = 0;
const file = (content: string, ext = "csv") => writeTemp(dir, `g${n++}.${ext}`, content);

describe("readGold", () => {
  it.each([
    ["question,truth", { item: "question", label: "truth" }],
    ["task,truth", { item: "task", label: "truth" }],
    ["q,truth", { item: "q", label: "truth" }],
    ["item,label", { item: "item", label: "label" }],
    ["item,gold_label", { item: "item", label: "gold_label" }],
    ["orig_id,response,gold", { item: "orig_id", label: "gold" }], // gold wins over a label alias
  ])("finds the columns of %s", async (header, columns) => {
    const width = header.split(",").length;
    const rows = width === 3 ? "a,x,yes\nb,y,no\n" : "a,yes\nb,no\n";
    const r = await readGold(file(`${header}\n${rows}`));
    expect(r.columns).toEqual(columns);
    expect(r.pairs).toEqual([
      ["a", "yes"],
      ["b", "no"],
    ]);
  });

  it("collapses a gold label repeated per judgment and rejects conflicts", async () => {
    const r = await readGold(file("item,rater,gold\na,w1,1\na,w2,1\nb,w1,0\n"));
    expect(r).toMatchObject({
      rows: 3,
      pairs: [
        ["a", "1"],
        ["b", "0"],
      ],
    });
    await expect(readGold(file("item,gold\na,1\na,0\n"))).rejects.toThrow(
      /:3: column "gold": item "a" has gold "0" here but "1" on line 2/,
    );
  });

  it("reads JSON Lines and explicit columns", async () => {
    const r = await readGold(file('{"id": "a", "truth": 1}\n{"id": "b", "truth": 0}\n', "jsonl"));
    expect(r.pairs).toEqual([
      ["a", "1"],
      ["b", "0"],
    ]);
    const e = await readGold(file("x,y\na,1\n"), { columns: { item: "x", label: "y" } });
    expect(e.pairs).toEqual([["a", "1"]]);
  });

  it("reports bad gold files", async () => {
    await expect(readGold(file("item,rater\na,w\n"))).rejects.toThrow(/no column for the gold label/);
    await expect(readGold(file("item,truth\na,\n"))).rejects.toThrow(/:2: column "truth": empty gold label/);
    await expect(readGold(file("item,truth\n"))).rejects.toThrow(VoxIoError);
  });
});

describe("readPairwise", () => {
  it("accepts winner ids, left/right and ties", async () => {
    const r = await readPairwise(
      file(
        "rater,left,right,label\nw1,a,b,a\nw1,a,b,b\nw2,b,c,Left\nw2,b,c,RIGHT\nw3,a,c,tie\nw3,a,c,draw\n",
      ),
    );
    expect(r.counts).toEqual({ left: 2, right: 2, tie: 2 });
    expect(Array.from(r.comparisons.outcome)).toEqual([0, 1, 0, 1, 2, 2]);
    expect(r.comparisons.raters).toEqual(["w1", "w2", "w3"]);
  });

  it("works without a rater column and with aliases", async () => {
    const r = await readPairwise(file("item_a,item_b,winner\nx,y,y\n"));
    expect(r.columns).toEqual({ left: "item_a", right: "item_b", label: "winner" });
    expect(r.comparisons.raters).toEqual([""]);
  });

  it("names the line of a bad comparison", async () => {
    await expect(readPairwise(file("left,right,label\na,b,a\na,b,c\n"))).rejects.toThrow(
      /:3: column "label": label "c" is neither item \("a", "b"\) nor left, right or tie/,
    );
    await expect(readPairwise(file("left,right,label\na,a,a\n"))).rejects.toThrow(
      /:2: .*compared with itself/,
    );
    await expect(readPairwise(file("left,right,label\n,b,b\n"))).rejects.toThrow(
      /:2: column "left": empty item id/,
    );
  });
});
