import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runVox as vox } from "../../../../test-support/cli.js";
import { sharedData, skipWithoutShared, tempDir, writeTemp } from "../../../../test-support/index.js";

const dir = tempDir();
// Five items; r3 always disagrees; t5 is a 1–1 tie.
const answers = writeTemp(
  dir,
  "answers.csv",
  "item,rater,label\nt1,r1,cat\nt1,r2,cat\nt1,r3,dog\nt2,r1,dog\nt2,r2,dog\nt2,r3,cat\n" +
    "t3,r1,cat\nt3,r2,cat\nt3,r3,dog\nt4,r1,dog\nt4,r2,dog\nt4,r3,cat\nt5,r1,cat\nt5,r3,dog\n",
);
const gold = writeTemp(dir, "gold.csv", "item,label\nt1,cat\nt2,dog\nt3,cat\nt4,cat\n");

describe("vox aggregate", () => {
  it("has help listing the methods and --json", async () => {
    const r = await vox("aggregate", "--help");
    expect(r.code).toBe(0);
    for (const s of [
      "--method",
      "--known",
      "--eval",
      "--soft",
      "--max-iter",
      "--tol",
      "--seed",
      "--json",
      "noisybt",
    ]) {
      expect(r.stdout).toContain(s);
    }
  });

  it("prints the labels' summary, rater skills and scores against gold", async () => {
    const r = await vox("aggregate", answers, "--method", "mv", "--eval", gold, "--ties", "first");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Majority vote on .*: 5 items, 3 raters, 14 judgments, 2 classes/);
    expect(r.stdout).toContain("accuracy 75.00%");
    const json = JSON.parse(
      (await vox("aggregate", answers, "--method", "mv", "--eval", gold, "--json")).stdout,
    );
    expect(json).toMatchObject({
      method: "mv",
      iterations: 0,
      converged: true,
      metrics: { items: 4, accuracy: 0.75 },
    });
    expect(json.raters.map((x: { rater: string }) => x.rater)).toEqual(["r1", "r2", "r3"]);
  });

  it("writes labels with confidence, and every class's probability with --soft", async () => {
    const out = join(dir, "labels.csv");
    const r = await vox("aggregate", answers, "--method", "ds", "--out", out, "--soft", "--seed", "3");
    expect(r.code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("item,label,confidence,p:cat,p:dog");
    expect(lines).toHaveLength(6);
    const [, label, confidence, pCat, pDog] = lines[1]!.split(",");
    expect(label).toBe("cat");
    expect(Number(pCat) + Number(pDog)).toBeCloseTo(1, 8);
    expect(Number(confidence)).toBe(Number(pCat));
    const jsonl = join(dir, "labels.jsonl");
    await vox("aggregate", answers, "--method", "mv", "--out", jsonl, "--ties", "soft");
    const rows = readFileSync(jsonl, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ item: "t1", label: "cat" });
    expect(rows[0].confidence).toBeCloseTo(2 / 3, 9);
    expect(rows[4]).toEqual({ item: "t5", label: "", confidence: 0.5 });
  });

  it("clamps known labels and runs gold majority vote for wmv without weights", async () => {
    const known = writeTemp(dir, "known.csv", "item,label\nt5,dog\nt4,cat\n");
    const r = JSON.parse(
      (await vox("aggregate", answers, "--method", "ds", "--known", known, "--json")).stdout,
    );
    expect(r.classes.find((c: { name: string }) => c.name === "dog").items).toBeGreaterThan(0);
    const out = join(dir, "known.csv.out.csv");
    await vox("aggregate", answers, "--method", "wmv", "--known", known, "--out", out);
    expect(readFileSync(out, "utf8")).toContain("t5,dog,1");
    const weights = writeTemp(dir, "weights.csv", "rater,weight\nr1,1\nr2,1\nr3,5\n");
    const w = await vox("aggregate", answers, "--method", "wmv", "--weights", weights, "--json");
    expect(JSON.parse(w.stdout).raters[2].skill).toBe(5);
  });

  it("aggregates numbers and scores MAE/RMSE", async () => {
    const ratings = writeTemp(
      dir,
      "ratings.csv",
      "item,rater,rating\na,r1,1\na,r2,3\nb,r1,10\nb,r2,20\nb,r3,60\n",
    );
    const truth = writeTemp(dir, "truth.csv", "item,truth\na,2\nb,15\n");
    const r = JSON.parse(
      (await vox("aggregate", ratings, "--method", "median", "--eval", truth, "--json")).stdout,
    );
    expect(r.metrics).toEqual({ items: 2, mae: 2.5, rmse: Math.sqrt(12.5) });
    const out = join(dir, "values.csv");
    expect(
      (await vox("aggregate", ratings, "--method", "trimmed", "--trim", "0.34", "--out", out)).code,
    ).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("item,value\na,2\nb,20\n");
    const bias = JSON.parse((await vox("aggregate", ratings, "--method", "bias", "--json")).stdout);
    expect(bias.raters[0]).toHaveProperty("precision");
  });

  it("ranks pairwise preferences and scores Spearman's rho", async () => {
    const prefs = writeTemp(
      dir,
      "prefs.csv",
      "worker,left,right,label\nw1,a,b,a\nw1,b,c,b\nw2,c,a,a\nw2,a,b,a\nw3,b,c,b\nw3,a,c,tie\n",
    );
    const truth = writeTemp(dir, "scores.csv", "item,label\na,3\nb,2\nc,1\n");
    const out = join(dir, "ranking.csv");
    const r = await vox("aggregate", prefs, "--method", "bt", "--eval", truth, "--out", out, "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.ranking[0].item).toBe("a");
    expect(json.metrics.spearman).toBeCloseTo(1, 12);
    expect(readFileSync(out, "utf8").split("\n")[0]).toBe("item,score,rank");
    const noisy = JSON.parse((await vox("aggregate", prefs, "--method", "noisybt", "--json")).stdout);
    expect(noisy.raters[0]).toHaveProperty("reliability");
  });

  it("aggregates label sets class by class", async () => {
    const sets = writeTemp(
      dir,
      "sets.csv",
      "item,rater,label\nt1,w1,house|tree\nt1,w2,house\nt1,w3,house|tree|grass\n",
    );
    const out = join(dir, "sets.out.csv");
    const r = await vox("aggregate", sets, "--method", "ds", "--multi-label", "|", "--out", out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8").split("\n")[1]).toMatch(/^t1,house\|tree,/);
  });

  it("exits 2 on impossible combinations, leaving no output", async () => {
    const out = join(dir, "never.csv");
    const cases: [string[], RegExp][] = [
      [["--method", "ds", "--weights", gold], /--weights applies to --method wmv/],
      [["--method", "wmv"], /needs --weights FILE/],
      [["--method", "mean"], /needs numeric labels; label "cat" is not a number/],
      [["--method", "median", "--known", gold], /--known applies to categorical methods/],
      [["--method", "frob"], /--method must be one of/],
      [["--method", "ds", "--known", writeTemp(dir, "bad.csv", "item\nt1\n")], /bad.csv:1/],
    ];
    for (const [args, message] of cases) {
      const r = await vox("aggregate", answers, ...args, "--out", out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const three = writeTemp(dir, "three.csv", "item,rater,label\na,r1,x\na,r2,y\nb,r1,z\n");
    expect((await vox("aggregate", three, "--method", "kos", "--out", out)).stderr).toMatch(/two classes/);
    expect((await vox("aggregate", answers)).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

// The crowd datasets through the CLI: Dawid–Skene within 0.5 points of crowd-kit's published accuracy
// (../shared/data/crowd/README.md: D_Product DS .940, D_PosSent DS .960).
describe.skipIf(skipWithoutShared())("vox aggregate on the shared crowd data", () => {
  it("Dawid–Skene on D_Product and D_PosSent", async () => {
    for (const [set, published] of [
      ["zheng_d_product", 0.94],
      ["zheng_d_possent", 0.96],
    ] as const) {
      const args = [sharedData("crowd", set, "answer.csv"), "--method", "ds", "--json"];
      const r = JSON.parse(
        (await vox("aggregate", ...args, "--eval", sharedData("crowd", set, "truth.csv"))).stdout,
      );
      expect(Math.abs(r.metrics.accuracy - published)).toBeLessThan(0.005);
    }
  });
});
