import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runVox } from "../../../test-support/cli.js";
import { tempDir, writeTemp } from "../../../test-support/index.js";
import { VERSION } from "./program.js";

const vox = runVox;

const dir = tempDir();

describe("vox", () => {
  it("prints help and the version", async () => {
    const help = await vox("--help");
    expect(help.code).toBe(0);
    for (const cmd of ["demo", "inspect", "convert", "issues", "dynamics", "report"])
      expect(help.stdout).toContain(cmd);
    expect((await vox()).stdout).toContain("Usage: vox");
    const v = await vox("--version");
    expect(v).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it("has help per command, listing --json", async () => {
    for (const cmd of ["demo", "inspect", "convert", "issues", "dynamics", "report"]) {
      const r = await vox(cmd, "--help");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: vox ${cmd}`);
      expect(r.stdout).toContain("--json");
    }
  });

  it("exits 2 on usage errors", async () => {
    const unknown = await vox("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const badInt = await vox("demo", "--items", "lots");
    expect(badInt.code).toBe(2);
    expect(badInt.stderr).toContain('--items must be an integer between 1 and 10000000 (got "lots")');
    const badChoice = await vox("inspect", "x.csv", "--duplicates", "merge");
    expect(badChoice).toMatchObject({ code: 2 });
    expect(badChoice.stderr).toContain("--duplicates must be one of error, keep-last, keep-first, keep-all");
    expect((await vox("demo", "--raters", "3", "--overlap", "5")).stderr).toContain(
      "--overlap (5) cannot exceed --raters (3)",
    );
    expect((await vox("inspect")).code).toBe(2);
  });
});

describe("vox demo", () => {
  it("is reproducible per seed and describes the dataset", async () => {
    const a = await vox("demo", "--seed", "7", "--json");
    const b = await vox("demo", "--seed", "7", "--json");
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout);
    expect(out).toMatchObject({ seed: 7, items: 200, raters: 20, judgments: 1000, spammers: 2 });
    expect(out.raterAccuracy).toHaveLength(20);
    const c = JSON.parse((await vox("demo", "--seed", "8", "--json")).stdout);
    expect(c.judgmentAccuracy).not.toBe(out.judgmentAccuracy);
    const human = await vox("demo", "--seed", "7");
    expect(human.stdout).toMatch(/200 items, 20 raters, 1000 judgments/);
  });

  it("writes files that the other commands read", async () => {
    const out = join(dir, "demo");
    const r = await vox("demo", "--items", "30", "--out", out, "--json");
    expect(r.code).toBe(0);
    const ins = await vox("inspect", join(out, "answers.csv"), "--gold", join(out, "gold.csv"), "--json");
    expect(ins.code).toBe(0);
    const info = JSON.parse(ins.stdout);
    expect(info).toMatchObject({ items: 30, judgments: 150, gold: { items: 30, unmatched: 0 } });
    expect(info.gold.judgmentAccuracy).toBeCloseTo(JSON.parse(r.stdout).judgmentAccuracy, 12);
  });
});

describe("vox inspect", () => {
  it("describes annotations, gold, pairwise and matrix files", async () => {
    const ann = writeTemp(
      dir,
      "a.csv",
      "task,worker,answer,duration_ms\nt1,w1,3,1000\nt1,w2,4,3000\nt2,w1,3,\n",
    );
    const r = JSON.parse((await vox("inspect", ann, "--json")).stdout);
    expect(r).toMatchObject({ format: "csv", items: 2, raters: 2, judgments: 3, singlyLabeledItems: 1 });
    expect(r.numeric).toEqual({ min: 3, mean: 10 / 3, max: 4 });
    expect(r.durations).toEqual({ count: 2, medianMs: 2000 });
    const human = await vox("inspect", ann);
    expect(human.stdout).toContain("item, rater, label = task, worker, answer");
    const gold = writeTemp(dir, "g.csv", "question,truth\nt1,3\nt2,4\n");
    expect(JSON.parse((await vox("inspect", gold, "--kind", "gold", "--json")).stdout)).toMatchObject({
      items: 2,
    });
    const pairs = writeTemp(dir, "p.csv", "worker,left,right,label\nw1,a,b,a\n");
    expect(JSON.parse((await vox("inspect", pairs, "--kind", "pairwise", "--json")).stdout)).toMatchObject({
      comparisons: 1,
      outcomes: { left: 1, right: 0, tie: 0 },
    });
    const m = writeTemp(dir, "m.csv", "0.5,0.5\n0.1,0.9\n");
    expect(JSON.parse((await vox("inspect", m, "--kind", "matrix", "--json")).stdout)).toMatchObject({
      rows: 2,
      cols: 2,
      min: 0.1,
      max: 0.9,
    });
  });

  it("exits 2 with file, line and column for bad input, JSON or not", async () => {
    const ragged = writeTemp(dir, "r.csv", "item,rater,label\nt1,w1,a\nt2,w1\n");
    for (const extra of [[], ["--json"]]) {
      const r = await vox("inspect", ragged, ...extra);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`vox: ${ragged}:3: expected 3 fields as the header, found 2\n`);
    }
    const dup = writeTemp(dir, "d.csv", "item,rater,label\nt1,w1,a\nt1,w1,b\n");
    expect((await vox("inspect", dup)).stderr).toContain(
      `${dup}:3: column "rater": rater "w1" already judged item "t1" on line 2`,
    );
    expect(
      JSON.parse((await vox("inspect", dup, "--duplicates", "keep-last", "--json")).stdout),
    ).toMatchObject({
      judgments: 1,
      duplicates: { repeated: 1, dropped: 1 },
    });
    expect((await vox("inspect", join(dir, "missing.csv"))).code).toBe(2);
  });
});

describe("vox convert", () => {
  it("converts annotations, gold and matrices by extension", async () => {
    const ann = writeTemp(
      dir,
      "mt.csv",
      "HITId,WorkerId,Input.id,Answer.label\nH1,W1,i1,cat\nH2,W1,i2,dog\n",
    );
    const out = join(dir, "mt.jsonl");
    expect((await vox("convert", ann, out)).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(
      '{"item":"i1","rater":"W1","label":"cat"}\n{"item":"i2","rater":"W1","label":"dog"}\n',
    );
    const m = writeTemp(dir, "mm.csv", "a,b\n1,2\n3,4\n");
    const npy = join(dir, "mm.npy");
    expect(JSON.parse((await vox("convert", m, npy, "--json")).stdout)).toMatchObject({
      kind: "matrix",
      rows: 2,
    });
    expect(JSON.parse((await vox("inspect", npy, "--json")).stdout)).toMatchObject({
      rows: 2,
      cols: 2,
      max: 4,
    });
    const gold = writeTemp(dir, "gg.tsv", "q\ttruth\nx\t1\n");
    expect((await vox("convert", gold, join(dir, "gg.csv"), "--kind", "gold")).code).toBe(0);
    expect(readFileSync(join(dir, "gg.csv"), "utf8")).toBe("item,label\nx,1\n");
  });

  it("leaves no output behind when the input is bad", async () => {
    const bad = writeTemp(dir, "bad.csv", "a,b\n1,2\n3,x\n");
    const out = join(dir, "bad-out.npy");
    const r = await vox("convert", bad, out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(':3: column "b": expected a number, found "x"');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });
});
