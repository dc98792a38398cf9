// `vox outliers` and `vox near-dups` on small files written here, plus cleanlab-ref's Datalab features when present.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeNpy } from "@vox/io";
import { describe, expect, it } from "vitest";
import { runVox } from "../../../../test-support/cli.js";
import {
  referenceJson,
  sharedData,
  skipWithoutShared,
  tempDir,
  writeTemp,
} from "../../../../test-support/index.js";
import { sharedJson, sharedMatrix } from "../../../../test-support/quality.js";

const dir = tempDir();
// 30 points on a ring of directions in 3-D (cosine), one row (30) pointing the opposite way: the outlier
const ring = new Float64Array(31 * 3);
for (let i = 0; i < 30; i++) {
  const a = (i / 30) * 0.6;
  ring.set([Math.cos(a), Math.sin(a), 0.2], i * 3);
}
ring.set([-1, -0.2, -0.5], 90);
const ringNpy = writeTemp(dir, "ring.npy", encodeNpy({ data: ring, shape: [31, 3] }));

const texts = writeTemp(
  dir,
  "texts.jsonl",
  [
    { id: "a", text: "Free entry to win a prize now", label: "spam" },
    { id: "b", text: "free  ENTRY to win a prize now", label: "ham" },
    { id: "c", text: "see you at lunch tomorrow", label: "ham" },
    { id: "d", text: "see you at lunch tomorrow then", label: "ham" },
    { id: "e", text: "the quarterly report is attached", label: "ham" },
    { id: "f", text: "call me when you land", label: "ham" },
  ]
    .map((r) => JSON.stringify(r))
    .join("\n"),
);

describe("vox outliers", () => {
  it("flags the row far from all others and writes every row worst first", async () => {
    const out = join(dir, "outliers.csv");
    const r = await runVox("outliers", ringNpy, "--k", "5", "--out", out, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ rows: 31, k: 5, metric: "cosine", features: "npy" });
    // the far row first; the ring's two ends are sparser than its middle and may be flagged too
    expect(j.outliers).toBeGreaterThanOrEqual(1);
    expect(j.outliers).toBeLessThanOrEqual(5);
    expect(j.top[0]).toMatchObject({ row: 30, outlier: true });
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines).toHaveLength(32);
    expect(lines.slice(1).filter((l) => l.split(",")[4] === "1")).toHaveLength(j.outliers);
    expect(lines[0]).toBe(
      "row,id,outlier_score,mean_distance,is_outlier,nearest_id,nearest_distance,near_duplicate_score,is_near_duplicate",
    );
    expect(lines[1]!.startsWith("30,31,")).toBe(true);
    // --features F.npy alone is the same input
    const again = JSON.parse((await runVox("outliers", "--features", ringNpy, "--k", "5", "--json")).stdout);
    expect(again.top[0].row).toBe(30);
    expect(again.issueThreshold).toBe(j.issueThreshold);
  });

  it("adds the pred_probs OOD score with --probs and labels", async () => {
    const labels = writeTemp(
      dir,
      "ring-labels.txt",
      `${Array.from({ length: 31 }, (_, i) => (i % 2 ? "b" : "a")).join("\n")}\n`,
    );
    // confident rows, except row 30 (uniform): its adjusted entropy score is the lowest, the only one below 0.13 × median
    const probs = writeTemp(
      dir,
      "ring-probs.csv",
      `a,b\n${Array.from({ length: 31 }, (_, i) => (i === 30 ? "0.5,0.5" : i % 2 ? "0.1,0.9" : "0.9,0.1")).join("\n")}\n`,
    );
    const out = join(dir, "ood.csv");
    const r = await runVox(
      "outliers",
      ringNpy,
      "--labels",
      labels,
      "--probs",
      probs,
      "--k",
      "5",
      "--out",
      out,
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.ood.rows).toBe(1);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]!.endsWith(",ood_score,is_ood")).toBe(true);
    expect(lines[1]!.startsWith("30,31,a,")).toBe(true);
    expect(lines[1]!.split(",").at(-1)).toBe("1");
    const short = writeTemp(dir, "short-probs.csv", "a,b\n0.5,0.5\n");
    const bad = await runVox("outliers", ringNpy, "--labels", labels, "--probs", short, "--k", "5");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/short-probs\.csv has 1 rows but the data has 31/);
  });

  it("works on texts (tf-idf) and prints a table", async () => {
    const r = await runVox("outliers", texts, "--k", "2", "--top", "3");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/6 rows \(tfidf/);
    expect(r.stdout).toMatch(/Most atypical 3 rows/);
  });

  it("exits 2 on bad input and writes nothing", async () => {
    const out = join(dir, "never.csv");
    const big = await runVox("outliers", ringNpy, "--k", "31", "--out", out);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/--k \(31\)/);
    const eu = await runVox("outliers", texts, "--k", "2", "--metric", "euclidean", "--out", out);
    expect(eu.code).toBe(2);
    expect(eu.stderr).toMatch(/cosine/);
    expect((await runVox("outliers")).code).toBe(2);
    const bad = writeTemp(dir, "bad.jsonl", '{"id":"a","text":"x"}\n{"id":"b","text":\n');
    const r = await runVox("outliers", bad, "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:2: invalid JSON/);
    expect(existsSync(out)).toBe(false);
  });
});

describe.skipIf(skipWithoutShared())("vox outliers on cleanlab-ref's Datalab features", () => {
  it("reproduces cleanlab 2.9's outlier issue threshold and count (datalab_outputs.json)", async () => {
    const m = sharedMatrix("cleanlab-ref", "dl_features.csv");
    const npy = writeTemp(dir, "dl.npy", encodeNpy({ data: m.data, shape: [m.rows, m.cols] }));
    const ref = sharedJson<{
      outlier_features: { n_issues: number; info_scalars: { issue_threshold: number } };
      near_duplicate: { n_issues: number };
    }>("cleanlab-ref", "datalab_outputs.json");
    const j = JSON.parse((await runVox("outliers", npy, "--json")).stdout);
    expect(j.issueThreshold).toBeCloseTo(ref.outlier_features.info_scalars.issue_threshold, 9);
    expect(j.outliers).toBe(ref.outlier_features.n_issues);
    expect(j.nearDuplicates.rows).toBe(ref.near_duplicate.n_issues);
  });
});

describe.skipIf(skipWithoutShared())("vox near-dups on the shared text sets", () => {
  // counts from reference/text_duplicates.py (Python 3.11 str.lower / NFKC / split; see its header for the command)
  const ref = referenceJson<{
    sets: Record<
      string,
      { rows: number; foldedDuplicates: number; foldedGroups: number; conflictingGroups: number }
    >;
  }>("text_duplicates.json");
  it.each(Object.keys(ref.sets))(
    "%s: exact (folded) duplicates, groups and label conflicts",
    async (name) => {
      const file = sharedData("text", ...name.split("/"));
      const r = await runVox("near-dups", "--texts", file, "--features", "none", "--json");
      expect(r.code).toBe(0);
      const e = ref.sets[name]!;
      expect(JSON.parse(r.stdout)).toMatchObject({
        rows: e.rows,
        exactDuplicates: e.foldedDuplicates,
        exactGroups: e.foldedGroups,
        sets: e.foldedGroups,
        conflictingSets: e.conflictingGroups,
      });
    },
  );
});

describe("vox near-dups", () => {
  it("groups folded exact and near-duplicate texts and flags the set with two labels", async () => {
    const out = join(dir, "dups.csv");
    const r = await runVox("near-dups", "--texts", texts, "--threshold", "0.8", "--out", out, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ rows: 6, exactDuplicates: 1, sets: 2, rowsInSets: 4, conflictingSets: 1 });
    expect(j.top[0]).toMatchObject({ size: 2, conflicting: true, exact: true });
    expect(j.top[0].members.map((m: { id: string }) => m.id)).toEqual(["a", "b"]);
    expect(j.top[1].members.map((m: { id: string }) => m.id)).toEqual(["c", "d"]);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("set,set_size,conflicting,exact_of,row,id,label,text");
    expect(lines[1]).toBe("0,2,1,,0,a,spam,Free entry to win a prize now");
    expect(lines[2]).toBe("0,2,1,0,1,b,ham,free  ENTRY to win a prize now");
    // exact only: the near pair c ≈ d is not linked
    const exact = JSON.parse(
      (await runVox("near-dups", "--texts", texts, "--features", "none", "--json")).stdout,
    );
    expect(exact).toMatchObject({ sets: 1, nearPairs: 0, conflictingSets: 1 });
  });

  it("searches embeddings without texts (--features F.npy)", async () => {
    const r = await runVox("near-dups", "--features", ringNpy, "--threshold", "0.9999", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    // neighbouring ring directions are 0.02 rad apart: cosine 0.99981 (with z = 0.2) < 0.9999, so no pairs
    expect(j).toMatchObject({ rows: 31, nearPairs: 0, sets: 0, labelled: false });
    const loose = JSON.parse(
      (await runVox("near-dups", "--features", ringNpy, "--threshold", "0.999", "--json")).stdout,
    );
    // all 30 ring rows chain into one set; the opposite row stays alone
    expect(loose).toMatchObject({ sets: 1, rowsInSets: 30 });
  });

  it("exits 2 without an input", async () => {
    const r = await runVox("near-dups", "--features", "none");
    expect(r.code).toBe(2);
  });
});
