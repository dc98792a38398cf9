import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runVox as vox } from "../../../test-support/cli.js";
import { sharedData, skipWithoutShared, tempDir, writeTemp } from "../../../test-support/index.js";
import { main } from "./main.js";

/** Runs vox in-process and captures its output. */
async function json(...argv: string[]) {
  const r = await vox(...argv, "--json");
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const dir = tempDir();

/** Krippendorff (2011) example C in long format (4 observers × 12 units, "." missing). */
const exampleC = (() => {
  const rows = [
    "1 2 3 3 2 1 4 1 2 . . .",
    "1 2 3 3 2 2 4 1 2 5 . 3",
    ". 3 3 3 2 3 4 2 2 5 1 .",
    "1 2 3 3 2 4 4 1 2 5 1 .",
  ];
  let csv = "item,rater,label\n";
  rows.forEach((row, r) => {
    for (const [u, v] of row.split(" ").entries()) if (v !== ".") csv += `u${u + 1},obs${r + 1},${v}\n`;
  });
  return writeTemp(dir, "exampleC.csv", csv);
})();

const twoRaters = writeTemp(
  dir,
  "two.csv",
  "item,rater,label\n" +
    [
      ["yes", "yes"],
      ["yes", "no"],
      ["no", "no"],
      ["no", "no"],
      ["yes", "yes"],
      ["no", "yes"],
    ]
      .map(([x, y], i) => `i${i},ann,${x}\ni${i},bob,${y}`)
      .join("\n") +
    "\n",
);

describe("vox agree", () => {
  it("is listed with help", async () => {
    const help = await vox("--help");
    for (const cmd of ["agree", "raters"]) expect(help.stdout).toContain(cmd);
    for (const cmd of ["agree", "raters"]) {
      const r = await vox(cmd, "--help");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("--json");
    }
  });

  it("prints the issue's JSON shape and reproduces Krippendorff's example C", async () => {
    const out = await json("agree", exampleC);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(["items", "raters", "judgments", "metrics"]));
    expect(out).toMatchObject({ items: 12, raters: 4, judgments: 41, pairableItems: 11 });
    expect(Object.keys(out.metrics).sort()).toEqual(
      [
        "brennan_prediger",
        "cohen_kappa",
        "conger_kappa",
        "fleiss_kappa",
        "gwet_ac1",
        "krippendorff_alpha",
        "percent_agreement",
        "scott_pi",
      ].sort(),
    );
    const alpha = out.metrics.krippendorff_alpha;
    expect(alpha.level).toBe("nominal");
    expect(alpha.value).toBeCloseTo(0.743421, 6);
    expect(alpha.ci).toBeNull(); // no analytic SE for α; --bootstrap gives one
    // Published by Gwet's irrCAC vignette for the same ratings.
    expect(out.metrics.fleiss_kappa.value).toBeCloseTo(0.76117, 5);
    expect(out.metrics.fleiss_kappa.ciMethod).toBe("analytic");
    expect(out.metrics.fleiss_kappa.ci).toHaveLength(2);
    expect(out.metrics.gwet_ac1.value).toBeCloseTo(0.77544, 5);
    // Four raters: Cohen's κ is every pair plus their mean.
    const cohen = out.metrics.cohen_kappa;
    expect(cohen.matrix).toHaveLength(4);
    expect(cohen.matrix[0][0]).toBeNull();
    expect(cohen.value).toBe(cohen.mean);
    expect(cohen.minShared).toBe(10);
    // Shared items per pair: 9, 8, 9, 9, 10, 10: only obs2–obs4 and obs3–obs4 reach the default 10.
    expect(cohen.pairsUsed).toBe(2);
    expect(cohen.value).toBeCloseTo((cohen.matrix[1][3] + cohen.matrix[2][3]) / 2, 12);
    expect(cohen.shared[0][1]).toBe(9);
    expect(cohen.matrix[0][1]).toBeNull(); // below --min-shared: null, not a noisy κ
    expect(cohen.matrix[3][1]).toBe(cohen.matrix[1][3]);
    const loose = await json("agree", exampleC, "--metric", "cohen", "--min-shared", "5");
    expect(loose.metrics.cohen_kappa.pairsUsed).toBe(6);
    for (const level of [
      ["ordinal", 0.815388],
      ["interval", 0.849107],
      ["ratio", 0.797403],
    ] as const) {
      const r = await json("agree", exampleC, "--metric", "krippendorff", "--level", level[0]);
      expect(r.metrics.krippendorff_alpha.value).toBeCloseTo(level[1], 6);
      expect(Object.keys(r.metrics)).toEqual(["krippendorff_alpha"]);
    }
    const weighted = await json("agree", exampleC, "--metric", "gwet,fleiss", "--weights", "linear");
    expect(weighted.metrics.gwet_ac2.value).toBeCloseTo(0.858739136433, 10); // reference/agreement.py
    expect(weighted.metrics.fleiss_kappa.weights).toBe("linear");
  });

  it("gives Cohen's κ as one value for two raters, with the SAS-style analytic interval", async () => {
    const out = await json("agree", twoRaters, "--metric", "cohen,scott");
    const k = out.metrics.cohen_kappa;
    // Table [[2,1],[1,2]] (ann rows): p_o = 4/6, p_e = 1/2, κ = 1/3.
    expect(k.value).toBeCloseTo(1 / 3, 12);
    expect(k.raters).toEqual(["ann", "bob"]);
    expect(k.ciMethod).toBe("analytic");
    expect(k.ci[0]).toBeLessThan(k.value);
    expect(out.metrics.scott_pi.value).toBeCloseTo(1 / 3, 12);
    const human = await vox("agree", twoRaters);
    expect(human.stdout).toMatch(/Cohen's κ\s+0\.333/);
    expect(human.stderr).toContain("--bootstrap");
  });

  it("bootstraps every metric reproducibly per seed", async () => {
    const a = await json("agree", exampleC, "--bootstrap", "300", "--seed", "7");
    const b = await json("agree", exampleC, "--bootstrap", "300", "--seed", "7");
    const c = await json("agree", exampleC, "--bootstrap", "300", "--seed", "8");
    expect(a).toEqual(b);
    const alpha = a.metrics.krippendorff_alpha;
    expect(alpha.ciMethod).toBe("bootstrap");
    expect(alpha.ci[0]).toBeLessThan(alpha.value);
    expect(alpha.bootstrap.replicates).toBe(300);
    expect(c.metrics.krippendorff_alpha.ci).not.toEqual(alpha.ci);
    // One metric alone gets the same interval: all metrics share each resample.
    const alone = await json(
      "agree",
      exampleC,
      "--metric",
      "krippendorff",
      "--bootstrap",
      "300",
      "--seed",
      "7",
    );
    expect(alone.metrics.krippendorff_alpha.ci).toEqual(alpha.ci);
  });

  it("stops a long bootstrap cleanly on Ctrl-C (exit 130, nothing on stdout)", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    let stdout = "";
    let stderr = "";
    // If the abort were ignored the bootstrap would finish and exit 0.
    const code = await main(
      ["agree", exampleC, "--bootstrap", "1000000", "--per-item", join(dir, "never.csv")],
      { stdout: { write: (x: string) => (stdout += x) }, stderr: { write: (x: string) => (stderr += x) } },
      controller.signal,
    );
    expect(code).toBe(130);
    expect(stdout).toBe("");
    expect(stderr).toContain("interrupted");
    expect(existsSync(join(dir, "never.csv"))).toBe(false);
  });

  it("writes per-item disagreement", async () => {
    const path = join(dir, "items.csv");
    expect((await vox("agree", exampleC, "--metric", "percent", "--per-item", path)).code).toBe(0);
    const lines = readFileSync(path, "utf8").trim().split("\n");
    expect(lines[0]).toBe("item,judgments,majority,majority_share,entropy_bits,pair_agreement");
    expect(lines).toHaveLength(13);
    const row = (item: string) => lines.find((l) => l.startsWith(`${item},`));
    expect(row("u1")).toBe("u1,3,1,1,0,1");
    expect(row("u6")).toBe("u6,4,,0.25,2,0"); // 1 2 3 4: four-way tie, no majority
    expect(row("u12")).toBe("u12,1,3,1,0,"); // one judgment: no pairwise agreement
  });

  it("exits 2 on bad options and on data without agreement", async () => {
    const bad = await vox("agree", exampleC, "--metric", "kappa");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--metric must be all or a comma-separated list");
    const words = writeTemp(dir, "words.csv", "item,rater,label\ni1,a,low\ni1,b,high\n");
    const interval = await vox("agree", words, "--level", "interval");
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain('--level interval: class "low" is not a number');
    const lonely = writeTemp(dir, "lonely.csv", "item,rater,label\ni1,a,x\ni2,a,y\n");
    const none = await vox("agree", lonely);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no item has two or more judgments \(2 items, 1 raters\)/);
    expect((await vox("agree", exampleC, "--ci", "2")).code).toBe(2);
  });
});

describe("vox raters", () => {
  it("gives one row per rater, with gold and durations when present", async () => {
    const answers = writeTemp(
      dir,
      "timed.csv",
      "item,rater,label,duration_ms\n" +
        "i1,r1,a,1000\ni1,r2,a,3000\ni1,r3,b,500\n" +
        "i2,r1,b,2000\ni2,r2,b,1000\ni2,r3,b,700\n" +
        "i3,r1,a,4000\ni3,r2,b,2000\ni3,r3,a,900\n",
    );
    const gold = writeTemp(dir, "timed_gold.csv", "item,label\ni1,a\ni2,b\ni3,a\n");
    const rows = await json("raters", answers, "--gold", gold, "--sort", "rater");
    expect(rows).toHaveLength(3);
    expect(rows.map((r: { rater: string }) => r.rater)).toEqual(["r1", "r2", "r3"]);
    expect(rows[0]).toMatchObject({
      judgments: 3,
      goldItems: 3,
      accuracy: 1,
      basis: "gold",
      medianDurationMs: 2000,
    });
    expect(rows[0].spammerScore).toBeCloseTo(1, 12);
    expect(rows[0].confusion).toEqual([
      [2, 0],
      [0, 1],
    ]);
    expect(rows[1].accuracy).toBeCloseTo(2 / 3, 12);
    const human = await vox("raters", answers);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/rater\s+judgments\s+vs rest/);
    expect(human.stdout).toContain("median s");
    expect(human.stderr).toContain("--gold");
    // Default order: lowest spammer score first.
    const sorted = await json("raters", answers, "--gold", gold);
    const scores = sorted.map((r: { spammerScore: number }) => r.spammerScore);
    expect([...scores].sort((x, y) => x - y)).toEqual(scores);
  });
});

// Values from statsmodels 0.13.5 (fleiss_kappa) and nltk 3.8 (AnnotationTask.alpha):
// /usr/bin/python3 reference/agreement.py --shared
describe.skipIf(skipWithoutShared())("vox agree on the shared crowd datasets", () => {
  const sets = [
    ["zheng_d_product/answer.csv", 8315, 0.157439540201, 0.157473316928],
    ["zheng_d_possent/answer.csv", 1000, 0.149259383261, 0.149301920292],
    ["snow_rte/rte.standardized.tsv", 800, 0.241383939131, 0.241478766139],
    ["snow_temp/temp.standardized.tsv", 462, 0.223245283851, 0.223413412578],
    ["snow_wsd/wsd.standardized.tsv", 177, 0.937164837368, 0.93720033746],
    ["zheng_n_emotion/answer.csv", 700, 0.1468374262, 0.146959306567],
  ] as const;

  for (const [file, items, fleiss, alpha] of sets) {
    it(file, async () => {
      const path = sharedData("crowd", file);
      if (!existsSync(path)) return;
      const out = await json("agree", path, "--metric", "fleiss,krippendorff");
      expect(out.items).toBe(items);
      expect(out.metrics.fleiss_kappa.value).toBeCloseTo(fleiss, 10);
      expect(out.metrics.krippendorff_alpha.value).toBeCloseTo(alpha, 10);
    });
  }

  it("interval α on the numeric emotion scores, and vox raters with gold", async () => {
    const emotion = sharedData("crowd", "zheng_n_emotion/answer.csv");
    const out = await json("agree", emotion, "--metric", "krippendorff", "--level", "interval");
    expect(out.metrics.krippendorff_alpha.value).toBeCloseTo(0.357485423493, 10);
    const product = sharedData("crowd", "zheng_d_product");
    const rows = await json("raters", join(product, "answer.csv"), "--gold", join(product, "truth.csv"));
    expect(rows).toHaveLength(176);
    const judged = rows.reduce((s: number, r: { judgments: number }) => s + r.judgments, 0);
    expect(judged).toBe(24945);
  });
});
