import { z } from "zod";
import { type ResponseCache, requestKey } from "./cache.js";
import { VoxLlmError } from "./errors.js";
import { createRateLimiter, type RateLimits } from "./limiter.js";
import { UsageMeter } from "./meter.js";
import { createRetrier, type RetryEvent, type RetryPolicy, sleep as realSleep, type Sleep } from "./retry.js";
import type {
  ChatChunk,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  LlmProvider,
  TokenLogprob,
} from "./types.js";

/** Options for `createLlmClient`. */
export interface LlmClientOptions {
  provider: LlmProvider;
  /** Responses kept between runs (`createDiskCache`). Default none. */
  cache?: ResponseCache | undefined;
  limits?: RateLimits;
  retry?: RetryPolicy;
  /** Per attempt, in milliseconds (a stream: the whole stream). Default 120 000. */
  timeoutMs?: number;
  /** Where tokens and cost are booked. Default a meter with no prices. */
  meter?: UsageMeter;
  /** Use the streaming endpoint for `chat` and `json` unless a call says otherwise. Default false. */
  stream?: boolean;
  /** Hears every retry (the CLI logs them). */
  onRetry?: (event: RetryEvent) => void;
  /** Injected clock for tests. */
  sleep?: Sleep;
  now?: () => number;
}

/** Per-call options of the client. */
export interface ClientCallOptions {
  signal?: AbortSignal | undefined;
  /** Which sample of this prompt (self-consistency asks k samples; each is cached apart). Default 0. */
  sample?: number;
  /** Use the streaming endpoint and collect the answer. Default: the client's `stream` option. */
  stream?: boolean;
  /** Skip the cache for this call (still stores the answer). Default false. */
  refresh?: boolean;
}

/** Structured output and how it was obtained. */
export interface JsonResult<T> {
  value: T;
  /** The answer that parsed. */
  response: ChatResponse;
  /** Requests made (1 + repairs). */
  attempts: number;
}

/** A chat client with retries, limits, timeouts, a cache and accounting around a provider. */
export interface LlmClient {
  readonly provider: LlmProvider;
  readonly meter: UsageMeter;
  chat(request: ChatRequest, options?: ClientCallOptions): Promise<ChatResponse>;
  /** Streams an answer; retried only while nothing has been yielded. A cache hit arrives as one chunk. */
  stream(request: ChatRequest, options?: ClientCallOptions): AsyncIterable<ChatChunk>;
  /**
   * Asks for JSON matching `schema` (sent as a JSON Schema the server can constrain decoding to) and validates the
   * answer with zod; an answer that is not valid JSON or fails validation is sent back with the error and a request
   * to correct it, up to `repairs` times (default 2), then INVALID_OUTPUT.
   */
  json<T>(
    request: ChatRequest,
    schema: z.ZodType<T>,
    options?: ClientCallOptions & { repairs?: number; mode?: "schema" | "object" },
  ): Promise<JsonResult<T>>;
}

/** Rough token count of a request: characters / 4 plus the completion budget. */
function estimateTokens(request: ChatRequest): number {
  let chars = 0;
  for (const m of request.messages) chars += m.content.length;
  return Math.ceil(chars / 4) + (request.maxTokens ?? 256);
}

/** Joins streamed chunks into one answer. */
function collect(chunks: ChatChunk[], request: ChatRequest): ChatResponse {
  let text = "";
  let logprobs: TokenLogprob[] | undefined;
  let finishReason = "unknown";
  let usage: ChatResponse["usage"] | undefined;
  let model = request.model;
  for (const c of chunks) {
    text += c.text;
    if (c.logprobs) logprobs = [...(logprobs ?? []), ...c.logprobs];
    if (c.finishReason) finishReason = c.finishReason;
    if (c.usage) usage = c.usage;
    if (c.model) model = c.model;
  }
  const estimated = {
    promptTokens: Math.ceil(request.messages.reduce((s, m) => s + m.content.length, 0) / 4),
    completionTokens: Math.ceil(text.length / 4),
    estimated: true,
  };
  return { text, finishReason, usage: usage ?? estimated, model, ...(logprobs ? { logprobs } : {}) };
}

/** Strips a Markdown code fence and returns the JSON value inside a model's answer. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = (fenced ? fenced[1]! : text).trim();
  return JSON.parse(body);
}

/** Builds the client. */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const { provider, cache, timeoutMs = 120_000, onRetry } = options;
  const meter = options.meter ?? new UsageMeter();
  const wait = options.sleep ?? realSleep;
  const retrying = createRetrier(options.retry, wait);
  const limiter = createRateLimiter(options.limits, {
    sleep: wait,
    ...(options.now ? { now: options.now } : {}),
  });
  const attemptSignal = (signal?: AbortSignal): AbortSignal => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return signal ? AbortSignal.any([signal, timeout]) : timeout;
  };
  const tokensOf = (r: ChatResponse) => r.usage.promptTokens + r.usage.completionTokens;

  const chat = async (request: ChatRequest, call: ClientCallOptions = {}): Promise<ChatResponse> => {
    const key = cache ? requestKey(provider, request, call.sample ?? 0) : "";
    if (cache && !call.refresh) {
      const hit = await cache.get(key);
      if (hit) {
        meter.record(hit.model, hit.usage, true);
        return { ...hit, cached: true };
      }
    }
    const response = await retrying(
      () =>
        limiter.run(
          async () => {
            const signal = attemptSignal(call.signal);
            if (!(call.stream ?? options.stream)) return provider.chat(request, { signal });
            const chunks: ChatChunk[] = [];
            for await (const c of provider.stream(request, { signal })) chunks.push(c);
            return collect(chunks, request);
          },
          { estimatedTokens: estimateTokens(request), actualTokens: tokensOf, signal: call.signal },
        ),
      { signal: call.signal, onRetry },
    );
    meter.record(response.model, response.usage);
    if (cache) await cache.set(key, response);
    return response;
  };

  async function* stream(request: ChatRequest, call: ClientCallOptions = {}): AsyncIterable<ChatChunk> {
    const key = cache ? requestKey(provider, request, call.sample ?? 0) : "";
    if (cache && !call.refresh) {
      const hit = await cache.get(key);
      if (hit) {
        meter.record(hit.model, hit.usage, true);
        yield {
          text: hit.text,
          finishReason: hit.finishReason,
          usage: hit.usage,
          model: hit.model,
          ...(hit.logprobs ? { logprobs: hit.logprobs } : {}),
        };
        return;
      }
    }
    const chunks: ChatChunk[] = [];
    // Retried until the first chunk arrives; once text has reached the caller a retry would repeat it, so later
    // failures (a cut stream) are the caller's to see. The limiter books the start only: the caller sets the pace.
    const started = await retrying(
      () =>
        limiter.run(
          async () => {
            const it = provider
              .stream(request, { signal: attemptSignal(call.signal) })
              [Symbol.asyncIterator]();
            return { it, first: await it.next() };
          },
          { estimatedTokens: estimateTokens(request), signal: call.signal },
        ),
      { signal: call.signal, onRetry },
    );
    for (let r = started.first; !r.done; r = await started.it.next()) {
      chunks.push(r.value);
      yield r.value;
    }
    const response = collect(chunks, request);
    meter.record(response.model, response.usage);
    if (cache) await cache.set(key, response);
  }

  const json = async <T>(
    request: ChatRequest,
    schema: z.ZodType<T>,
    call: ClientCallOptions & { repairs?: number; mode?: "schema" | "object" } = {},
  ): Promise<JsonResult<T>> => {
    const { repairs = 2, mode = "schema" } = call;
    const format: ChatRequest["json"] =
      request.json ??
      (mode === "object"
        ? "object"
        : { name: "output", schema: z.toJSONSchema(schema) as Record<string, unknown> });
    let messages: ChatMessage[] = request.messages;
    let lastError = "";
    for (let attempt = 1; attempt <= repairs + 1; attempt++) {
      const response = await chat({ ...request, messages, json: format }, call);
      let parsed: unknown;
      let problem: string;
      try {
        parsed = extractJson(response.text);
        const r = schema.safeParse(parsed);
        if (r.success) return { value: r.data, response, attempts: attempt };
        problem = z.prettifyError(r.error);
      } catch (e) {
        problem = `not valid JSON (${(e as Error).message})`;
      }
      lastError = problem;
      messages = [
        ...messages,
        { role: "assistant", content: response.text },
        {
          role: "user",
          content: `That reply is not valid: ${problem}\nReply again with only the corrected JSON, nothing else.`,
        },
      ];
    }
    throw new VoxLlmError(
      "INVALID_OUTPUT",
      `${request.model}: no valid JSON after ${repairs + 1} attempts; last problem: ${lastError}`,
    );
  };

  return { provider, meter, chat, stream, json };
}
