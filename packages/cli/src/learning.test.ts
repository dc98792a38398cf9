import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "@vox/core";
import { encodeNpy, readNpy } from "@vox/io";
import { describe, expect, it } from "vitest";
import { runVox as vox } from "../../../test-support/cli.js";
import { tempDir, writeTemp } from "../../../test-support/index.js";
import { main } from "./main.js";

const dir = tempDir();

/** A small sentiment-like dataset: "good"/"great" words make a row positive, "bad"/"awful" negative. */
function textRows(n: number, seed: number): { id: string; text: string; label: string }[] {
  const rng = createRng(seed);
  const pos = ["good", "great", "fine", "lovely"];
  const neg = ["bad", "awful", "poor", "dull"];
  const filler = ["the", "film", "plot", "was", "and", "very", "quite", "cast"];
  return Array.from({ length: n }, (_, i) => {
    const positive = rng.bernoulli(0.5);
    const words = Array.from({ length: 6 }, () => filler[rng.int(filler.length)]!);
    words.splice(rng.int(6), 0, (positive ? pos : neg)[rng.int(4)]!);
    // 5% label noise so the problem is not trivially separable.
    const label = rng.bernoulli(0.05) !== positive ? "pos" : "neg";
    return { id: `r${i}`, text: words.join(" "), label };
  });
}

const rows = textRows(240, 1);
const jsonl = writeTemp(dir, "data.jsonl", rows.map((r) => JSON.stringify(r)).join("\n"));
const tsv = writeTemp(dir, "data.tsv", rows.map((r) => `${r.label}\t${r.text}`).join("\n"));

describe("vox cv", () => {
  it("writes out-of-fold probabilities and scores them, reproducibly per seed", async () => {
    const out = join(dir, "cv.npy");
    const r = await vox("cv", jsonl, "--out", out, "--seed", "3", "--json");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ rows: 240, classes: ["neg", "pos"], folds: 5, seed: 3 });
    expect(s.metrics.accuracy).toBeGreaterThan(0.85);
    const p = await readNpy(out);
    expect(p.shape).toEqual([240, 2]);
    const again = await vox("cv", jsonl, "--out", join(dir, "cv2.npy"), "--seed", "3", "--json");
    expect(JSON.parse(again.stdout).metrics).toEqual(s.metrics);
    expect(readFileSync(join(dir, "cv2.npy"))).toEqual(readFileSync(out));
  });

  it("reads the label<TAB>text layout and every model, and a features .npy with a labels file", async () => {
    for (const model of ["logreg", "mlp", "knn", "nb"]) {
      const r = await vox(
        "cv",
        tsv,
        "--out",
        join(dir, `cv-${model}.csv`),
        "--model",
        model,
        "--folds",
        "3",
        "--epochs",
        "5",
        "--json",
      );
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, `cv-${model}.csv`), "utf8").split("\n")[0]).toBe("neg,pos");
    }
    const rng = createRng(2);
    const x = Float64Array.from({ length: 60 * 3 }, () => rng.normal());
    const labels = Array.from({ length: 60 }, (_, i) => (x[i * 3]! > 0 ? "a" : "b"));
    const npy = writeTemp(dir, "x.npy", encodeNpy({ data: x, shape: [60, 3] }));
    const lab = writeTemp(dir, "y.txt", `${labels.join("\n")}\n`);
    const r = await vox("cv", npy, "--labels", lab, "--out", join(dir, "cvx.npy"), "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics.accuracy).toBeGreaterThan(0.85);
  });

  it("exits 2 with clear messages, leaving no output", async () => {
    const out = join(dir, "never.npy");
    const embed = await vox("cv", jsonl, "--features", "embed:/models/x", "--out", out);
    expect(embed).toMatchObject({ code: 2 });
    // @vox/accel is installed in this workspace, so embed:DIR is served and the missing folder is the error.
    expect(embed.stderr).toContain("/models/x: no such model folder");
    const unlabelled = writeTemp(
      dir,
      "u.jsonl",
      '{"id":"a","text":"x y"}\n{"id":"b","text":"z w","label":"q"}\n',
    );
    const u = await vox("cv", unlabelled, "--out", out);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("u.jsonl:1:");
    expect(u.stderr).toContain("needs a label on every row");
    expect((await vox("cv", jsonl, "--out", out, "--folds", "1")).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it("stops on Ctrl-C with exit 130 and writes nothing", async () => {
    const out = join(dir, "aborted.npy");
    const controller = new AbortController();
    controller.abort();
    let stderr = "";
    const code = await main(
      ["train", jsonl, "--out", join(dir, "aborted.json")],
      {
        stdout: { write: () => true },
        stderr: { write: (s: string) => (stderr += s) },
      },
      controller.signal,
    );
    expect(code).toBe(130);
    expect(stderr).toContain("interrupted");
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, "aborted.json"))).toBe(false);
  });
});

describe("vox train and vox predict", () => {
  const model = join(dir, "m.json");
  it("trains, saves a versioned model, and predicts new rows the same way", async () => {
    const t = await vox("train", jsonl, "--out", model, "--calibrate", "--folds", "3", "--json");
    expect(t.code).toBe(0);
    const s = JSON.parse(t.stdout);
    expect(s).toMatchObject({ rows: 240, classes: ["neg", "pos"], converged: true });
    expect(s.calibration.after).toBeLessThanOrEqual(s.calibration.before);
    expect(existsSync(join(dir, "m.bin"))).toBe(true);
    const test = writeTemp(
      dir,
      "test.jsonl",
      textRows(50, 9)
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    const p = await vox("predict", model, test, "--out", join(dir, "pred.npy"), "--json");
    expect(p.code).toBe(0);
    const ps = JSON.parse(p.stdout);
    expect(ps).toMatchObject({ rows: 50, scoredRows: 50, temperature: s.calibration.temperature });
    expect(ps.metrics.accuracy).toBeGreaterThan(0.8);
    const human = await vox("predict", model, test, "--out", join(dir, "pred.csv"));
    expect(human.stdout).toContain("On the 50 labelled rows");
  });

  it("records training dynamics in the cartography layout and writes MC-dropout samples and gradient embeddings", async () => {
    const m2 = join(dir, "mlp.json");
    const dyn = join(dir, "dyn");
    const t = await vox(
      "train",
      jsonl,
      "--out",
      m2,
      "--model",
      "mlp",
      "--hidden",
      "8",
      "--epochs",
      "4",
      "--dynamics",
      dyn,
      "--json",
    );
    expect(t.code).toBe(0);
    const files = readdirSync(join(dyn, "training_dynamics")).sort();
    expect(files).toEqual([0, 1, 2, 3].map((e) => `dynamics_epoch_${e}.jsonl`));
    const first = JSON.parse(readFileSync(join(dyn, "training_dynamics", files[0]!), "utf8").split("\n")[0]!);
    expect(Object.keys(first)).toEqual(["guid", "logits_epoch_0", "gold"]);
    expect(first.guid).toBe("r0");
    const p = await vox(
      "predict",
      m2,
      jsonl,
      "--out",
      join(dir, "mc.npy"),
      "--mc-samples",
      "3",
      "--mc-out",
      join(dir, "mcs.npy"),
      "--embeddings",
      join(dir, "emb.npy"),
      "--json",
    );
    expect(p.code).toBe(0);
    expect((await readNpy(join(dir, "mcs.npy"))).shape).toEqual([3, 240, 2]);
    expect((await readNpy(join(dir, "emb.npy"))).shape).toEqual([240, 2 * 9]);
    const bad = await vox("train", jsonl, "--out", join(dir, "x.json"), "--dynamics", dyn);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--dynamics needs a model trained in epochs");
  });

  it("refuses a model file of another version with a clear message", async () => {
    const json = JSON.parse(readFileSync(model, "utf8"));
    const old = join(dir, "old.json");
    writeFileSync(old, JSON.stringify({ ...json, version: 0 }));
    const r = await vox("predict", old, jsonl, "--out", join(dir, "o.npy"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("format version 0 is not supported; this vox reads version 1");
  });
});

describe("vox jury", () => {
  // Two schools: raters s0–s3 say "yes" when the text has "alpha", raters t0–t3 when it has "gamma".
  const rng = createRng(5);
  const items = Array.from({ length: 160 }, (_, i) => {
    const a = rng.bernoulli(0.5);
    const g = rng.bernoulli(0.5);
    return { id: `i${i}`, text: `${a ? "alpha" : "beta"} word ${g ? "gamma" : "delta"} other`, a, g };
  });
  const data = writeTemp(
    dir,
    "items.jsonl",
    items.map(({ id, text }) => JSON.stringify({ id, text })).join("\n"),
  );
  const lines = ["item,rater,label"];
  for (const it of items)
    for (const r of ["s0", "s1", "s2", "s3", "t0", "t1", "t2", "t3"])
      if (rng.bernoulli(0.6)) lines.push(`${it.id},${r},${(r[0] === "s" ? it.a : it.g) ? "yes" : "no"}`);
  const ann = writeTemp(dir, "ann.csv", `${lines.join("\n")}\n`);
  const groups = writeTemp(
    dir,
    "groups.csv",
    "rater,group\ns0,s\ns1,s\ns2,s\ns3,s\nt0,t\nt1,t\nt2,t\nt3,t\n",
  );

  it("learns each school and lets a jury of one school decide like it", async () => {
    const out = join(dir, "verdicts.csv");
    const r = await vox(
      "jury",
      ann,
      "--data",
      data,
      "--jury",
      "s0,s1,s2",
      "--out",
      out,
      "--epochs",
      "200",
      "--hidden",
      "16",
      "--json",
    );
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.heldOut.raterAccuracy).toBeGreaterThan(0.9);
    expect(s.heldOut.raterAccuracy).toBeGreaterThan(s.heldOut.raterBaseline);
    expect(s.heldOut.deconvolution.disagreementShare).toBeGreaterThan(0);
    const table = readFileSync(out, "utf8").trim().split("\n");
    // Classes keep the annotations' order (first appearance, or --order).
    expect(table[0]).toMatch(/^id,verdict,verdict_share,juror_agreement,p_(yes,p_no|no,p_yes)$/);
    let agree = 0;
    for (const [t, line] of table.slice(1).entries())
      if ((line.split(",")[1] === "yes") === items[t]!.a) agree++;
    expect(agree / items.length).toBeGreaterThan(0.9);
  });

  it("samples juries from group quotas and reports the spread", async () => {
    const out = join(dir, "mixed.jsonl");
    const r = await vox(
      "jury",
      ann,
      "--data",
      data,
      "--groups",
      groups,
      "--composition",
      "s=2,t=1",
      "--juries",
      "30",
      "--out",
      out,
      "--epochs",
      "100",
      "--hidden",
      "16",
      "--json",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).jury).toMatchObject({ juries: 30, size: 3 });
    const first = JSON.parse(readFileSync(out, "utf8").split("\n")[0]!);
    expect(first.verdict_share).toBeGreaterThan(0);
    expect(first.verdict_share).toBeLessThanOrEqual(1);
  });

  it("names items of the annotations that --data lacks, and unknown jurors", async () => {
    const extra = writeTemp(dir, "extra.csv", "item,rater,label\nnope,s0,yes\n");
    const r = await vox("jury", extra, "--data", data, "--out", join(dir, "v.csv"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('item "nope" is not an id of --data');
    const j = await vox(
      "jury",
      ann,
      "--data",
      data,
      "--jury",
      "zz",
      "--out",
      join(dir, "v.csv"),
      "--epochs",
      "1",
    );
    expect(j.code).toBe(2);
    expect(j.stderr).toContain('--jury: rater "zz" has no judgments');
  });
});
