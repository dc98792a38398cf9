// vox augment and vox llm, in-process, against the local mock LLM server.
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { readAnnotations } from "@vox/io";
import { describe, expect, it } from "vitest";
import { runVox as vox } from "../../../test-support/cli.js";
import { sharedData, skipWithoutShared, tempDir, writeTemp } from "../../../test-support/index.js";
import {
  lastUser,
  type MockRequest,
  openAiCompletion,
  openAiLogprobs,
  startMockLlm,
} from "../../../test-support/mockLlm.js";
import { main } from "./main.js";

const dir = tempDir();

/** The URL of a local port nothing listens on. */
async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}
const data = writeTemp(
  dir,
  "reviews.tsv",
  "pos\ta good and funny film\nneg\ta dull plot\npos\tgood acting\nneg\tnot good at all\nneg\tboring\n",
);

/** Sentiment by the word "good", with 0.9 on the chosen label token. */
function model(req: MockRequest) {
  const prompt = lastUser(req);
  if (prompt.startsWith("Translate")) return { json: openAiCompletion(`T:${prompt.split("\n\n").at(-1)}`) };
  if (/Write \d+ new/.test(prompt)) {
    const label = /label is "(\w+)"/.exec(prompt)![1]!;
    const n = (req as MockRequest & { requests?: number }).requests ?? 0;
    return {
      json: openAiCompletion(
        JSON.stringify({ examples: [`${label} sample ${n}`, `another ${label} text ${n}`] }),
      ),
    };
  }
  const text = /Text: (.*)\n/.exec(`${prompt.split("Text: ").at(-1)}`)?.[1] ?? prompt.split("Text: ").at(-1)!;
  const label = /good/.test(text) ? "pos" : "neg";
  const other = label === "pos" ? "neg" : "pos";
  const logprobs = openAiLogprobs([
    [
      label,
      Math.log(0.9),
      [
        [label, Math.log(0.9)],
        [other, Math.log(0.1)],
      ],
    ],
  ]);
  return {
    json: openAiCompletion(label, {
      model: "mock-1",
      usage: [100, 1],
      logprobs: req.body.logprobs ? logprobs : null,
    }),
  };
}
let generated = 0;
const server = await startMockLlm((req) => {
  if (/Write \d+ new/.test(lastUser(req))) generated++;
  return model({ ...req, requests: generated } as MockRequest & { requests: number });
});
const llmFlags = ["--provider", "openai", "--base-url", server.url, "--model", "mock-1", "--no-cache"];

describe("vox augment", () => {
  it("writes originals and n EDA copies per example, reproducibly, in both layouts", async () => {
    const out = join(dir, "eda.jsonl");
    const r = await vox(
      "augment",
      data,
      "--method",
      "eda",
      "--n",
      "3",
      "--seed",
      "5",
      "--out",
      out,
      "--json",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ method: "eda", examples: 5, augmented: 15, written: 20 });
    const rows = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows[0]).toEqual({
      id: "1",
      text: "a good and funny film",
      label: "pos",
      source: "1",
      method: "original",
    });
    expect(rows[1]).toMatchObject({ id: "1#eda1", label: "pos", source: "1", method: "eda" });
    const again = join(dir, "eda2.jsonl");
    await vox("augment", data, "--method", "eda", "--n", "3", "--seed", "5", "--out", again);
    expect(readFileSync(again, "utf8")).toBe(readFileSync(out, "utf8"));
    const tsv = join(dir, "tfidf.tsv");
    const t = await vox(
      "augment",
      data,
      "--method",
      "tfidf",
      "--n",
      "2",
      "--alpha",
      "0.5",
      "--no-original",
      "--out",
      tsv,
    );
    expect(t.code).toBe(0);
    const lines = readFileSync(tsv, "utf8").trim().split("\n");
    expect(lines).toHaveLength(10);
    for (const l of lines) expect(l).toMatch(/^(pos|neg)\t\S/);
  });

  it("shows progress on a terminal only", async () => {
    let tty = "";
    const code = await main(["augment", data, "--method", "tfidf", "--out", join(dir, "p.jsonl")], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (tty += s), isTTY: true },
    });
    expect(code).toBe(0);
    expect(tty).toMatch(/augmenting .*reviews\.tsv: 100% 5 rows of 5 rows/);
    const piped = await vox("augment", data, "--method", "tfidf", "--out", join(dir, "p.jsonl"));
    expect(piped.stderr).toBe("");
  });

  it("back-translates through the model and reports tokens", async () => {
    const out = join(dir, "bt.jsonl");
    const r = await vox(
      "augment",
      data,
      "--method",
      "backtranslate",
      "--n",
      "1",
      "--pivot",
      "German",
      "--out",
      out,
      "--json",
      ...llmFlags,
    );
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ augmented: 5, pivot: "German", usage: { calls: 10 } });
    const rows = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows[1].text).toBe("T:T:a good and funny film");
  });

  it("stops with exit 2 on bad input and writes nothing", async () => {
    const bad = writeTemp(dir, "bad.tsv", "pos\tok\nno tab\n");
    const out = join(dir, "never.jsonl");
    const r = await vox("augment", bad, "--method", "eda", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad.tsv:2: expected label<TAB>text");
    expect(existsSync(out)).toBe(false);
    expect((await vox("augment", data, "--method", "mixup", "--out", out)).stderr).toContain(
      "--method must be one of eda, tfidf, backtranslate",
    );
  });
});

describe("vox llm label", () => {
  const prompt = writeTemp(dir, "prompt.txt", "Labels: {{labels}}\n{{examples}}\nText: {{text}}\nLabel:");
  const examples = writeTemp(
    dir,
    "examples.jsonl",
    '{"text":"great","label":"pos"}\n{"text":"awful","label":"neg"}\n',
  );
  const gold = writeTemp(dir, "gold.csv", "item,label\n1,pos\n2,neg\n3,pos\n4,neg\n5,neg\n");

  it("labels items as one more rater, calibrates against gold and routes low confidence to people", async () => {
    const out = join(dir, "llm.csv");
    const review = join(dir, "review.jsonl");
    const prices = writeTemp(dir, "prices.json", '{"mock-*": {"input": 0.15, "output": 0.6}}');
    const r = await vox(
      "llm",
      "label",
      data,
      "--prompt",
      prompt,
      "--examples",
      examples,
      "--gold",
      gold,
      "--threshold",
      "0.85",
      "--review",
      review,
      "--prices",
      prices,
      "--human-cost",
      "0.08",
      "--out",
      out,
      "--json",
      ...llmFlags,
    );
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    // "not good at all" is labelled pos with 0.9: 4 of 5 right, ECE before |0.8 − 0.9| = 0.1.
    expect(s).toMatchObject({ items: 5, labeled: 5, rater: "llm:mock-1", classes: ["pos", "neg"] });
    expect(s.calibration).toMatchObject({ method: "temperature", gold: 5, accuracy: 0.8 });
    expect(s.calibration.eceBefore).toBeCloseTo(0.1, 12);
    expect(s.usage).toMatchObject({ calls: 5, promptTokens: 500, completionTokens: 5, tokensPerItem: 101 });
    expect(s.usage.costPerItem).toBeCloseTo((100 * 0.15 + 0.6) / 1e6, 15);
    expect(s.costRatio).toBeCloseTo(0.08 / ((100 * 0.15 + 0.6) / 1e6), 3);
    const a = await readAnnotations(out, { progress: false });
    expect(a.annotations.raters).toEqual(["llm:mock-1"]);
    expect(a.annotations.item).toHaveLength(5);
    const csv = readFileSync(out, "utf8").split("\n");
    expect(csv[0]).toBe("item,rater,label,confidence,needs_human");
    expect(s.needsHuman).toBeGreaterThan(0);
    expect(readFileSync(review, "utf8").trim().split("\n")).toHaveLength(s.needsHuman);
    const human = await vox(
      "llm",
      "label",
      data,
      "--prompt",
      prompt,
      "--examples",
      examples,
      "--out",
      out,
      ...llmFlags,
    );
    expect(human.stdout).toMatch(/mock-1 labelled 5 of 5 items/);
  });

  it("fails clearly: no model (exit 2), a bad template (exit 2), a server that is down (exit 1)", async () => {
    const out = join(dir, "none.csv");
    const noModel = await vox(
      "llm",
      "label",
      data,
      "--prompt",
      prompt,
      "--classes",
      "pos,neg",
      "--out",
      out,
      "--base-url",
      server.url,
      "--no-cache",
    );
    if (!process.env.VOX_LLM_MODEL) {
      expect(noModel.code).toBe(2);
      expect(noModel.stderr).toContain("no model: pass --model or set VOX_LLM_MODEL");
    }
    const typo = writeTemp(dir, "typo.txt", "{{txt}}");
    const t = await vox(
      "llm",
      "label",
      data,
      "--prompt",
      typo,
      "--classes",
      "pos,neg",
      "--out",
      out,
      ...llmFlags,
    );
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/needs a value for \{\{txt\}\}/);
    const down = await vox(
      "llm",
      "label",
      data,
      "--prompt",
      prompt,
      "--classes",
      "pos,neg",
      "--out",
      out,
      "--provider",
      "ollama",
      "--base-url",
      await closedPort(),
      "--model",
      "m",
      "--no-cache",
      "--max-retries",
      "0",
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/vox: LLM request failed: .*ECONNREFUSED/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("Ctrl-C during vox llm label", () => {
  it("cancels the requests in flight, exits 130 and writes nothing", async () => {
    const out = join(dir, "interrupted.csv");
    const prompt = writeTemp(dir, "p2.txt", "{{labels}} {{text}}");
    const hang = await startMockLlm(() => ({ delayMs: 5000, reply: { json: openAiCompletion("pos") } }));
    const controller = new AbortController();
    let stderr = "";
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } };
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const code = await main(
      [
        "llm",
        "label",
        data,
        "--prompt",
        prompt,
        "--classes",
        "pos,neg",
        "--out",
        out,
        "--base-url",
        hang.url,
        "--model",
        "m",
        "--no-cache",
        "--stream",
      ],
      io,
      controller.signal,
    );
    expect(code).toBe(130);
    expect(stderr).toContain("interrupted; nothing was written");
    expect(Date.now() - started).toBeLessThan(4000);
    expect(existsSync(out)).toBe(false);
    expect(hang.requests[0]!.body.stream).toBe(true);
  });
});

describe("vox llm generate", () => {
  it("generates per class, deduplicates, reports diversity and caches", async () => {
    const out = join(dir, "gen.jsonl");
    const cache = join(dir, "cache");
    const args = [
      "llm",
      "generate",
      "--classes",
      "pos,neg",
      "--per-class",
      "4",
      "--batch",
      "2",
      "--task",
      "movie reviews",
      "--out",
      out,
      "--json",
      "--provider",
      "openai",
      "--base-url",
      server.url,
      "--model",
      "mock-1",
      "--cache",
      cache,
    ];
    const r = await vox(...args);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.classes).toHaveLength(2);
    expect(s.classes[0]).toMatchObject({ label: "pos", kept: 4 });
    expect(s.diversity.generated.count).toBe(8);
    const rows = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ id: "gen-pos-1", label: "pos", source: "llm:mock-1" });
    const before = server.requests.length;
    const again = await vox(...args);
    expect(server.requests.length).toBe(before);
    expect(JSON.parse(again.stdout).usage).toMatchObject({ cachedCalls: s.usage.calls });
    expect(
      (await vox("llm", "generate", "--classes", "a", "--per-class", "1", "--out", out)).stderr,
    ).toContain("describe the data with --task TEXT or --task-file FILE");
  });
});

describe("vox llm generate --filter-model (LAMBADA's filter)", () => {
  const pos = ["good", "great", "fine", "lovely"];
  const neg = ["bad", "awful", "poor", "dull"];
  const filler = ["the", "film", "plot", "was", "cast", "story"];
  const lines = Array.from({ length: 80 }, (_, i) => {
    const label = i % 2 ? "pos" : "neg";
    const word = (label === "pos" ? pos : neg)[Math.floor(i / 2) % 4]!;
    return `${label}\t${filler[i % 6]} ${word} ${filler[(i + 3) % 6]}`;
  });
  const real = writeTemp(dir, "real.tsv", lines.join("\n"));
  const heldOut = writeTemp(dir, "heldout.tsv", "pos\ta great story\nneg\ta dull cast\npos\tthe bad plot\n");
  it("keeps the candidates the classifier trained on real data is surest of, and reports affinity", async () => {
    const model = join(dir, "filter.json");
    expect((await vox("train", real, "--out", model, "--C", "10")).code).toBe(0);
    const reply = (examples: string[]) => ({ json: openAiCompletion(JSON.stringify({ examples })) });
    server.queue(
      reply(["a good film", "a great cast", "a bad plot", "so lovely"]),
      reply(["a dull film", "awful acting", "a fine cast", "poor plot"]),
    );
    const out = join(dir, "filtered.jsonl");
    const r = await vox(
      "llm",
      "generate",
      "--classes",
      "pos,neg",
      "--per-class",
      "2",
      "--batch",
      "4",
      "--near-duplicate",
      "1",
      "--task",
      "reviews",
      "--filter-model",
      model,
      "--affinity-data",
      heldOut,
      "--out",
      out,
      "--json",
      ...llmFlags,
    );
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    // 4 candidates per class (2 per kept example); 3 of them are the class by the model; the best 2 are kept.
    expect(s.classes[0]).toMatchObject({ label: "pos", generated: 4, agreed: 3, filtered: 2, kept: 2 });
    expect(s.classes[1]).toMatchObject({ label: "neg", generated: 4, agreed: 3, filtered: 2, kept: 2 });
    const kept = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).text);
    expect(kept).not.toContain("a bad plot");
    expect(kept).not.toContain("a fine cast");
    // 6 of 8 candidates agree with their class; of the held-out rows, "the bad plot" (labelled pos) does not.
    expect(s.affinity).toMatchObject({ generatedAccuracy: 0.75, generatedRows: 8, realRows: 3, model });
    expect(s.affinity.realAccuracy).toBeCloseTo(2 / 3, 12);
    expect(s.affinity.affinity).toBeCloseTo(0.75 - 2 / 3, 12);
    server.queue(reply(["a good film", "so lovely"]));
    const human = await vox(
      "llm",
      "generate",
      "--classes",
      "pos",
      "--per-class",
      "1",
      "--batch",
      "2",
      "--task",
      "reviews",
      "--filter-model",
      model,
      "--out",
      join(dir, "filtered2.jsonl"),
      ...llmFlags,
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /class\s+requests\s+generated\s+duplicates\s+model agrees\s+filtered\s+kept/,
    );
    expect(human.stdout).toContain("Model-based affinity");
    expect(human.stdout).toContain("give --affinity-data (or --examples)");
  });
  it("refuses a model that does not know the classes", async () => {
    const model = join(dir, "filter2.json");
    await vox("train", real, "--out", model);
    const r = await vox(
      "llm",
      "generate",
      "--classes",
      "pos,spam",
      "--per-class",
      "1",
      "--task",
      "t",
      "--filter-model",
      model,
      "--out",
      join(dir, "x.jsonl"),
      ...llmFlags,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("knows the classes neg, pos, not spam");
    const a = await vox(
      "llm",
      "generate",
      "--classes",
      "pos",
      "--per-class",
      "1",
      "--task",
      "t",
      "--affinity-data",
      heldOut,
      "--out",
      join(dir, "y.jsonl"),
      ...llmFlags,
    );
    expect(a.stderr).toContain("--affinity-data needs --filter-model");
  });
});

describe.skipIf(skipWithoutShared())("vox augment on SST-2", () => {
  it("augments the shared SST-2 test set with EDA", async () => {
    const out = join(dir, "sst.tsv");
    const r = await vox(
      "augment",
      sharedData("text/sst2/test.tsv"),
      "--method",
      "eda",
      "--n",
      "1",
      "--out",
      out,
      "--json",
    );
    expect(r.code).toBe(0);
    // ../shared/data/text/README.md: 1752 test sentences; every one has words, so 1752 originals + 1752 copies.
    expect(JSON.parse(r.stdout)).toMatchObject({ examples: 1752, written: 3504 });
  });
});
