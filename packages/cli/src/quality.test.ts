// In-process tests of `vox issues`, `vox dynamics` and `vox report` on small files written here, plus the shared
// cleanlab-ref and training-dynamics sets when present.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runVox as vox } from "../../../test-support/cli.js";
import { sharedData, skipWithoutShared, tempDir, writeTemp } from "../../../test-support/index.js";

const dir = tempDir();
// The hand-worked example of core/src/quality/quality.test.ts with class names: #2 and #5 disagree with the model.
const labels = writeTemp(dir, "labels.csv", "label\ncat\ncat\ncat\ndog\ndog\ndog\n");
const probs = writeTemp(dir, "probs.csv", "cat,dog\n0.9,0.1\n0.8,0.2\n0.2,0.8\n0.1,0.9\n0.3,0.7\n0.6,0.4\n");

describe("vox issues --labels", () => {
  it("flags, ranks and writes every example issues-first", async () => {
    const out = join(dir, "issues.csv");
    const r = await vox(
      "issues",
      "--labels",
      labels,
      "--probs",
      probs,
      "--filter",
      "predicted_neq_given",
      "--out",
      out,
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ examples: 6, classes: ["cat", "dog"], issues: 2, estimatedIssues: 1 });
    expect(j.top.map((t: { index: number }) => t.index)).toEqual([2, 5]);
    expect(j.confidentJoint).toEqual([
      [2, 1],
      [0, 3],
    ]);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("index,is_issue,score,given,suggested");
    expect(lines[1]).toBe("2,1,0.2,cat,dog");
    expect(lines[2]).toBe("5,1,0.4,dog,cat");
    expect(lines).toHaveLength(7);
    const human = await vox("issues", "--labels", labels, "--probs", probs);
    expect(human.stdout).toMatch(/6 examples, 2 classes\. prune_by_noise_rate flags 1 label issues/);
  });

  it("reads .npy-free integer labels and an item,label file", async () => {
    const ints = writeTemp(dir, "ints.csv", "0\n0\n0\n1\n1\n1\n");
    const p2 = writeTemp(dir, "p2.csv", "0.9,0.1\n0.8,0.2\n0.2,0.8\n0.1,0.9\n0.3,0.7\n0.6,0.4\n");
    const a = JSON.parse((await vox("issues", "--labels", ints, "--probs", p2, "--json")).stdout);
    expect(a.issues).toBe(1);
    const items = writeTemp(dir, "items.csv", "item,label\nx0,0\nx1,0\nx2,0\nx3,1\nx4,1\nx5,1\n");
    const b = JSON.parse((await vox("issues", "--labels", items, "--probs", p2, "--json")).stdout);
    expect(b.top[0]).toMatchObject({ index: 2, item: "x2" });
  });

  it("exits 2 with a clear message on bad input", async () => {
    const short = writeTemp(dir, "short.csv", "label\ncat\n");
    const r1 = await vox("issues", "--labels", short, "--probs", probs);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain("has 1 labels but");
    const odd = writeTemp(dir, "odd.csv", "label\ncat\ncat\ncat\ndog\ndog\nbird\n");
    const r2 = await vox("issues", "--labels", odd, "--probs", probs);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('label "bird" is not one of the probability columns');
    expect((await vox("issues", "--probs", probs)).code).toBe(2);
    const r3 = await vox("issues", "--labels", labels, "--probs", probs, "--filter", "nope");
    expect(r3.code).toBe(2);
    const r4 = await vox("issues", "--labels", labels, "--probs", probs, "--num-to-remove-per-class", "1");
    expect(r4.code).toBe(2);
    expect(r4.stderr).toContain("numToRemovePerClass must have one count per class");
  });
});

describe("vox issues --annotations", () => {
  it("CROWDLAB consensus and annotator table, with an --items order", async () => {
    const ann = writeTemp(
      dir,
      "ann.csv",
      "item,rater,label\ni0,r0,cat\ni0,r1,cat\ni1,r0,dog\ni1,r1,cat\ni2,r0,dog\n",
    );
    const p = writeTemp(dir, "pa.csv", "cat,dog\n0.8,0.2\n0.3,0.7\n0.4,0.6\n");
    const r = await vox("issues", "--annotations", ann, "--probs", p, "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ items: 3, raters: 2, judgments: 5 });
    expect(j.modelWeight).toBeCloseTo(Math.sqrt(5 / 3), 12);
    // the same rows listed in reverse through --items
    const order = writeTemp(dir, "order.txt", "item\ni2\ni1\ni0\n");
    const rev = writeTemp(dir, "prev.csv", "cat,dog\n0.4,0.6\n0.3,0.7\n0.8,0.2\n");
    const out = join(dir, "consensus.csv");
    const r2 = await vox(
      "issues",
      "--annotations",
      ann,
      "--probs",
      rev,
      "--items",
      order,
      "--out",
      out,
      "--json",
    );
    expect(JSON.parse(r2.stdout).modelWeight).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(readFileSync(out, "utf8").split("\n")[0]).toBe(
      "item,consensus,consensus_quality,annotator_agreement,num_annotations,majority_vote",
    );
    const missing = writeTemp(dir, "missing.txt", "i0\ni1\n");
    const r3 = await vox("issues", "--annotations", ann, "--probs", p, "--items", missing);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('item "i2" of the annotations is not in');
  });
});

/** Writes cartography files: one example per row of `logits[e]`. */
function writeDynamics(name: string, logits: number[][][], gold: number[]): string {
  const d = join(dir, name, "training_dynamics");
  logits.forEach((epoch, e) => {
    writeTemp(
      dir,
      join(name, "training_dynamics", `dynamics_epoch_${e}.jsonl`),
      `${epoch.map((l, i) => JSON.stringify({ guid: `g${i}`, [`logits_epoch_${e}`]: l, gold: gold[i] })).join("\n")}\n`,
    );
  });
  return d;
}

describe("vox dynamics and vox report", () => {
  mkdirSync(join(dir, "run", "training_dynamics"), { recursive: true });
  const ln3 = Math.log(3);
  // example g0 as in the core hand-worked example; g1 always right; g2 never right
  writeDynamics(
    "run",
    [
      [
        [0, 0],
        [2, 0],
        [0, 2],
      ],
      [
        [0, ln3],
        [2, 0],
        [0, 2],
      ],
      [
        [ln3, 0],
        [2, 0],
        [0, 2],
      ],
    ],
    [0, 0, 0],
  );

  it("data map, forgetting and AUM with plots", async () => {
    const dm = await vox("dynamics", join(dir, "run"), "--json", "--plot", join(dir, "dm.svg"));
    expect(dm.code).toBe(0);
    const j = JSON.parse(dm.stdout);
    expect(j.lowestConfidence[0].id).toBe("g2");
    expect(readFileSync(join(dir, "dm.svg"), "utf8")).toMatch(/^<svg /);
    const fg = JSON.parse(
      (await vox("dynamics", join(dir, "run"), "--method", "forgetting", "--json")).stdout,
    );
    expect(fg).toMatchObject({ unforgettable: 1, neverLearned: 1 });
    const au = await vox(
      "dynamics",
      join(dir, "run"),
      "--method",
      "aum",
      "--json",
      "--plot",
      join(dir, "aum.png"),
    );
    expect(JSON.parse(au.stdout).lowestAum[0]).toMatchObject({ id: "g2", aum: -2 });
    expect(readFileSync(join(dir, "aum.png")).subarray(1, 4).toString()).toBe("PNG");
    const bad = await vox("dynamics", join(dir, "nothing-here"));
    expect(bad.code).toBe(2);
  });

  it("report: one HTML page with inline SVG and no external assets", async () => {
    const out = join(dir, "report.html");
    const r = await vox(
      "report",
      "--labels",
      labels,
      "--probs",
      probs,
      "--dynamics",
      join(dir, "run"),
      "--out",
      out,
    );
    expect(r.code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect((await vox("report", "--out", out)).code).toBe(2);
  });
});

describe.skipIf(skipWithoutShared())("vox issues and dynamics on the shared reference sets", () => {
  it("reproduces cleanlab's counts and the AUM flags", async () => {
    const ref = sharedData("cleanlab-ref");
    const r = await vox(
      "issues",
      "--labels",
      join(ref, "labels.csv"),
      "--probs",
      join(ref, "pred_probs.csv"),
      "--json",
    );
    expect(JSON.parse(r.stdout)).toMatchObject({
      issues: 2000,
      overallLabelHealth: 0.8271,
      estimatedIssues: 1729,
    });
    const td = sharedData("training-dynamics", "K4_threshold");
    expect(existsSync(td)).toBe(true);
    const a = JSON.parse(
      (await vox("dynamics", td, "--method", "aum", "--threshold-class", "3", "--json")).stdout,
    );
    expect(a).toMatchObject({ flagged: 662, threshold: 0.12469905961327664 });
  });
});
