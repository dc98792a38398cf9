import { z } from "zod";
import { VoxLlmError } from "./errors.js";
import { type EndpointOptions, endpoint, readJson, sseData, toTokenLogprobs } from "./http.js";
import type { CallOptions, ChatChunk, ChatRequest, ChatResponse, LlmProvider, Usage } from "./types.js";

/** Options for `createOpenAiProvider`: baseUrl is the API root, e.g. https://api.openai.com/v1,
 * http://localhost:8000/v1 (vLLM) or http://localhost:11434/v1 (Ollama's OpenAI-compatible API). */
export type OpenAiProviderOptions = EndpointOptions;

const Logprobs = z
  .looseObject({
    content: z
      .array(
        z.looseObject({
          token: z.string(),
          logprob: z.number(),
          top_logprobs: z.array(z.looseObject({ token: z.string(), logprob: z.number() })).nullish(),
        }),
      )
      .nullish(),
  })
  .nullish();

const UsageSchema = z
  .looseObject({ prompt_tokens: z.number(), completion_tokens: z.number().nullish() })
  .nullish();

const Completion = z.looseObject({
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({ content: z.string().nullish() }),
        finish_reason: z.string().nullish(),
        logprobs: Logprobs,
      }),
    )
    .min(1),
  usage: UsageSchema,
});

const Chunk = z.looseObject({
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        delta: z.looseObject({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
        logprobs: Logprobs,
      }),
    )
    .nullish(),
  usage: UsageSchema,
  error: z.unknown().optional(),
});

function toUsage(u: z.infer<typeof UsageSchema>): Usage | undefined {
  return u ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens ?? 0 } : undefined;
}

/** The request body of the chat completions API for a `ChatRequest`. */
export function openAiBody(req: ChatRequest, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { model: req.model, messages: req.messages };
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.seed !== undefined) body.seed = req.seed;
  if (req.stop?.length) body.stop = req.stop;
  if (req.logprobs) {
    body.logprobs = true;
    if (req.topLogprobs !== undefined) body.top_logprobs = req.topLogprobs;
  }
  if (req.json === "object") body.response_format = { type: "json_object" };
  else if (req.json)
    body.response_format = {
      type: "json_schema",
      json_schema: { name: req.json.name, schema: req.json.schema },
    };
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, url: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const detail = JSON.stringify(value).slice(0, 160);
    throw new VoxLlmError(
      "BAD_RESPONSE",
      `${url}: not a chat completion (${r.error.issues[0]?.message}): ${detail}`,
    );
  }
  return r.data;
}

/**
 * A provider for the OpenAI chat completions wire format (`POST {baseUrl}/chat/completions`), which OpenAI, vLLM,
 * llama.cpp's server, LM Studio and Ollama's /v1 all speak. Streaming reads Server-Sent Events and asks for the
 * usage chunk (`stream_options.include_usage`); a stream that ends without `data: [DONE]` is BAD_RESPONSE.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
  const { baseUrl, url, post } = endpoint(options, "/chat/completions");
  return {
    kind: "openai",
    baseUrl,
    async chat(req: ChatRequest, call: CallOptions = {}): Promise<ChatResponse> {
      const res = await post(openAiBody(req, false), call.signal);
      const c = parse(Completion, await readJson(res, url, call.signal), url);
      const choice = c.choices[0]!;
      const logprobs = toTokenLogprobs(choice.logprobs?.content);
      return {
        text: choice.message.content ?? "",
        finishReason: choice.finish_reason ?? "unknown",
        usage: toUsage(c.usage) ?? { promptTokens: 0, completionTokens: 0, estimated: true },
        model: c.model ?? req.model,
        ...(logprobs ? { logprobs } : {}),
      };
    },
    async *stream(req: ChatRequest, call: CallOptions = {}): AsyncIterable<ChatChunk> {
      const res = await post(openAiBody(req, true), call.signal);
      for await (const data of sseData(res, url, call.signal)) {
        if (data.trim() === "[DONE]") return;
        let json: unknown;
        try {
          json = JSON.parse(data);
        } catch {
          throw new VoxLlmError(
            "BAD_RESPONSE",
            `${url}: stream event is not valid JSON: ${data.slice(0, 120)}`,
          );
        }
        const c = parse(Chunk, json, url);
        if (c.error !== undefined) {
          const message = (c.error as { message?: string })?.message ?? JSON.stringify(c.error);
          throw new VoxLlmError("SERVER", `${url}: error in stream: ${message}`);
        }
        const choice = c.choices?.[0];
        const logprobs = toTokenLogprobs(choice?.logprobs?.content);
        const usage = toUsage(c.usage);
        yield {
          text: choice?.delta?.content ?? "",
          ...(logprobs ? { logprobs } : {}),
          ...(choice?.finish_reason ? { finishReason: choice.finish_reason } : {}),
          ...(usage ? { usage } : {}),
          ...(c.model ? { model: c.model } : {}),
        };
      }
      throw new VoxLlmError("BAD_RESPONSE", `${url}: stream ended before data: [DONE]`);
    },
  };
}
