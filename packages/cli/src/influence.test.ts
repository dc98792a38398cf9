// In-process tests of `vox influence` on a small two-class text set written here, with known flipped labels.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runVox as vox } from "../../../test-support/cli.js";
import { tempDir, writeTemp } from "../../../test-support/index.js";

const dir = tempDir();
const posWords = ["good", "great", "fine", "nice", "happy", "lovely"];
const negWords = ["bad", "awful", "poor", "sad", "ugly", "grim"];
const filler = ["the", "a", "movie", "plot", "cast", "story"];
// Row i: class i mod 2, four words of its class and two fillers chosen by formula; rows 3, 10, 17, 24 flipped.
const flipped = new Set([3, 10, 17, 24]);
function rows(n: number, offset: number, flip: Set<number>): string {
  const lines = ["id\ttext\tlabel"];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const words = c ? negWords : posWords;
    const t = [0, 1, 2, 3].map((j) => words[(i * 7 + j * 5 + offset) % 6]!);
    t.push(filler[(i * 3) % 6]!, filler[(i + 2) % 6]!);
    const label = (flip.has(i) ? 1 - c : c) ? "neg" : "pos";
    lines.push(`r${i}\t${t.join(" ")}\t${label}`);
  }
  return `${lines.join("\n")}\n`;
}
const train = writeTemp(dir, "train.tsv", rows(60, 0, flipped));
const test = writeTemp(dir, "test.tsv", rows(20, 3, new Set()));

function topIds(stdout: string, k: number): string[] {
  return JSON.parse(stdout)
    .top.slice(0, k)
    .map((t: { id: string }) => t.id);
}

describe("vox influence", () => {
  it("--method self ranks the flipped rows first and writes every row worst first", async () => {
    const out = join(dir, "self.csv");
    const r = await vox("influence", train, "--method", "self", "--C", "10", "--out", out, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ rows: 60, classes: ["neg", "pos"], method: "self" });
    expect(new Set(topIds(r.stdout, 4))).toEqual(new Set(["r3", "r10", "r17", "r24"]));
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("index,id,score,given,suggested");
    expect(lines).toHaveLength(61);
    const scores = lines.slice(1).map((l) => Number(l.split(",")[2]));
    for (let t = 1; t < scores.length; t++) expect(scores[t]!).toBeLessThanOrEqual(scores[t - 1]!);
    const human = await vox("influence", train, "--C", "10", "--top", "3");
    expect(human.stdout).toMatch(/60 training rows, 2 classes, self with logreg/);
  });

  it("--method influence explains a test set's loss; flipped rows are harmful", async () => {
    const out = join(dir, "inf.csv");
    const r = await vox(
      "influence",
      train,
      "--method",
      "influence",
      "--test",
      test,
      "--C",
      "10",
      "--out",
      out,
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.testRows).toBe(20);
    expect(j.cgRelativeResidual).toBeLessThan(1e-8);
    expect(new Set(topIds(r.stdout, 4))).toEqual(new Set(["r3", "r10", "r17", "r24"]));
    expect(readFileSync(out, "utf8").split("\n")[0]).toBe("index,id,score,given,suggested,leave_one_out");
  });

  it("--method tracin gives self-influence, or opponents of --test", async () => {
    const self = await vox(
      "influence",
      train,
      "--method",
      "tracin",
      "--epochs",
      "20",
      "--learning-rate",
      "0.1",
      "--json",
    );
    expect(self.code).toBe(0);
    expect(JSON.parse(self.stdout).checkpoints).toBe(20);
    expect(new Set(topIds(self.stdout, 4))).toEqual(new Set(["r3", "r10", "r17", "r24"]));
    const opp = await vox(
      "influence",
      train,
      "--method",
      "tracin",
      "--test",
      test,
      "--epochs",
      "20",
      "--learning-rate",
      "0.1",
      "--json",
    );
    expect(opp.code).toBe(0);
    expect(new Set(topIds(opp.stdout, 4))).toEqual(new Set(["r3", "r10", "r17", "r24"]));
    const mlp = await vox(
      "influence",
      train,
      "--method",
      "tracin",
      "--model",
      "mlp",
      "--hidden",
      "8",
      "--epochs",
      "5",
      "--json",
    );
    expect(mlp.code).toBe(0);
    expect(JSON.parse(mlp.stdout).checkpoints).toBe(5);
  });

  it("--method incv removes the flipped rows", async () => {
    const out = join(dir, "incv.csv");
    const r = await vox("influence", train, "--method", "incv", "--seed", "1", "--out", out, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.selected + j.removed + j.candidates).toBe(60);
    expect(j.rounds.length).toBeGreaterThan(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("index,id,score,given,suggested,status");
    const notSelected = lines
      .slice(1)
      .filter((l) => !l.endsWith(",selected"))
      .map((l) => l.split(",")[1]);
    for (const id of ["r3", "r10", "r17", "r24"]) expect(notSelected).toContain(id);
    const again = await vox("influence", train, "--method", "incv", "--seed", "1", "--json");
    expect(JSON.parse(again.stdout).rounds).toEqual(j.rounds);
  });

  it("exits 2 on bad input", async () => {
    const noTest = await vox("influence", train, "--method", "influence");
    expect(noTest.code).toBe(2);
    expect(noTest.stderr).toContain("needs --test");
    const knn = await vox("influence", train, "--model", "knn");
    expect(knn.code).toBe(2);
    expect(knn.stderr).toContain("softmax regression only");
    expect((await vox("influence", train, "--method", "incv", "--test", test)).code).toBe(2);
    expect((await vox("influence", train, "--method", "nope")).code).toBe(2);
    const odd = writeTemp(dir, "odd.tsv", "id\ttext\tlabel\nq1\tgood film\tpos\nq2\tbad film\tmeh\n");
    const r = await vox("influence", train, "--method", "influence", "--test", odd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("odd.tsv");
    expect(r.stderr).toContain('"meh" is not a class');
    const npy = await vox(
      "influence",
      train,
      "--method",
      "influence",
      "--test",
      test,
      "--features",
      "npy:x.npy",
    );
    expect(npy.code).toBe(2);
    expect(npy.stderr).toContain("--test needs features made from text");
    const unlabelled = writeTemp(dir, "nolabel.tsv", "id\ttext\nq1\tgood film\n");
    expect((await vox("influence", unlabelled)).code).toBe(2);
  });
});
