import { gzipSync } from "node:zlib";
import { judgmentAt } from "@vox/core";
import { describe, expect, it } from "vitest";
import { tempDir, writeTemp } from "../../../test-support/index.js";
import { readAnnotations } from "./annotations.js";
import { COLUMN_ALIASES } from "./columns.js";
import { VoxIoError } from "./errors.js";

const dir = tempDir();
let n = 0;
const file = (content: string | Uint8Array, ext = "csv") => writeTemp(dir, `f${n++}.${ext}`, content);

/** The judgments of a file as plain triples. */
async function triples(path: string, options = {}) {
  const r = await readAnnotations(path, options);
  return Array.from({ length: r.annotations.item.length }, (_, j) => {
    const { item, rater, label } = judgmentAt(r.annotations, j);
    return [item, rater, label];
  });
}

/** Expects `p` to reject with a VoxIoError of `code` whose message matches `message`. */
async function expectIoError(p: Promise<unknown>, code: string, message: RegExp) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(VoxIoError);
  expect((e as VoxIoError).code).toBe(code);
  expect((e as VoxIoError).message).toMatch(message);
  return e as VoxIoError;
}

const rows = "t1,w1,yes\nt1,w2,no\nt2,w1,yes\n";

describe("header aliases", () => {
  const roles = ["item", "rater", "label"] as const;
  const defaults = { item: "item", rater: "rater", label: "label" };
  for (const role of roles) {
    for (const alias of COLUMN_ALIASES[role]) {
      it(`accepts ${JSON.stringify(alias)} for ${role}`, async () => {
        const header = roles.map((r) => (r === role ? alias : defaults[r]));
        const r = await readAnnotations(file(`${header.join(",")}\n${rows}`));
        expect(r.columns[role]).toBe(alias);
        expect(r.annotations.items).toEqual(["t1", "t2"]);
        expect(r.annotations.raters).toEqual(["w1", "w2"]);
        expect(r.annotations.classes).toEqual(["yes", "no"]);
      });
    }
  }

  it("matches case-insensitively, ignoring a leading ! and spaces/hyphens", async () => {
    const r = await readAnnotations(file(`Task ID,!AMT-Worker-IDs,Response\n${rows}`));
    expect(r.columns).toMatchObject({ item: "Task ID", rater: "!AMT-Worker-IDs", label: "Response" });
    expect(r.annotations.item.length).toBe(3);
  });

  it("prefers the earlier alias when two columns could serve a role", async () => {
    // `id` and `item` both name items; `item` is listed first, so the annotation id column is left alone.
    const r = await readAnnotations(file("id,item,worker,answer\na1,t1,w1,yes\na2,t2,w1,no\n"));
    expect(r.columns.item).toBe("item");
    expect(r.annotations.items).toEqual(["t1", "t2"]);
  });

  it("takes explicit column names over aliases", async () => {
    const r = await readAnnotations(file("thing,who,what,label\nt1,w1,yes,zzz\n"), {
      columns: { item: "thing", rater: "who", label: "what" },
    });
    expect(r.annotations.classes).toEqual(["yes"]);
    await expectIoError(
      readAnnotations(file("a,b\n1,2\n"), { columns: { item: "nope" } }),
      "MISSING_COLUMN",
      /:1: column "nope": no such column for item/,
    );
  });
});

describe("line endings, quoting and encodings", () => {
  const expected = [
    ["t1", "w1", "yes"],
    ["t1", "w2", "no"],
    ["t2", "w1", "yes"],
  ];
  const body = `item,rater,label\n${rows}`;

  it.each([
    ["LF", body],
    ["CRLF", body.replaceAll("\n", "\r\n")],
    ["CR only", body.replaceAll("\n", "\r")],
    ["BOM + CRLF", `\uFEFF${body.replaceAll("\n", "\r\n")}`],
    ["no final newline", body.trimEnd()],
    ["blank lines", body.replace("\n", "\n\n\n").concat("\n\n")],
  ])("reads %s", async (_, content) => {
    expect(await triples(file(content))).toEqual(expected);
  });

  it("reads quoted fields with delimiters, quotes and line breaks", async () => {
    const p = file('item,rater,label\n"t,1",w1,"say ""yes"""\nt2,"w\n2",no\r\n');
    expect(await triples(p)).toEqual([
      ["t,1", "w1", 'say "yes"'],
      ["t2", "w\n2", "no"],
    ]);
  });

  it("trims spaces around ids and labels", async () => {
    expect(await triples(file("item, rater, label\nt1 , w1,  yes\n"))).toEqual([["t1", "w1", "yes"]]);
  });

  it("reads TSV, sniffing tabs when the extension does not say", async () => {
    const tsv = 'item\trater\tlabel\nt1\tw1\tsaid "yes\n';
    expect(await triples(file(tsv, "tsv"))).toEqual([["t1", "w1", 'said "yes']]);
    expect(await triples(file(tsv, "txt"))).toEqual([["t1", "w1", 'said "yes']]);
  });

  it("reads gzipped files", async () => {
    expect(await triples(file(gzipSync(body), "csv.gz"))).toEqual(expected);
  });

  it("reads JSON Lines with string, number and boolean labels", async () => {
    const p = file(
      '\uFEFF{"task": "t1", "worker": "w1", "answer": 3}\n\n{"task": "t2", "worker": "w1", "answer": true}\r\n{"task": "t2", "worker": 7, "answer": "x"}\n',
      "jsonl",
    );
    expect(await triples(p)).toEqual([
      ["t1", "w1", "3"],
      ["t2", "w1", "true"],
      ["t2", "7", "x"],
    ]);
  });

  it("reads durations in milliseconds or seconds", async () => {
    const ms = await readAnnotations(file("item,rater,label,duration_ms\nt1,w1,a,1500\nt2,w1,a,\n"));
    expect(Array.from(ms.annotations.durationMs!)).toEqual([1500, Number.NaN]);
    const s = await readAnnotations(file("item,rater,label,duration_s\nt1,w1,a,2.5\n"));
    expect(Array.from(s.annotations.durationMs!)).toEqual([2500]);
  });

  it("keeps a gold column found in the annotations file", async () => {
    const r = await readAnnotations(file("item,rater,label,gold\nt1,w1,a,a\nt1,w2,b,a\nt2,w1,b,b\n"));
    expect(r.gold).toEqual([
      ["t1", "a"],
      ["t2", "b"],
    ]);
    await expectIoError(
      readAnnotations(file("item,rater,label,gold\nt1,w1,a,a\nt1,w2,b,b\n")),
      "CONFLICT",
      /:3: column "gold": item "t1" has gold "b" here but "a" on line 2/,
    );
  });

  it("applies a class order", async () => {
    const r = await readAnnotations(file("item,rater,label\nt1,w1,3\nt1,w2,1\n"), {
      classOrder: ["1", "2", "3"],
    });
    expect(r.annotations.classes).toEqual(["1", "2", "3"]);
  });
});

describe("MTurk batch results", () => {
  const head = "HITId,HITTypeId,AssignmentId,WorkerId,AssignmentStatus,WorkTimeInSeconds,Input.id,Input.text";
  it("reads a single Answer column, skipping rejected assignments", async () => {
    const p = file(
      `${head},Answer.sentiment\nH1,T,A1,W1,Approved,12,item-1,"good, really",positive\n` +
        `H1,T,A2,W2,Rejected,3,item-1,"good, really",negative\nH2,T,A3,W1,Submitted,20,item-2,bad,negative\n`,
    );
    const r = await readAnnotations(p);
    expect(r.format).toBe("mturk");
    expect(r.columns).toMatchObject({ item: "Input.id", rater: "WorkerId", label: "Answer.sentiment" });
    expect(r.skipped.rejected).toBe(1);
    expect(await triples(p)).toEqual([
      ["item-1", "W1", "positive"],
      ["item-2", "W1", "negative"],
    ]);
    expect(Array.from(r.annotations.durationMs!)).toEqual([12000, 20000]);
  });

  it("reads a radio group exported as Answer.<group>.<option> booleans, and falls back to HITId", async () => {
    const p = file(
      "HITId,WorkerId,Input.text,Answer.sentiment.pos,Answer.sentiment.neg\nH1,W1,x,true,false\nH1,W2,x,false,true\n",
    );
    expect(await triples(p)).toEqual([
      ["H1", "W1", "pos"],
      ["H1", "W2", "neg"],
    ]);
    const bad = file("HITId,WorkerId,Answer.s.pos,Answer.s.neg\nH1,W1,true,false\nH2,W1,true,true\n");
    await expectIoError(readAnnotations(bad), "BAD_VALUE", /:3: expected exactly one .* to be true, found 2/);
  });

  it("asks for --label-column when several unrelated Answer columns exist", async () => {
    const p = file("HITId,WorkerId,Answer.a,Answer.b\nH1,W1,x,y\n");
    await expectIoError(
      readAnnotations(p),
      "MISSING_COLUMN",
      /several Answer\.\* columns \(Answer\.a, Answer\.b\)/,
    );
    expect(await triples(p, { columns: { label: "Answer.b" } })).toEqual([["H1", "W1", "y"]]);
  });
});

describe("repeated judgments", () => {
  const content = "item,rater,label\nt1,w1,a\nt2,w1,b\nt1,w1,c\nt1,w2,a\nt1,w1,d\n";

  it("fail by default, naming both lines", async () => {
    const e = await expectIoError(
      readAnnotations(file(content)),
      "DUPLICATE_JUDGMENT",
      /:4: column "rater": rater "w1" already judged item "t1" on line 2 \(2 repeated judgments in all\)/,
    );
    expect(e.line).toBe(4);
  });

  it("count lines correctly after skipped rows and multi-line fields", async () => {
    const p = file('item,rater,label\nt0,w1,"multi\nline"\nt1,w1,\nt1,w1,a\nt1,w1,b\n');
    await expectIoError(
      readAnnotations(p, { emptyLabels: "skip" }),
      "DUPLICATE_JUDGMENT",
      /:6: .* on line 5/,
    );
  });

  it("keep-last, keep-first and keep-all", async () => {
    const p = file(content);
    expect(await triples(p, { duplicates: "keep-last" })).toEqual([
      ["t2", "w1", "b"],
      ["t1", "w2", "a"],
      ["t1", "w1", "d"],
    ]);
    expect(await triples(p, { duplicates: "keep-first" })).toEqual([
      ["t1", "w1", "a"],
      ["t2", "w1", "b"],
      ["t1", "w2", "a"],
    ]);
    const all = await readAnnotations(p, { duplicates: "keep-all" });
    expect(all.annotations.item.length).toBe(5);
    expect(all).toMatchObject({ repeated: 2, dropped: 0 });
    expect(await readAnnotations(p, { duplicates: "keep-last" })).toMatchObject({ repeated: 2, dropped: 2 });
  });
});

describe("bad input", () => {
  it("an empty file", async () => {
    await expectIoError(readAnnotations(file("")), "EMPTY_FILE", /f\d+\.csv: the file is empty/);
    await expectIoError(readAnnotations(file("\n\n")), "EMPTY_FILE", /empty/);
  });

  it("a header without rows", async () => {
    await expectIoError(readAnnotations(file("item,rater,label\n")), "EMPTY_FILE", /no judgments/);
  });

  it("a missing column", async () => {
    await expectIoError(
      readAnnotations(file("item,label\nt1,a\n")),
      "MISSING_COLUMN",
      /:1: no column for rater \(accepted names: rater, .*worker.*\); the header has: item, label/,
    );
  });

  it("a ragged row", async () => {
    const e = await expectIoError(
      readAnnotations(file("item,rater,label\nt1,w1,a\nt2,w1\n")),
      "RAGGED_ROW",
      /:3: expected 3 fields as the header, found 2/,
    );
    expect(e.line).toBe(3);
  });

  it("an unclosed quote", async () => {
    await expectIoError(
      readAnnotations(file('item,rater,label\nt1,w1,"open\nt2,w1,a\n')),
      "BAD_QUOTES",
      /not closed/,
    );
  });

  it("empty ids and labels", async () => {
    await expectIoError(
      readAnnotations(file("item,rater,label\nt1,w1,a\n,w1,a\n")),
      "BAD_VALUE",
      /:3: column "item": empty item id/,
    );
    await expectIoError(
      readAnnotations(file("item,rater,label\nt1,,a\n")),
      "BAD_VALUE",
      /:2: column "rater": empty rater id/,
    );
    await expectIoError(
      readAnnotations(file("item,rater,label\nt1,w1,\n")),
      "BAD_VALUE",
      /:2: column "label": empty label/,
    );
    const r = await readAnnotations(file("item,rater,label\nt1,w1,\nt2,w1,a\n"), { emptyLabels: "skip" });
    expect(r.skipped.emptyLabel).toBe(1);
    expect(r.annotations.item.length).toBe(1);
  });

  it("bad JSON Lines", async () => {
    await expectIoError(
      readAnnotations(file('{"item":"a","rater":"r","label":"x"}\n{"item": oops}\n', "jsonl")),
      "BAD_VALUE",
      /:2: invalid JSON/,
    );
    await expectIoError(readAnnotations(file("[1,2]\n", "jsonl")), "BAD_VALUE", /:1: expected a JSON object/);
    await expectIoError(
      readAnnotations(file('{"item":"a","rater":"r","label":"x"}\n\n{"item":"b","rater":"r"}\n', "jsonl")),
      "MISSING_COLUMN",
      /:3: column "label": field missing/,
    );
    await expectIoError(
      readAnnotations(file('{"item":"a","rater":"r","label":["x"]}\n', "jsonl")),
      "BAD_VALUE",
      /:1: column "label": expected a string, number or boolean/,
    );
  });

  it("a file that does not exist", async () => {
    await expectIoError(readAnnotations(`${dir}/nope.csv`), "NOT_FOUND", /nope\.csv: no such file/);
    await expectIoError(readAnnotations(dir), "NOT_FOUND", /not a regular file/);
  });

  it("a corrupt gzip file", async () => {
    await expectIoError(
      readAnnotations(file("not gzip", "csv.gz")),
      "BAD_VALUE",
      /\.csv\.gz: not a valid gzip file/,
    );
    await expectIoError(readAnnotations(file("not gzip", "jsonl.gz")), "BAD_VALUE", /not a valid gzip file/);
  });

  it("an abort signal", async () => {
    const ac = new AbortController();
    ac.abort();
    await expectIoError(
      readAnnotations(file(`item,rater,label\n${rows}`), { signal: ac.signal }),
      "ABORTED",
      /interrupted/,
    );
    await expectIoError(
      readAnnotations(file('{"item":"a","rater":"r","label":"x"}\n', "jsonl"), { signal: ac.signal }),
      "ABORTED",
      /interrupted/,
    );
  });
});
