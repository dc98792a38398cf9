// vox ssl, in-process.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readNpy } from "@vox/io";
import { describe, expect, it } from "vitest";
import { runVox } from "../../../test-support/cli.js";
import { tempDir, writeTemp } from "../../../test-support/index.js";

const dir = tempDir();
const spamWords = [
  "win cash prize now",
  "free prize claim now",
  "urgent win free cash",
  "claim your free prize",
];
const hamWords = [
  "see you at lunch",
  "call me later tonight",
  "lunch later with mum",
  "see you tonight at home",
];
const line = (label: string, text: string) => `${label}\t${text}`;
// Labeled: 2 rows per class; unlabeled: 16 more rows (with labels, which vox ssl only scores).
const labeled = writeTemp(
  dir,
  "l.tsv",
  `${[line("spam", spamWords[0]!), line("spam", spamWords[1]!), line("ham", hamWords[0]!), line("ham", hamWords[1]!)].join("\n")}\n`,
);
const unlabeledRows: string[] = [];
for (let r = 0; r < 4; r++)
  for (let t = 0; t < 4; t++) {
    unlabeledRows.push(line("spam", `${spamWords[t]} ${spamWords[(t + r) % 4]!.split(" ")[0]}`));
    unlabeledRows.push(line("ham", `${hamWords[t]} ${hamWords[(t + r) % 4]!.split(" ")[0]}`));
  }
const unlabeled = writeTemp(dir, "u.tsv", `${unlabeledRows.join("\n")}\n`);

describe("vox ssl", () => {
  it("label spreading on LSA features writes U's probabilities and scores U's labels", async () => {
    const out = join(dir, "spread.npy");
    const r = await runVox(
      "ssl",
      "--labeled",
      labeled,
      "--unlabeled",
      unlabeled,
      "--method",
      "label-spreading",
      "--lsa",
      "4",
      "--neighbours",
      "3",
      "--out",
      out,
      "--json",
    );
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.classes).toEqual(["ham", "spam"]);
    expect(summary.unlabeled).toBe(32);
    expect(summary.features).toEqual({ kind: "tfidf", dense: true, columns: 4, views: 0 });
    // The two vocabularies share no word, so the kNN graph never links a spam row to a ham row.
    expect(summary.unlabeledAccuracy).toBe(1);
    const npy = await readNpy(out);
    expect(npy.shape).toEqual([32, 2]);
  });

  it("fixmatch runs on the same data; self-training also runs on sparse TF-IDF (--lsa 0)", async () => {
    const a = await runVox(
      "ssl",
      "--labeled",
      labeled,
      "--unlabeled",
      unlabeled,
      "--method",
      "fixmatch",
      "--lsa",
      "4",
      "--steps",
      "30",
      "--out",
      join(dir, "fm.npy"),
      "--json",
    );
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).predicted).toBeDefined();
    const withViews = await runVox(
      "ssl",
      "--labeled",
      labeled,
      "--unlabeled",
      unlabeled,
      "--method",
      "fixmatch",
      "--lsa",
      "4",
      "--steps",
      "30",
      "--views",
      "2",
      "--out",
      join(dir, "fmv.npy"),
      "--json",
    );
    expect(withViews.code).toBe(0);
    expect(JSON.parse(withViews.stdout).features.views).toBe(2);
    const b = await runVox(
      "ssl",
      "--labeled",
      labeled,
      "--unlabeled",
      unlabeled,
      "--method",
      "self-training",
      "--lsa",
      "0",
      "--out",
      join(dir, "st.npy"),
    );
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/predicted in U/);
  });

  it("exits 2 on bad input and writes nothing", async () => {
    const out = join(dir, "bad.npy");
    const noLabels = writeTemp(dir, "nolabels.tsv", "spam\twin cash\n\tsee you\n");
    const missing = await runVox(
      "ssl",
      "--labeled",
      noLabels,
      "--unlabeled",
      unlabeled,
      "--method",
      "uda",
      "--out",
      out,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nolabels\.tsv/);
    const method = await runVox(
      "ssl",
      "--labeled",
      labeled,
      "--unlabeled",
      unlabeled,
      "--method",
      "magic",
      "--out",
      out,
    );
    expect(method.code).toBe(2);
    expect(method.stderr).toMatch(/--method must be one of/);
    const sparse = await runVox(
      "ssl",
      "--labeled",
      labeled,
      "--unlabeled",
      unlabeled,
      "--method",
      "mean-teacher",
      "--lsa",
      "0",
      "--out",
      out,
    );
    expect(sparse.code).toBe(2);
    expect(sparse.stderr).toMatch(/needs dense features/);
    expect(existsSync(out)).toBe(false);
  });
});
