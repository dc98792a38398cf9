import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir } from "../../../test-support/index.js";
import {
  lastUser,
  type MockReply,
  ollamaMessage,
  ollamaStream,
  openAiCompletion,
  openAiLogprobs,
  openAiStream,
  startMockLlm,
} from "../../../test-support/mockLlm.js";
import { createDiskCache, createMemoryCache, requestKey } from "./cache.js";
import { createLlmClient } from "./client.js";
import { resolveProvider } from "./env.js";
import { VoxLlmError } from "./errors.js";
import { parseRetryAfter } from "./http.js";
import { createRateLimiter } from "./limiter.js";
import { parsePriceTable, UsageMeter } from "./meter.js";
import { createOllamaProvider } from "./ollama.js";
import { createOpenAiProvider } from "./openai.js";
import { createRetrier } from "./retry.js";
import { renderTemplate } from "./template.js";
import type { ChatChunk, ChatRequest } from "./types.js";

const server = await startMockLlm();
const openai = createOpenAiProvider({ baseUrl: `${server.url}/v1`, apiKey: "sk-test" });
const ollama = createOllamaProvider({ baseUrl: server.url });
const hello: ChatRequest = { model: "test-model", messages: [{ role: "user", content: "Say hello" }] };

async function collect(it: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

async function failure(p: Promise<unknown> | (() => Promise<unknown>)): Promise<VoxLlmError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (e instanceof VoxLlmError) return e;
    throw e;
  }
  throw new Error("expected a VoxLlmError");
}

/** A client whose sleeps are recorded, not waited. */
function clientWith(
  provider = openai,
  extra: Parameters<typeof createLlmClient>[0] extends infer O ? Partial<O> : never = {},
) {
  const slept: number[] = [];
  const client = createLlmClient({
    provider,
    retry: { seed: 1, baseDelayMs: 100 },
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...extra,
  });
  return { client, slept };
}

describe("OpenAI wire format", () => {
  it("sends a chat completion request and reads the answer, usage and logprobs", async () => {
    const logprobs = openAiLogprobs([
      [
        "pos",
        -0.1,
        [
          ["pos", -0.1],
          ["neg", -2.4],
        ],
      ],
    ]);
    server.queue({ json: openAiCompletion("positive", { usage: [12, 1], logprobs }) });
    const r = await openai.chat({
      ...hello,
      temperature: 0,
      maxTokens: 5,
      seed: 3,
      stop: ["\n"],
      logprobs: true,
      topLogprobs: 5,
      json: "object",
    });
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.headers.authorization).toBe("Bearer sk-test");
    expect(req.body).toEqual({
      model: "test-model",
      messages: hello.messages,
      temperature: 0,
      max_tokens: 5,
      seed: 3,
      stop: ["\n"],
      logprobs: true,
      top_logprobs: 5,
      response_format: { type: "json_object" },
    });
    expect(r).toMatchObject({
      text: "positive",
      finishReason: "stop",
      usage: { promptTokens: 12, completionTokens: 1 },
    });
    expect(r.logprobs![0]).toEqual({
      token: "pos",
      logprob: -0.1,
      top: [
        { token: "pos", logprob: -0.1 },
        { token: "neg", logprob: -2.4 },
      ],
    });
  });

  it("streams SSE chunks up to data: [DONE], with the usage chunk", async () => {
    server.queue({ stream: openAiStream(["Hel", "lo", "!"], { usage: [7, 3] }) });
    const chunks = await collect(openai.stream(hello));
    expect(chunks.map((c) => c.text).join("")).toBe("Hello!");
    expect(chunks.at(-1)!.usage).toEqual({ promptTokens: 7, completionTokens: 3 });
    const body = server.requests.at(-1)!.body;
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("streams logprobs chunk by chunk, and collects them into one answer", async () => {
    const lp = (t: string, l: number) => openAiLogprobs([[t, l, [[t, l]]]]);
    server.queue({ stream: openAiStream(["ne", "g"], { logprobs: [lp("ne", -0.5), lp("g", -0.01)] }) });
    const chunks = await collect(openai.stream({ ...hello, logprobs: true, topLogprobs: 1 }));
    expect(chunks.flatMap((c) => c.logprobs ?? []).map((t) => [t.token, t.logprob])).toEqual([
      ["ne", -0.5],
      ["g", -0.01],
    ]);
    server.queue({ stream: openAiStream(["ne", "g"], { logprobs: [lp("ne", -0.5), lp("g", -0.01)] }) });
    const r = await createLlmClient({ provider: openai }).chat(hello, { stream: true });
    expect(r.logprobs?.map((t) => t.token)).toEqual(["ne", "g"]);
  });

  it("reads SSE with CRLF line ends, comments and multi-line data", async () => {
    const event = JSON.stringify({
      choices: [{ index: 0, delta: { content: "ok" }, finish_reason: "stop" }],
    });
    // A comment, CRLF split across writes, an event whose JSON spans two data lines (joined with LF), "data:"
    // without its space, and an unknown field.
    const [head, tail] = [event.slice(0, 12), event.slice(12)];
    server.queue({
      stream: [
        ": keep-alive\r\n\r\n",
        `data: ${event}\r`,
        "\n\r\n",
        `id: 7\ndata:${head}\ndata: ${tail}\n\n`,
        "data: [DONE]\r\n\r\n",
      ],
    });
    expect((await collect(openai.stream(hello))).map((c) => c.text)).toEqual(["ok", "ok"]);
  });

  it("reports a cut stream, an error event and malformed bodies as BAD_RESPONSE or SERVER", async () => {
    server.queue({ stream: openAiStream(["a", "b"]).slice(0, 2), cut: true });
    expect((await failure(collect(openai.stream(hello)))).code).toBe("BAD_RESPONSE");
    server.queue({ stream: openAiStream(["a"]).slice(0, 2) });
    expect((await failure(collect(openai.stream(hello)))).message).toMatch(
      /stream ended before data: \[DONE\]/,
    );
    server.queue({ stream: ['data: {"error":{"message":"overloaded"}}\n\n'] });
    expect(await failure(collect(openai.stream(hello)))).toMatchObject({
      code: "SERVER",
      message: /overloaded/,
    });
    server.queue({ stream: ["data: {not json\n\n"] });
    expect((await failure(collect(openai.stream(hello)))).code).toBe("BAD_RESPONSE");
    server.queue({ body: '{"choices": [' });
    expect(await failure(openai.chat(hello))).toMatchObject({
      code: "BAD_RESPONSE",
      message: /not valid JSON/,
    });
    server.queue({ json: { choices: [] } });
    expect(await failure(openai.chat(hello))).toMatchObject({
      code: "BAD_RESPONSE",
      message: /not a chat completion/,
    });
  });

  it("maps HTTP statuses to error codes with the server's message and Retry-After", async () => {
    server.queue({ status: 429, headers: { "retry-after": "7" }, json: { error: { message: "slow down" } } });
    expect(await failure(openai.chat(hello))).toMatchObject({
      code: "RATE_LIMITED",
      status: 429,
      retryAfterMs: 7000,
      message: /HTTP 429: slow down/,
    });
    server.queue({ status: 503, body: "upstream down" });
    expect(await failure(openai.chat(hello))).toMatchObject({ code: "SERVER", retryable: true });
    server.queue({ status: 401, json: { error: { message: "bad key" } } });
    expect(await failure(openai.chat(hello))).toMatchObject({ code: "HTTP", retryable: false });
    const refused = createOpenAiProvider({ baseUrl: "http://127.0.0.1:1" });
    expect(await failure(refused.chat(hello))).toMatchObject({ code: "NETWORK", retryable: true });
  });
});

describe("Ollama wire format", () => {
  it("sends /api/chat with options and format, and reads counts and logprobs", async () => {
    const logprobs = [{ token: "pos", logprob: -0.2, top_logprobs: [{ token: "pos", logprob: -0.2 }] }];
    server.queue({ json: ollamaMessage('{"label":"pos"}', { usage: [20, 4], logprobs }) });
    const r = await ollama.chat({
      ...hello,
      temperature: 0.5,
      maxTokens: 9,
      seed: 1,
      logprobs: true,
      topLogprobs: 3,
      json: { name: "out", schema: { type: "object" } },
    });
    const req = server.requests.at(-1)!;
    expect(req.path).toBe("/api/chat");
    expect(req.body).toEqual({
      model: "test-model",
      messages: hello.messages,
      stream: false,
      options: { temperature: 0.5, num_predict: 9, seed: 1 },
      format: { type: "object" },
      logprobs: true,
      top_logprobs: 3,
    });
    expect(r).toMatchObject({ text: '{"label":"pos"}', usage: { promptTokens: 20, completionTokens: 4 } });
    expect(r.logprobs).toEqual([{ token: "pos", logprob: -0.2, top: [{ token: "pos", logprob: -0.2 }] }]);
  });

  it("streams NDJSON to done: true, and reports cut streams and error lines", async () => {
    server.queue({
      stream: ollamaStream(["He", "llo"], { usage: [5, 2] }),
      contentType: "application/x-ndjson",
    });
    const chunks = await collect(ollama.stream(hello));
    expect(chunks.map((c) => c.text).join("")).toBe("Hello");
    expect(chunks.at(-1)).toMatchObject({
      finishReason: "stop",
      usage: { promptTokens: 5, completionTokens: 2 },
    });
    const lp = [{ token: "He", logprob: -0.1, top_logprobs: [] }];
    server.queue({
      stream: ollamaStream(["He", "llo"], { logprobs: [lp] }),
      contentType: "application/x-ndjson",
    });
    const withLp = await collect(ollama.stream({ ...hello, logprobs: true }));
    expect(withLp[0]!.logprobs).toEqual([{ token: "He", logprob: -0.1, top: [] }]);
    server.queue({ stream: ollamaStream(["He", "llo"]).slice(0, 2), cut: true });
    expect((await failure(collect(ollama.stream(hello)))).code).toBe("BAD_RESPONSE");
    server.queue({ stream: ['{"error":"model not found"}\n'] });
    expect(await failure(collect(ollama.stream(hello)))).toMatchObject({
      code: "SERVER",
      message: /model not found/,
    });
    server.queue({ status: 404, json: { error: "model 'x' not found" } });
    expect(await failure(ollama.chat(hello))).toMatchObject({ code: "HTTP", message: /model 'x' not found/ });
  });
});

describe("client: retries, timeouts, cache, accounting", () => {
  it("honours Retry-After on 429 and backs off with seeded jitter on 500s", async () => {
    const { client, slept } = clientWith();
    server.queue(
      { status: 429, headers: { "retry-after": "2" }, json: { error: { message: "rate" } } },
      { status: 500, json: { error: { message: "oops" } } },
      { body: "{malformed" },
      { json: openAiCompletion("hi") },
    );
    const r = await client.chat(hello);
    expect(r.text).toBe("hi");
    expect(slept).toHaveLength(3);
    expect(slept[0]).toBeGreaterThanOrEqual(2000);
    expect(slept[1]).toBeLessThanOrEqual(200); // retry 2: uniform(0, 100 · 2)
    expect(slept[2]).toBeLessThanOrEqual(400);
    // The same seed gives the same delays.
    const again = clientWith();
    server.queue({ status: 500, json: {} }, { status: 500, json: {} }, { json: openAiCompletion("x") });
    await again.client.chat(hello);
    const third = clientWith();
    server.queue({ status: 500, json: {} }, { status: 500, json: {} }, { json: openAiCompletion("x") });
    await third.client.chat(hello);
    expect(third.slept).toEqual(again.slept);
  });

  it("does not retry 4xx, gives up after maxRetries, and refuses a Retry-After beyond its limit", async () => {
    const { client, slept } = clientWith(openai, {
      retry: { maxRetries: 2, baseDelayMs: 1, maxRetryAfterMs: 5000 },
    });
    server.queue({ status: 400, json: { error: { message: "bad request" } } });
    expect((await failure(client.chat(hello))).code).toBe("HTTP");
    expect(slept).toHaveLength(0);
    server.queue({ status: 502, json: {} }, { status: 502, json: {} }, { status: 502, json: {} });
    expect((await failure(client.chat(hello))).code).toBe("SERVER");
    expect(slept).toHaveLength(2);
    server.queue({ status: 429, headers: { "retry-after": "3600" }, json: {} });
    expect(await failure(client.chat(hello))).toMatchObject({
      code: "RATE_LIMITED",
      retryAfterMs: 3_600_000,
    });
  });

  it("times out a hung attempt and retries it; an abort stops everything", async () => {
    const { client, slept } = clientWith(openai, { timeoutMs: 150 });
    server.queue(
      { delayMs: 2000, reply: { json: openAiCompletion("late") } },
      { json: openAiCompletion("on time") },
    );
    expect((await client.chat(hello)).text).toBe("on time");
    expect(slept).toHaveLength(1);
    server.queue({ delayMs: 2000, reply: { json: openAiCompletion("late") } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const noTimeout = clientWith(openai, { timeoutMs: 10_000 }).client;
    expect((await failure(noTimeout.chat(hello, { signal: controller.signal }))).code).toBe("ABORTED");
  });

  it("retries a stream that fails before its first chunk and collects streams into one answer", async () => {
    const { client } = clientWith();
    server.queue({ status: 503, json: {} }, { stream: openAiStream(["a", "b"], { usage: [3, 2] }) });
    const chunks = await collect(client.stream(hello));
    expect(chunks.map((c) => c.text).join("")).toBe("ab");
    server.queue(
      { stream: openAiStream(["x"]).slice(0, 2), cut: true },
      { stream: openAiStream(["y", "z"]) },
    );
    const r = await client.chat(hello, { stream: true });
    expect(r).toMatchObject({ text: "yz", finishReason: "stop" });
    // A stream cut after text reached the caller is not retried.
    server.queue({ stream: openAiStream(["p", "q"]).slice(0, 2), cut: true });
    const seen: string[] = [];
    const e = await failure(async () => {
      for await (const c of client.stream(hello)) seen.push(c.text);
    });
    expect(e.code).toBe("BAD_RESPONSE");
    expect(seen.join("")).toBe("p");
  });

  it("caches answers on disk by request hash, per sample, and books tokens and cost", async () => {
    const dir = tempDir();
    const meter = new UsageMeter(parsePriceTable({ "test-*": { input: 1, output: 2 } }));
    const { client } = clientWith(openai, { cache: createDiskCache(dir), meter });
    server.queue({ json: openAiCompletion("one", { usage: [1000, 500] }) });
    const before = server.requests.length;
    const a = await client.chat(hello);
    const b = await client.chat({ messages: hello.messages, model: "test-model" });
    expect(server.requests.length).toBe(before + 1);
    expect(b).toMatchObject({ text: "one", cached: true });
    expect(a.cached).toBeUndefined();
    server.queue({ json: openAiCompletion("two", { usage: [1000, 500] }) });
    expect((await client.chat(hello, { sample: 1 })).text).toBe("two");
    const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".json"));
    expect(files).toHaveLength(2);
    expect(requestKey(openai, hello, 0)).not.toBe(requestKey(openai, hello, 1));
    expect(requestKey(openai, hello)).not.toBe(requestKey(ollama, hello));
    // A damaged entry is a miss, not a crash.
    const key = requestKey(openai, hello, 0);
    const entry = join(dir, key.slice(0, 2), `${key.slice(2)}.json`);
    writeFileSync(entry, "{torn");
    server.queue({ json: openAiCompletion("fresh") });
    expect((await client.chat(hello)).text).toBe("fresh");
    expect((await client.chat(hello, { sample: 1 })).cached).toBe(true);
    expect(readFileSync(entry, "utf8")).toMatch(/fresh/);
    const s = meter.summary();
    expect(s).toMatchObject({
      calls: 5,
      cachedCalls: 2,
      promptTokens: 2000 + 10,
      completionTokens: 1000 + 5,
    });
    // (2010 · $1 + 1005 · $2) / 1M
    expect(s.cost).toBeCloseTo((2010 + 2 * 1005) / 1e6, 12);
    expect(new UsageMeter().priceOf("gpt")).toBeUndefined();
    expect(() => parsePriceTable({ m: { input: -1, output: 1 } })).toThrow(/USD per 1M tokens/);
  });

  it("validates structured output with zod and sends the error back for repair", async () => {
    const { client } = clientWith(openai, { cache: createMemoryCache() });
    const schema = z.object({ label: z.enum(["pos", "neg"]), confidence: z.number().min(0).max(1) });
    server.queue(
      { json: openAiCompletion("Sure! {label: pos}") },
      { json: openAiCompletion('```json\n{"label":"maybe","confidence":2}\n```') },
      { json: openAiCompletion('{"label":"pos","confidence":0.9}') },
    );
    const r = await client.json(hello, schema);
    expect(r).toMatchObject({ value: { label: "pos", confidence: 0.9 }, attempts: 3 });
    const reqs = server.requests.slice(-3);
    expect(reqs[0]!.body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "output" },
    });
    expect(lastUser(reqs[1]!)).toMatch(/not valid JSON/);
    expect(lastUser(reqs[2]!)).toMatch(/label/);
    server.queue(...Array.from({ length: 3 }, () => ({ json: openAiCompletion("nope") }) as MockReply));
    expect((await failure(client.json({ ...hello, model: "m2" }, schema))).code).toBe("INVALID_OUTPUT");
  });
});

describe("rate limits", () => {
  it("spaces requests per minute and books real token use", async () => {
    let now = 0;
    const waits: number[] = [];
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        waits.push(ms);
        now += ms;
      },
    };
    const rpm = createRateLimiter({ requestsPerMinute: 2 }, clock);
    const one = () => rpm.run(async () => 0, { estimatedTokens: 1 });
    await one();
    await one();
    expect(waits).toEqual([]);
    await one(); // the bucket holds 2 per minute: one more request needs 30 s
    expect(waits).toEqual([30_000]);
    waits.length = 0;
    const tpm = createRateLimiter({ tokensPerMinute: 1000 }, clock);
    // Estimated 100, used 1000: the bucket is empty afterwards, so 500 more tokens wait 30 s.
    await tpm.run(async () => 1000, { estimatedTokens: 100, actualTokens: (v) => v });
    await tpm.run(async () => 500, { estimatedTokens: 500, actualTokens: (v) => v });
    expect(waits).toEqual([30_000]);
  });

  it("caps concurrency", async () => {
    const limiter = createRateLimiter({ concurrency: 2 });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        limiter.run(
          async () => {
            active++;
            peak = Math.max(peak, active);
            await new Promise((r) => setTimeout(r, 5));
            active--;
          },
          { estimatedTokens: 1 },
        ),
      ),
    );
    expect(peak).toBe(2);
    expect(() => createRateLimiter({ concurrency: 0 })).toThrow(/concurrency must be an integer/);
  });
});

describe("small parts", () => {
  it("parses Retry-After as seconds, an HTTP date or retry-after-ms", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "3" }))).toBe(3000);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "3" }))).toBe(250);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 01 Jan 2025 00:00:10 GMT" }), now)).toBe(
      10_000,
    );
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfter(new Headers())).toBeUndefined();
  });

  it("retries only retryable errors", async () => {
    const retrying = createRetrier({ maxRetries: 3 }, async () => {});
    let calls = 0;
    await expect(
      retrying(async () => {
        calls++;
        throw new TypeError("bug");
      }),
    ).rejects.toThrow("bug");
    expect(calls).toBe(1);
  });

  it("resolves providers from flags and the environment", () => {
    const env = { VOX_LLM_MODEL: "llama3.1", OLLAMA_HOST: "127.0.0.1:11434" };
    expect(resolveProvider({}, env).provider).toMatchObject({
      kind: "ollama",
      baseUrl: "http://127.0.0.1:11434",
    });
    const vllm = resolveProvider(
      { baseUrl: "http://localhost:8000/v1" },
      { ...env, VOX_LLM_PROVIDER: "openai" },
    );
    expect(vllm.provider).toMatchObject({ kind: "openai", baseUrl: "http://localhost:8000/v1" });
    expect(resolveProvider({ model: "gpt-4o-mini" }, {}).provider.baseUrl).toBe("https://api.openai.com/v1");
    expect(() => resolveProvider({}, {})).toThrow("no model: pass --model or set VOX_LLM_MODEL");
    expect(() => resolveProvider({ provider: "bard", model: "x" }, {})).toThrow(/openai or ollama/);
  });

  it("renders templates strictly", () => {
    expect(renderTemplate("Label: {{ text }} as {{labels}}", { text: "hi", labels: "a, b" })).toBe(
      "Label: hi as a, b",
    );
    expect(() => renderTemplate("{{text}} {{lables}}", { text: "x", labels: "y" })).toThrow(
      /needs a value for \{\{lables\}\}/,
    );
    expect(() => renderTemplate("{{text}}", { text: "x", extra: "y" })).toThrow(
      /no \{\{extra\}\} placeholder/,
    );
    expect(renderTemplate("{{text}}", { text: "x", extra: "y" }, ["extra"])).toBe("x");
  });
});
