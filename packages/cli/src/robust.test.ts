// vox train's noise-robust options, in-process.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "@vox/core";
import { describe, expect, it } from "vitest";
import { runVox as vox } from "../../../test-support/cli.js";
import { tempDir, writeTemp } from "../../../test-support/index.js";

const dir = tempDir();

/** Sentiment-like rows ("good" words positive, "bad" words negative) with 30% of the labels flipped. */
function noisyRows(n: number, seed: number): string {
  const rng = createRng(seed);
  const pos = ["good", "great", "fine", "lovely"];
  const neg = ["bad", "awful", "poor", "dull"];
  const filler = ["the", "film", "plot", "was", "and", "very", "quite", "cast"];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const positive = rng.bernoulli(0.5);
    const words = Array.from({ length: 6 }, () => filler[rng.int(filler.length)]!);
    words.splice(rng.int(6), 0, (positive ? pos : neg)[rng.int(4)]!);
    const label = rng.bernoulli(0.3) !== positive ? "pos" : "neg";
    lines.push(`${label}\t${words.join(" ")}`);
  }
  return lines.join("\n");
}

const data = writeTemp(dir, "noisy.tsv", noisyRows(300, 2));
const out = (name: string) => join(dir, name);
const train = async (...args: string[]) => {
  const r = await vox("train", data, "--out", out("m.json"), "--json", ...args);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};

describe("vox train --loss", () => {
  it("trains with GCE and records the loss in the summary and the model file", async () => {
    const s = await train("--loss", "gce", "--q", "0.5");
    expect(s.robust).toEqual({ loss: { kind: "gce", q: 0.5 } });
    expect(s.model.options.loss).toEqual({ kind: "gce", q: 0.5 });
    const file = JSON.parse(readFileSync(out("m.json"), "utf8"));
    expect(file.meta.training.model.options.loss).toEqual({ kind: "gce", q: 0.5 });
    const p = await vox("predict", out("m.json"), data, "--out", out("p.npy"), "--json");
    expect(p.code).toBe(0);
    // The labels are 30% wrong; against them a good model scores about 0.7.
    expect(JSON.parse(p.stdout).metrics.accuracy).toBeGreaterThan(0.6);
  });

  it("takes MAE, SCE and label smoothing, each changing the fit", async () => {
    const ce = await train();
    expect(ce.robust).toBeUndefined();
    const results = [
      await train("--loss", "mae"),
      await train("--loss", "sce", "--sce-alpha", "0.5", "--sce-beta", "2"),
      await train("--label-smoothing", "0.2"),
    ];
    expect(results.map((r) => r.robust.loss)).toEqual([
      { kind: "mae" },
      { kind: "sce", alpha: 0.5, beta: 2 },
      { kind: "smoothing", epsilon: 0.2 },
    ]);
    for (const r of results) expect(r.trainingLogLoss).not.toBe(ce.trainingLogLoss);
  });

  it("reads a noise matrix file (header in any order) for forward correction", async () => {
    // Rows are true classes, columns observed ones; the header lists pos first.
    const matrix = writeTemp(dir, "noise.csv", "pos,neg\n0.75,0.25\n0.3,0.7\n");
    const s = await train("--loss", "forward", "--noise-matrix", matrix);
    expect(s.classes).toEqual(["neg", "pos"]);
    expect(s.robust.noise).toMatchObject({
      source: matrix,
      transition: [
        [0.7, 0.3],
        [0.25, 0.75],
      ],
    });
    expect(s.robust.loss.kind).toBe("forward");
    // The expected flip share under the observed class shares.
    expect(s.robust.noise.noiseRate).toBeGreaterThan(0.25);
    expect(s.robust.noise.noiseRate).toBeLessThan(0.3);
  });

  it("estimates the noise matrix by confident learning and writes it with --noise-out", async () => {
    const s = await train("--loss", "forward", "--estimate-noise", "--noise-out", out("est.csv"));
    expect(s.robust.noise.source).toBe("estimated (confident learning)");
    const [head, ...lines] = readFileSync(out("est.csv"), "utf8").trim().split("\n");
    expect(head).toBe("neg,pos");
    const m = lines.map((l) => l.split(",").map(Number));
    for (const row of m) expect(row[0]! + row[1]!).toBeCloseTo(1, 10);
    // 30% symmetric flips: the estimate puts real mass off the diagonal.
    expect(m[0]![1]).toBeGreaterThan(0.1);
    expect(m[1]![0]).toBeGreaterThan(0.1);
    // The file reads back as a noise matrix.
    const again = await train("--loss", "forward", "--noise-matrix", out("est.csv"));
    expect(again.robust.noise.transition).toEqual(s.robust.noise.transition);
  });

  it("runs truncated GCE, co-teaching and noisy label annealing", async () => {
    const t = await train("--loss", "gce", "--truncate", "0.5", "--prune-rounds", "3");
    expect(t.robust.truncation.threshold).toBe(0.5);
    expect(t.robust.truncation.kept[0]).toBe(300);
    expect(t.robust.truncation.kept.at(-1)).toBeLessThan(300);
    const c = await train("--co-teaching", "--forget-rate", "0.3", "--epochs", "4", "--seed", "2");
    expect(c.iterations).toBe(4);
    expect(c.robust.coTeaching).toMatchObject({
      forgetRate: 0.3,
      gradualEpochs: 10,
      epochs: 4,
      perClass: false,
    });
    const pc = await train("--co-teaching", "--per-class-selection", "--epochs", "2");
    expect(pc.robust.coTeaching).toMatchObject({ forgetRate: 0.2, perClass: true });
    const m = await train("--co-teaching", "--model", "mlp", "--hidden", "8", "--epochs", "3");
    expect(m.robust.coTeaching.epochs).toBe(3);
    const p = await vox("predict", out("m.json"), data, "--out", out("p2.npy"));
    expect(p.code).toBe(0);
    const n = await train("--noisy-label-annealing", "--model", "mlp", "--hidden", "8", "--epochs", "5");
    expect(n.robust.loss).toEqual({ kind: "nla", base: { kind: "ce" } });
    expect(n.robust.noisyLabelAnnealing.seen).toBeGreaterThan(0);
    expect(n.robust.noisyLabelAnnealing.filtered).toBeGreaterThan(0);
  });

  it("prints the noise matrix for people", async () => {
    const r = await vox("train", data, "--out", out("h.json"), "--loss", "forward", "--estimate-noise");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Noise-robust training: loss forward-corrected cross-entropy.");
    expect(r.stdout).toMatch(/true \\ observed\s+neg\s+pos/);
  });
});

describe("vox train: bad robust options and noise files (exit 2)", () => {
  const fails = async (args: string[], message: string | RegExp) => {
    const r = await vox("train", data, "--out", out("bad.json"), ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  };
  it("refuses combinations that mean nothing", async () => {
    await fails(["--loss", "forward"], "--loss forward needs the noise matrix");
    await fails(["--q", "0.5"], "--q applies to --loss gce");
    await fails(["--loss", "mae", "--label-smoothing", "0.1"], "--label-smoothing applies to --loss ce");
    await fails(["--model", "knn", "--loss", "gce"], "noise-robust training needs --model logreg or mlp");
    await fails(["--noisy-label-annealing"], "needs training in minibatches");
    await fails(["--co-teaching", "--calibrate"], "--calibrate is not available with --co-teaching");
    await fails(["--loss", "gce", "--estimate-noise"], "used by --loss forward or --co-teaching");
    await fails(["--truncate", "0.5"], "--truncate applies to --loss gce");
    await fails(["--per-class-selection"], "--per-class-selection applies to --co-teaching");
    await fails(["--loss", "bogus"], "--loss");
  });
  it("names the file and line of a bad noise matrix", async () => {
    const rows = writeTemp(dir, "rows.csv", "0.9,0.2\n0.3,0.7\n");
    await fails(
      ["--loss", "forward", "--noise-matrix", rows],
      /rows\.csv:1: row 0 of the transition matrix must sum to 1/,
    );
    const size = writeTemp(dir, "size.csv", "1,0,0\n0,1,0\n0,0,1\n");
    await fails(
      ["--loss", "forward", "--noise-matrix", size],
      "must be 2×2 for the 2 classes (neg, pos); found 3×3",
    );
    const names = writeTemp(dir, "names.csv", "pos,spam\n1,0\n0,1\n");
    await fails(["--loss", "forward", "--noise-matrix", names], "the header must name each class once");
    const zero = writeTemp(dir, "zero.csv", "1,0\n1,0\n");
    await fails(
      ["--loss", "forward", "--noise-matrix", zero],
      "column 1 of the transition matrix is all zero",
    );
    await fails(["--loss", "forward", "--noise-matrix", out("missing.csv")], "missing.csv");
  });
});
