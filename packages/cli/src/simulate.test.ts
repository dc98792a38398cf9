import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRng, simulateCrowd } from "@vox/core";
import { describe, expect, it } from "vitest";
import { runVox } from "../../../test-support/cli.js";
import { tempDir, writeTemp } from "../../../test-support/index.js";

const dir = tempDir();

/** A small synthetic crowd (40 items × 5 raters each) and its gold, as CSV files. */
function crowdFiles(): { answers: string; gold: string } {
  const c = simulateCrowd({ items: 40, raters: 10, classes: 2, overlap: 5, seed: 7, accuracy: [0.6, 0.9] });
  const a = c.annotations;
  const rows = Array.from(
    a.item,
    (i, j) => `${a.items[i]},${a.raters[a.rater[j]!]},${a.classes[a.label[j]!]}`,
  );
  const answers = writeTemp(dir, "answers.csv", `item,rater,label\n${rows.join("\n")}\n`);
  const gold = writeTemp(
    dir,
    "gold.csv",
    `item,label\n${Array.from(c.truth, (t, i) => `${a.items[i]},${a.classes[t]}`).join("\n")}\n`,
  );
  return { answers, gold };
}

/** 120 short texts in two classes with class-specific words plus shared noise words (label<TAB>text). */
function textFile(): string {
  const rng = createRng(3);
  const words = [
    ["good", "great", "fine", "happy", "love"],
    ["bad", "awful", "poor", "sad", "hate"],
  ];
  const noise = ["the", "a", "movie", "film", "plot", "actor", "scene", "story"];
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) {
    const y = i % 2;
    const toks = [words[y]![rng.int(5)]!, noise[rng.int(8)]!, noise[rng.int(8)]!];
    if (rng.float() < 0.3) toks.push(words[1 - y]![rng.int(5)]!);
    lines.push(`${y}\t${toks.join(" ")}`);
  }
  return writeTemp(dir, "texts.tsv", `${lines.join("\n")}\n`);
}

describe("vox simulate --replay", () => {
  it("replays the crowd per policy and writes curves, summary, plot and page", async () => {
    const { answers, gold } = crowdFiles();
    const out = join(dir, "replay");
    const r = await runVox(
      "simulate",
      gold,
      "--replay",
      answers,
      "--strategies",
      "posterior:information,lu:random,round-robin",
      "--seeds",
      "2",
      "--batch",
      "10",
      "--out",
      out,
      "--json",
    );
    expect(r.stderr).toContain("40 items, 200 judgments");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.mode).toBe("replay");
    expect(s.baseline).toBe("round-robin");
    expect(s.strategies.map((x: { strategy: string }) => x.strategy)).toEqual([
      "posterior:information",
      "lu:random",
      "round-robin",
    ]);
    for (const st of s.strategies) {
      // Starts from one judgment per item and ends with every judgment revealed, at full-redundancy accuracy.
      expect(st.accuracy.x[0]).toBe(40);
      expect(st.final.x).toBe(200);
      expect(st.final.accuracy).toBeCloseTo(s.reference.accuracy, 10);
      expect(st.reach["100%"]).toBeLessThanOrEqual(200);
      expect(st.aulc.perSeed).toHaveLength(2);
    }
    for (const f of ["curves.csv", "curves.json", "summary.json", "curves.svg", "curves.png", "index.html"])
      expect(existsSync(join(out, f))).toBe(true);
    const csv = readFileSync(join(out, "curves.csv"), "utf8").split("\n");
    expect(csv[0]).toBe("strategy,seed,judgments,accuracy");
    expect(readFileSync(join(out, "curves.png")).subarray(1, 4).toString()).toBe("PNG");
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("<svg");
  });

  it("rejects unknown policies, model-only flags and gold without a label column (exit 2)", async () => {
    const { answers, gold } = crowdFiles();
    const out = join(dir, "bad");
    const bad = await runVox("simulate", gold, "--replay", answers, "--strategies", "mu", "--out", out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("need a model");
    const flag = await runVox("simulate", gold, "--replay", answers, "--pool", "10", "--out", out);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--pool applies to model mode");
    const noLabel = writeTemp(dir, "nolabel.csv", "item,other\ni0000,x\n");
    const g = await runVox("simulate", noLabel, "--replay", answers, "--out", out);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain("nolabel.csv");
    expect(existsSync(out)).toBe(false);
  });
});

describe("vox simulate (model mode)", () => {
  it("runs each strategy per seed on TF-IDF + softmax regression and reports AULC and labels to reach", async () => {
    const data = textFile();
    const out = join(dir, "model");
    const args = ["simulate", data, "--strategies", "random,margin", "--seeds", "2", "--init", "6"];
    const r = await runVox(...args, "--batch", "6", "--budget", "30", "--out", out, "--json");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.mode).toBe("model");
    expect(s.baseline).toBe("random");
    expect(s.settings.poolRows).toBe(90); // 120 rows, a 25% stratified hold-out of 30
    for (const st of s.strategies) {
      expect(st.accuracy.x).toEqual([6, 12, 18, 24, 30]);
      expect(st.macroF1.x).toEqual([6, 12, 18, 24, 30]);
      expect(st.aulc.mean).toBeGreaterThan(0.5);
      expect(st.aulc.mean).toBeLessThanOrEqual(1);
    }
    const csv = readFileSync(join(out, "curves.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("strategy,seed,labels,accuracy,macro_f1");
    expect(csv).toHaveLength(1 + 2 * 2 * 5);
    // Same seeds, same numbers.
    const again = await runVox(
      ...args,
      "--batch",
      "6",
      "--budget",
      "30",
      "--out",
      join(dir, "model2"),
      "--json",
    );
    expect(JSON.parse(again.stdout).strategies).toEqual(s.strategies);
  });

  it("rejects an unknown strategy and an unregistered --ssl method (exit 2)", async () => {
    const data = textFile();
    const out = join(dir, "model-bad");
    const s = await runVox("simulate", data, "--strategies", "random,nope", "--out", out);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('unknown query strategy "nope"');
    const ssl = await runVox("simulate", data, "--ssl", "self-training", "--out", out);
    expect(ssl.code).toBe(2);
    expect(ssl.stderr).toContain("--ssl self-training");
    expect(existsSync(out)).toBe(false);
  });
});
