// A local HTTP server that speaks the OpenAI chat completions and Ollama /api/chat wire formats, for tests of
// @vox/llm and the CLI: no LLM is reachable here, so tests script what the "model" answers, including failures.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";

/** What the server does with one request. */
export type MockReply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; body: string }
  | { stream: string[]; contentType?: string; cut?: boolean }
  | { delayMs: number; reply: MockReply };

/** A request the server received. */
export interface MockRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

/** The server and what it saw. */
export interface MockLlmServer {
  /** http://127.0.0.1:PORT */
  url: string;
  requests: MockRequest[];
  /** Replies in order; once they run out, `fallback` answers. */
  queue(...replies: MockReply[]): void;
  fallback: (req: MockRequest) => MockReply;
  close(): Promise<void>;
}

/** The last user message of a chat request. */
export function lastUser(req: MockRequest): string {
  const messages = (req.body.messages ?? []) as { role: string; content: string }[];
  return [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
}

/** A non-streaming chat completion, as OpenAI sends it. */
export function openAiCompletion(
  text: string,
  extra: { model?: string; usage?: [number, number]; logprobs?: unknown; finish?: string } = {},
): unknown {
  const [prompt, completion] = extra.usage ?? [10, 5];
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1700000000,
    model: extra.model ?? "test-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text },
        logprobs: extra.logprobs ?? null,
        finish_reason: extra.finish ?? "stop",
      },
    ],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** OpenAI logprobs for tokens: each [token, logprob, [alt, logprob]…]. */
export function openAiLogprobs(tokens: [string, number, [string, number][]][]): unknown {
  const bytes = (t: string) => [...Buffer.from(t)];
  return {
    content: tokens.map(([token, logprob, top]) => ({
      token,
      logprob,
      bytes: bytes(token),
      top_logprobs: top.map(([t, l]) => ({ token: t, logprob: l, bytes: bytes(t) })),
    })),
  };
}

/** A streamed chat completion as SSE events: role, one chunk per piece, the finish chunk, the usage chunk, [DONE]. */
export function openAiStream(
  pieces: string[],
  extra: { model?: string; usage?: [number, number]; logprobs?: unknown[] } = {},
): string[] {
  const model = extra.model ?? "test-model";
  const base = { id: "chatcmpl-test", object: "chat.completion.chunk", created: 1700000000, model };
  const event = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
  const [prompt, completion] = extra.usage ?? [10, pieces.length];
  return [
    event({
      ...base,
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
    }),
    ...pieces.map((p, i) =>
      event({
        ...base,
        choices: [
          { index: 0, delta: { content: p }, logprobs: extra.logprobs?.[i] ?? null, finish_reason: null },
        ],
      }),
    ),
    event({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }),
    event({
      ...base,
      choices: [],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    }),
    "data: [DONE]\n\n",
  ];
}

/** A non-streaming Ollama /api/chat answer. */
export function ollamaMessage(
  text: string,
  extra: { model?: string; usage?: [number, number]; logprobs?: unknown } = {},
): unknown {
  const [prompt, completion] = extra.usage ?? [10, 5];
  return {
    model: extra.model ?? "test-model",
    created_at: "2025-01-01T00:00:00Z",
    message: { role: "assistant", content: text },
    done_reason: "stop",
    done: true,
    total_duration: 1000,
    load_duration: 10,
    prompt_eval_count: prompt,
    prompt_eval_duration: 100,
    eval_count: completion,
    eval_duration: 500,
    ...(extra.logprobs ? { logprobs: extra.logprobs } : {}),
  };
}

/** A streamed Ollama answer: one NDJSON line per piece, then the done line with the counts. */
export function ollamaStream(
  pieces: string[],
  extra: { model?: string; usage?: [number, number]; logprobs?: unknown[] } = {},
): string[] {
  const model = extra.model ?? "test-model";
  const [prompt, completion] = extra.usage ?? [10, pieces.length];
  const line = (o: unknown) => `${JSON.stringify(o)}\n`;
  return [
    ...pieces.map((p, i) =>
      line({
        model,
        created_at: "2025-01-01T00:00:00Z",
        message: { role: "assistant", content: p },
        done: false,
        ...(extra.logprobs?.[i] ? { logprobs: extra.logprobs[i] } : {}),
      }),
    ),
    line({
      model,
      created_at: "2025-01-01T00:00:00Z",
      message: { role: "assistant", content: "" },
      done: true,
      done_reason: "stop",
      prompt_eval_count: prompt,
      eval_count: completion,
    }),
  ];
}

async function send(res: ServerResponse, reply: MockReply): Promise<void> {
  if ("delayMs" in reply) {
    await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    return send(res, reply.reply);
  }
  if ("stream" in reply) {
    res.writeHead(200, {
      "content-type": reply.contentType ?? "text/event-stream",
      "cache-control": "no-cache",
    });
    for (const piece of reply.stream) {
      res.write(piece);
      await new Promise((r) => setImmediate(r));
    }
    if (reply.cut) res.socket?.destroy();
    else res.end();
    return;
  }
  const body = "json" in reply ? JSON.stringify(reply.json) : reply.body;
  res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
  res.end(body);
}

/** Starts the server on 127.0.0.1 (a free port); it closes after the test file. */
export async function startMockLlm(fallback?: (req: MockRequest) => MockReply): Promise<MockLlmServer> {
  const queued: MockReply[] = [];
  const requests: MockRequest[] = [];
  const state: MockLlmServer = {
    url: "",
    requests,
    queue: (...r) => {
      queued.push(...r);
    },
    fallback: fallback ?? (() => ({ status: 500, json: { error: { message: "no reply scripted" } } })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => {
      raw += c.toString("utf8");
    });
    req.on("end", () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // a malformed request body: leave it empty; the test will see it
      }
      const request = { path: req.url ?? "", headers: req.headers, body };
      requests.push(request);
      const reply = queued.shift() ?? state.fallback(request);
      send(res, reply).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  afterAll(async () => {
    server.closeAllConnections();
    await state.close();
  });
  return state;
}
