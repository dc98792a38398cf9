import { describe, expect, it } from "vitest";
import {
  lastUser,
  type MockRequest,
  ollamaMessage,
  openAiCompletion,
  openAiLogprobs,
  startMockLlm,
} from "../../../test-support/mockLlm.js";
import { annotate, calibrateAnnotations } from "./annotate.js";
import { backTranslate } from "./backTranslate.js";
import { createMemoryCache } from "./cache.js";
import { createLlmClient } from "./client.js";
import { drawFewShot } from "./fewShot.js";
import { generateExamples } from "./generate.js";
import { classProbabilities, parseLabel } from "./labels.js";
import { UsageMeter } from "./meter.js";
import { createOllamaProvider } from "./ollama.js";
import { createOpenAiProvider } from "./openai.js";

/** A fake sentiment model: "good" texts are pos with p = 0.9 (wrong when they also say "not"), others neg. */
function sentimentModel(req: MockRequest) {
  const prompt = lastUser(req);
  const text = /Text: (.*)\nLabel:$/.exec(prompt)?.[1] ?? "";
  const pos = /good/.test(text);
  const label = pos ? "pos" : "neg";
  const lp = Math.log(0.9);
  const other = Math.log(0.1);
  const logprobs = openAiLogprobs([
    [
      label,
      lp,
      [
        [label, lp],
        [pos ? "neg" : "pos", other],
      ],
    ],
  ]);
  return { json: openAiCompletion(label, { usage: [50, 1], logprobs: req.body.logprobs ? logprobs : null }) };
}

const server = await startMockLlm(sentimentModel);
const provider = createOpenAiProvider({ baseUrl: server.url });

describe("labels", () => {
  it("parses answers and turns first-token logprobs into class probabilities", () => {
    expect(parseLabel(' "Positive".', ["negative", "positive"])).toBe("positive");
    expect(parseLabel("I think it is negative overall", ["negative", "positive"])).toBe("negative");
    expect(parseLabel("positive or negative", ["negative", "positive"])).toBeNull();
    const p = classProbabilities(
      [
        {
          token: " pos",
          logprob: Math.log(0.6),
          top: [
            { token: " pos", logprob: Math.log(0.6) },
            { token: "neg", logprob: Math.log(0.3) },
            { token: "maybe", logprob: Math.log(0.1) },
          ],
        },
      ],
      ["positive", "negative"],
    )!;
    // "maybe" names no class: the 0.9 that does is renormalised.
    expect(p[0]).toBeCloseTo(2 / 3, 12);
    expect(p[1]).toBeCloseTo(1 / 3, 12);
    expect(classProbabilities([], ["a"])).toBeUndefined();
  });

  it("draws few-shot examples seeded and spread over classes", () => {
    const pool = [
      ...Array.from({ length: 10 }, (_, i) => ({ text: `a${i}`, label: "a" })),
      { text: "b0", label: "b" },
    ];
    const shots = drawFewShot(pool, { shots: 4, classes: ["a", "b"], seed: 1 });
    expect(shots).toHaveLength(4);
    expect(shots.filter((s) => s.label === "b")).toHaveLength(1);
    expect(drawFewShot(pool, { shots: 4, classes: ["a", "b"], seed: 1 })).toEqual(shots);
  });
});

describe("annotate", () => {
  const texts = ["good film", "bad film", "not good at all", "dull", "good fun"];
  const gold = ["pos", "neg", "neg", "neg", "pos"];

  it("labels with logprob confidence, few-shot examples, and books tokens", async () => {
    const meter = new UsageMeter({ "test-model": { input: 0.5, output: 1.5 } });
    const client = createLlmClient({ provider, meter, cache: createMemoryCache() });
    const r = await annotate(texts, {
      client,
      model: "test-model",
      classes: ["pos", "neg"],
      examples: [
        { text: "great", label: "pos" },
        { text: "awful", label: "neg" },
      ],
      shots: 2,
    });
    expect(r.items.map((i) => i.label)).toEqual(["pos", "neg", "pos", "neg", "pos"]);
    expect(r.items[0]!.confidence).toBeCloseTo(0.9, 12);
    const prompt = lastUser(server.requests.at(-1)!);
    expect(prompt).toMatch(/Text: great\nLabel: pos/);
    expect(prompt).toMatch(/labels: pos, neg/);
    expect(server.requests.at(-1)!.body).toMatchObject({ logprobs: true, top_logprobs: 10, temperature: 0 });
    expect(meter.summary()).toMatchObject({ calls: 5, promptTokens: 250, completionTokens: 5 });
    expect(meter.summary().cost).toBeCloseTo((250 * 0.5 + 5 * 1.5) / 1e6, 15);

    // Calibration: 4 of 5 right at confidence 0.9 each → ECE before |0.8 − 0.9| = 0.1.
    const cal = calibrateAnnotations(r, gold, { classes: ["pos", "neg"], method: "temperature", folds: 5 });
    expect(cal.gold).toBe(5);
    expect(cal.accuracy).toBeCloseTo(0.8, 12);
    expect(cal.eceBefore).toBeCloseTo(0.1, 12);
    expect(cal.temperature).toBeGreaterThan(1);
    expect(cal.confidence[0]).toBeLessThan(0.9);
    const hist = calibrateAnnotations(r, gold, { classes: ["pos", "neg"], method: "histogram" });
    // All five in one bin: (4 + 1) / (5 + 2).
    expect(hist.confidence[0]).toBeCloseTo(5 / 7, 12);
  });

  it("measures self-consistency as the majority's share of k samples, each cached apart", async () => {
    let n = 0;
    server.fallback = () => {
      n++;
      return { json: openAiCompletion(n % 3 === 0 ? "neg" : "pos", { usage: [40, 1] }) };
    };
    const cache = createMemoryCache();
    const client = createLlmClient({ provider, cache });
    const r = await annotate(["good"], {
      client,
      model: "test-model",
      classes: ["pos", "neg"],
      confidence: "self-consistency",
      samples: 6,
    });
    expect(r.items[0]!.label).toBe("pos");
    expect(r.items[0]!.confidence).toBeCloseTo(4 / 6, 12);
    expect(server.requests.at(-1)!.body.temperature).toBe(0.7);
    const again = await annotate(["good"], {
      client,
      model: "test-model",
      classes: ["pos", "neg"],
      confidence: "self-consistency",
      samples: 6,
    });
    expect(again.items[0]).toMatchObject({ label: "pos", cached: 6, promptTokens: 0 });
    expect(n).toBe(6);
    server.fallback = sentimentModel;
  });
});

describe("generateExamples", () => {
  it("generates per class as JSON, drops duplicates of each other and of real data, and reports diversity", async () => {
    const batches: Record<string, string[][]> = {
      pos: [
        ["A joyful film.", "a joyful film", "Loved every minute of it."],
        ["Great acting!", "Loved every minute of it!!", "Sheer delight from start to end."],
      ],
      neg: [["Terrible plot.", "Dull and slow."]],
    };
    server.fallback = (req) => {
      const label = /label is "(\w+)"/.exec(lastUser(req))![1]!;
      const next = batches[label]!.shift() ?? [];
      return { json: ollamaMessage(JSON.stringify({ examples: next })) };
    };
    const client = createLlmClient({ provider: createOllamaProvider({ baseUrl: server.url }) });
    const r = await generateExamples({
      client,
      model: "test-model",
      task: "movie review sentences by sentiment",
      classes: ["pos", "neg"],
      perClass: 3,
      batchSize: 3,
      examples: [
        { text: "Great acting", label: "pos" },
        { text: "Awful", label: "neg" },
      ],
      maxRequestsPerClass: 3,
    });
    expect(r.examples.filter((e) => e.label === "pos").map((e) => e.text)).toEqual([
      "A joyful film.",
      "Loved every minute of it.",
      "Sheer delight from start to end.",
    ]);
    const pos = r.classes[0]!;
    expect(pos).toMatchObject({ label: "pos", requests: 2, generated: 6, duplicates: 3, kept: 3 });
    expect(r.classes[1]).toMatchObject({ label: "neg", kept: 2 });
    const req = server.requests.at(-1)!;
    expect(req.body.format).toMatchObject({ type: "object" });
    expect(lastUser(req)).toMatch(/- Awful/);
    expect(r.diversity.generated.count).toBe(5);
    expect(r.diversity.generated.distinct1).toBeGreaterThan(0.5);
    expect(r.diversity.real?.count).toBe(2);
    server.fallback = sentimentModel;
  });

  it("keeps only what the classifier assigns to the class, most confident first (the phase-2 filter hook)", async () => {
    server.fallback = (req) => {
      const label = /label is "(\w+)"/.exec(lastUser(req))![1]!;
      return {
        json: openAiCompletion(
          JSON.stringify({
            examples: [`${label} one`, `${label} two x`, `${label} three yy`, `${label} four zzzz`],
          }),
        ),
      };
    };
    const client = createLlmClient({ provider });
    const r = await generateExamples({
      client,
      model: "test-model",
      task: "t",
      classes: ["pos", "neg"],
      perClass: 1,
      batchSize: 4,
      filter: {
        overgenerate: 4,
        // Longer texts look more confident; texts containing "two" are assigned to the other class.
        score: (texts) => {
          const data = new Float64Array(texts.length * 2);
          texts.forEach((t, i) => {
            const mine = t.startsWith("pos") ? 0 : 1;
            const p = t.includes("two") ? 0.2 : Math.min(0.95, 0.5 + t.length / 100);
            data[i * 2 + mine] = p;
            data[i * 2 + 1 - mine] = 1 - p;
          });
          return { rows: texts.length, cols: 2, data };
        },
        heldOut: [
          { text: "pos real", label: "pos" },
          { text: "neg two", label: "neg" },
          { text: "other", label: "unknown class" },
        ],
      },
    });
    expect(r.examples.map((e) => e.text)).toEqual(["pos four zzzz", "neg four zzzz"]);
    expect(r.classes[0]).toMatchObject({ generated: 4, filtered: 3, kept: 1, agreed: 3 });
    // 6 of the 8 candidates are assigned to their class; of the two held-out real rows (the third names no
    // generated class), "neg two" is not.
    expect(r.affinity).toEqual({
      generatedAccuracy: 0.75,
      generatedRows: 8,
      realAccuracy: 0.5,
      realRows: 2,
      affinity: 0.25,
    });
    server.fallback = sentimentModel;
  });
});

describe("backTranslate", () => {
  it("goes through the pivot language and back", async () => {
    server.fallback = (req) => {
      const prompt = lastUser(req);
      const text = prompt.split("\n\n").at(-1)!;
      const into = /into (\w+)/.exec(prompt)![1];
      return {
        json: openAiCompletion(into === "French" ? `FR(${text})` : text.replace(/^FR\((.*)\)$/, "$1!")),
      };
    };
    const client = createLlmClient({ provider });
    const r = await backTranslate(["hello there", "bye"], { client, model: "test-model", n: 2 });
    expect(r.texts).toEqual(["hello there!", "hello there!", "bye!", "bye!"]);
    expect([...r.source]).toEqual([0, 0, 1, 1]);
    expect(r.pivotTexts[0]).toBe("FR(hello there)");
    server.fallback = sentimentModel;
  });
});
