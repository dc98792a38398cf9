import { z } from "zod";
import { VoxLlmError } from "./errors.js";
import { type EndpointOptions, endpoint, ndjson, readJson, toTokenLogprobs } from "./http.js";
import type { CallOptions, ChatChunk, ChatRequest, ChatResponse, LlmProvider } from "./types.js";

/** Options for `createOllamaProvider`: baseUrl is the server root, e.g. http://localhost:11434 ($OLLAMA_HOST). */
export type OllamaProviderOptions = EndpointOptions;

const LogprobEntry = z.looseObject({
  token: z.string(),
  logprob: z.number(),
  top_logprobs: z.array(z.looseObject({ token: z.string(), logprob: z.number() })).nullish(),
});

const Message = z.looseObject({
  model: z.string().nullish(),
  message: z.looseObject({ content: z.string().nullish() }).nullish(),
  done: z.boolean(),
  done_reason: z.string().nullish(),
  prompt_eval_count: z.number().nullish(),
  eval_count: z.number().nullish(),
  logprobs: z.array(LogprobEntry).nullish(),
  error: z.string().optional(),
});

/** The /api/chat request body for a `ChatRequest`. */
export function ollamaBody(req: ChatRequest, stream: boolean): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (req.temperature !== undefined) options.temperature = req.temperature;
  if (req.maxTokens !== undefined) options.num_predict = req.maxTokens;
  if (req.topP !== undefined) options.top_p = req.topP;
  if (req.seed !== undefined) options.seed = req.seed;
  if (req.stop?.length) options.stop = req.stop;
  const body: Record<string, unknown> = { model: req.model, messages: req.messages, stream };
  if (Object.keys(options).length > 0) body.options = options;
  if (req.json === "object") body.format = "json";
  else if (req.json) body.format = req.json.schema;
  if (req.logprobs) {
    body.logprobs = true;
    if (req.topLogprobs !== undefined) body.top_logprobs = req.topLogprobs;
  }
  return body;
}

function parse(value: unknown, url: string): z.infer<typeof Message> {
  const r = Message.safeParse(value);
  if (!r.success) {
    if (value && typeof (value as { error?: unknown }).error === "string")
      throw new VoxLlmError("SERVER", `${url}: ${(value as { error: string }).error}`);
    const detail = JSON.stringify(value).slice(0, 160);
    throw new VoxLlmError(
      "BAD_RESPONSE",
      `${url}: not an Ollama chat message (${r.error.issues[0]?.message}): ${detail}`,
    );
  }
  if (r.data.error !== undefined) throw new VoxLlmError("SERVER", `${url}: ${r.data.error}`);
  return r.data;
}

/**
 * A provider for Ollama's native chat API (`POST {baseUrl}/api/chat`): `options` for sampling, `format` for JSON
 * output (a JSON Schema or "json"), newline-delimited JSON when streaming, token counts from `prompt_eval_count`
 * and `eval_count`, and `logprobs` on servers that offer them. A stream that ends before `"done": true` is
 * BAD_RESPONSE.
 */
export function createOllamaProvider(options: OllamaProviderOptions): LlmProvider {
  const { baseUrl, url, post } = endpoint(options, "/api/chat");
  return {
    kind: "ollama",
    baseUrl,
    async chat(req: ChatRequest, call: CallOptions = {}): Promise<ChatResponse> {
      const res = await post(ollamaBody(req, false), call.signal);
      const m = parse(await readJson(res, url, call.signal), url);
      const logprobs = toTokenLogprobs(m.logprobs);
      return {
        text: m.message?.content ?? "",
        finishReason: m.done_reason ?? "unknown",
        usage: {
          promptTokens: m.prompt_eval_count ?? 0,
          completionTokens: m.eval_count ?? 0,
          ...(m.eval_count == null ? { estimated: true } : {}),
        },
        model: m.model ?? req.model,
        ...(logprobs ? { logprobs } : {}),
      };
    },
    async *stream(req: ChatRequest, call: CallOptions = {}): AsyncIterable<ChatChunk> {
      const res = await post(ollamaBody(req, true), call.signal);
      for await (const line of ndjson(res, url, call.signal)) {
        const m = parse(line, url);
        const logprobs = toTokenLogprobs(m.logprobs);
        yield {
          text: m.message?.content ?? "",
          ...(logprobs ? { logprobs } : {}),
          ...(m.model ? { model: m.model } : {}),
          ...(m.done
            ? {
                finishReason: m.done_reason ?? "stop",
                usage: { promptTokens: m.prompt_eval_count ?? 0, completionTokens: m.eval_count ?? 0 },
              }
            : {}),
        };
        if (m.done) return;
      }
      throw new VoxLlmError("BAD_RESPONSE", `${url}: stream ended before "done": true`);
    },
  };
}
