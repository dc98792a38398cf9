import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeNpy } from "@vox/io";
import { describe, expect, it } from "vitest";
import { runVox } from "../../../test-support/cli.js";
import { tempDir, writeTemp } from "../../../test-support/index.js";

const dir = tempDir();
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");
const labeled = writeTemp(
  dir,
  "l.jsonl",
  jsonl([
    { id: "l1", text: "great movie", label: "pos" },
    { id: "l2", text: "loved the acting", label: "pos" },
    { id: "l3", text: "bad movie", label: "neg" },
    { id: "l4", text: "hated the plot", label: "neg" },
  ]),
);
const pool = writeTemp(
  dir,
  "p.jsonl",
  jsonl([
    { id: "p1", text: "great acting" },
    { id: "p2", text: "bad plot" },
    { id: "p3", text: "movie plot" },
    { id: "p4", text: "loved it" },
    { id: "p5", text: "hated it" },
  ]),
);

/** `vox select --pool POOL --labeled L …` (the common part of most calls). */
const sel = (...args: string[]) => runVox("select", "--pool", pool, "--labeled", labeled, ...args);

describe("vox select", () => {
  it("writes the chosen rows with their scores and prints JSON", async () => {
    const out = join(dir, "margin.csv");
    const r = await sel("--strategy", "margin", "--batch", "2", "--out", out, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ strategy: "margin", batch: 2, pool: 5, labeled: 4, classes: ["neg", "pos"] });
    expect(j.selected).toHaveLength(2);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("rank,id,score");
    expect(lines).toHaveLength(3);
    const ids = lines.slice(1).map((l) => l.split(",")[1]);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(["p1", "p2", "p3", "p4", "p5"]).toContain(id);
  });

  it("runs a geometric strategy on TF-IDF features and a cold start without labeled rows", async () => {
    const a = await sel("--strategy", "badge", "--batch", "3", "--out", join(dir, "b.csv"), "--json");
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).features).toMatchObject({ rows: 9, sparse: true });
    const b = await runVox(
      "select",
      "--pool",
      pool,
      "--strategy",
      "kmeans",
      "--batch",
      "2",
      "--out",
      join(dir, "k.csv"),
      "--json",
    );
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout).selected).toHaveLength(2);
  });

  it("takes the pool's probabilities from --probs (CSV header names the classes)", async () => {
    const probs = writeTemp(dir, "probs.csv", "neg,pos\n0.9,0.1\n0.55,0.45\n0.2,0.8\n0.5,0.5\n0.7,0.3\n");
    const r = await sel(
      "--probs",
      probs,
      "--strategy",
      "least-confidence",
      "--batch",
      "2",
      "--out",
      join(dir, "lc.csv"),
      "--json",
    );
    expect(r.code).toBe(0);
    // 1 − max p: p4 (0.5), then p2 (0.45).
    expect(JSON.parse(r.stdout).selected.map((s: { id: string }) => s.id)).toEqual(["p4", "p2"]);
  });

  it("works on .npy features for both files", async () => {
    const lx = join(dir, "l.npy");
    const px = join(dir, "p.npy");
    await writeNpy(lx, { data: Float64Array.from([0, 0, 1, 1]), shape: [2, 2] });
    await writeNpy(px, { data: Float64Array.from([0, 1, 5, 5, 1, 0]), shape: [3, 2] });
    const labels = writeTemp(dir, "l.txt", "a\nb\n");
    const r = await runVox(
      "select",
      "--pool",
      px,
      "--labeled",
      lx,
      "--labels",
      labels,
      "--strategy",
      "core-set",
      "--batch",
      "1",
      "--out",
      join(dir, "c.csv"),
      "--json",
    );
    expect(r.code).toBe(0);
    // The farthest pool row from (0, 0) and (1, 1) is (5, 5), the second row (id 2).
    expect(JSON.parse(r.stdout).selected[0]).toMatchObject({ rank: 1, id: "2" });
  });

  it("exits 2 with a clear message on bad input and writes nothing", async () => {
    const out = join(dir, "never.csv");
    const unknown = await sel("--strategy", "psychic", "--out", out);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown query strategy "psychic"/);
    const short = writeTemp(dir, "short.csv", "neg,pos\n0.5,0.5\n");
    const mismatch = await sel("--probs", short, "--out", out);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/has 1 rows but the pool/);
    const noLabels = await runVox("select", "--pool", pool, "--labeled", pool, "--out", out);
    expect(noLabels.code).toBe(2);
    const needsLabeled = await runVox("select", "--pool", pool, "--strategy", "cal", "--out", out);
    expect(needsLabeled.code).toBe(2);
    expect(needsLabeled.stderr).toMatch(/at least one labeled row/);
    expect(existsSync(out)).toBe(false);
  });
});
