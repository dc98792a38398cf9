import { existsSync } from "node:fs";
import { join } from "node:path";
import { embedTexts, writeTinyModel } from "@vox/accel";
import { getBackend } from "@vox/core";
import { readNpy } from "@vox/io";
import { describe, expect, it } from "vitest";
import { tempDir, writeTemp } from "../../../../test-support/index.js";
import { loadAccel } from "../accel.js";
import { main } from "../main.js";

const dir = tempDir();
const tiny = writeTinyModel(join(dir, "tiny"), ["good", "bad", "movie", "plot"]);

async function vox(argv: string[], o: { tty?: boolean; onStderr?: () => void; signal?: AbortSignal } = {}) {
  let stdout = "";
  let stderr = "";
  const code = await main(
    argv,
    {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: {
        write: (s: string) => {
          stderr += s;
          o.onStderr?.();
        },
        isTTY: o.tty ?? false,
      },
    },
    o.signal,
  );
  return { code, stdout, stderr };
}

describe("@vox/accel in the CLI", () => {
  it("is imported at start-up, which makes onnxruntime the linalg backend", async () => {
    await main(["--version"], { stdout: { write: () => true }, stderr: { write: () => true } });
    expect((await loadAccel()).accel).toBeDefined();
    expect(getBackend().name).toBe("onnxruntime");
  });
});

describe("vox embed", () => {
  it("embeds JSONL texts in file order into an atomic .npy", async () => {
    const texts = ["good movie", "bad plot", "movie"];
    const data = writeTemp(
      dir,
      "d.jsonl",
      texts.map((text, i) => JSON.stringify({ id: i, text })).join("\n"),
    );
    const out = join(dir, "x.npy");
    const r = await vox(["embed", data, "--model", tiny.dir, "--out", out, "--batch-size", "2", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 3, cols: tiny.hidden, precision: "fp32" });
    const npy = await readNpy(out);
    expect(npy).toMatchObject({ dtype: "float32", shape: [3, tiny.hidden] });
    const want = await embedTexts(tiny.dir, texts);
    expect(Array.from(npy.data as Float32Array)).toEqual(Array.from(want.data));
  });

  it("reads the label<TAB>text layout and prints a summary", async () => {
    const data = writeTemp(dir, "d.tsv", "1\tgood movie\n0\tbad plot\n");
    const r = await vox(["embed", data, "--model", tiny.dir, "--out", join(dir, "t.npy")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*t\.npy: 2 × 4 float32 \(fp32 model/);
  });

  it("exits 2 on a missing model folder or a bad --out, writing nothing", async () => {
    const data = writeTemp(dir, "e.jsonl", '{"text": "good"}\n');
    const out = join(dir, "never.npy");
    const r = await vox(["embed", data, "--model", join(dir, "nope"), "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope: no such model folder/);
    expect((await vox(["embed", data, "--model", tiny.dir, "--out", join(dir, "x.csv")])).stderr).toMatch(
      /--out must name a \.npy file/,
    );
    expect((await vox(["embed", data, "--out", out])).stderr).toMatch(/--model <dir>' not specified/);
    expect(existsSync(out)).toBe(false);
  });

  it("stops cleanly on Ctrl-C between batches (exit 130, no output)", async () => {
    const data = writeTemp(
      dir,
      "c.jsonl",
      ["good", "bad", "movie", "plot"].map((t) => `{"text": "${t}"}`).join("\n"),
    );
    const out = join(dir, "c.npy");
    const controller = new AbortController();
    // On a terminal the first progress line appears after the first batch: interrupt there.
    const r = await vox(["embed", data, "--model", tiny.dir, "--out", out, "--batch-size", "1"], {
      tty: true,
      signal: controller.signal,
      onStderr: () => controller.abort(),
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("interrupted; nothing was written");
    expect(existsSync(out)).toBe(false);
  });
});

describe("--features embed:DIR in the learning commands", () => {
  it("cross-validates on sentence embeddings from a local model folder", async () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        id: `r${i}`,
        text: i % 2 ? "good movie good plot" : "bad movie bad plot",
        label: i % 2 ? "pos" : "neg",
      }),
    );
    const data = writeTemp(dir, "embed-cv.jsonl", `${rows.join("\n")}\n`);
    const out = join(dir, "embed-cv.npy");
    const r = await vox([
      "cv",
      data,
      "--model",
      "logreg",
      "--features",
      `embed:${tiny.dir}`,
      "--folds",
      "2",
      "--out",
      out,
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.metrics.accuracy).toBe(1); // the two texts embed differently, so a linear model separates them
    expect((await readNpy(out)).shape).toEqual([40, 2]);
    const missing = await vox(["cv", data, "--features", `embed:${join(dir, "nope")}`, "--out", out]);
    expect(missing.code).toBe(2);
  });
});
