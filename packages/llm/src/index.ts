/**
 * @vox/llm: chat models as annotators and generators. OpenAI-compatible and Ollama providers, a client with
 * retries, rate and concurrency limits, timeouts, an on-disk cache and token/cost accounting, structured output
 * validated with zod, and the pipelines built on them (labelling, generation, back-translation).
 */
export { createDiskCache, createMemoryCache, type ResponseCache, requestKey } from "./cache.js";
export {
  type ClientCallOptions,
  createLlmClient,
  extractJson,
  type JsonResult,
  type LlmClient,
  type LlmClientOptions,
} from "./client.js";
export { type ProviderConfig, type ResolvedProvider, resolveProvider } from "./env.js";
export { LLM_ERROR_CODES, type LlmErrorCode, VoxLlmError } from "./errors.js";
export { type FetchLike, parseRetryAfter } from "./http.js";
export { createRateLimiter, type RateLimiter, type RateLimits } from "./limiter.js";
export { type Price, type PriceTable, parsePriceTable, UsageMeter, type UsageSummary } from "./meter.js";
export { createOllamaProvider, type OllamaProviderOptions, ollamaBody } from "./ollama.js";
export { createOpenAiProvider, type OpenAiProviderOptions, openAiBody } from "./openai.js";
export { createRetrier, type RetryEvent, type RetryPolicy, type Sleep, sleep } from "./retry.js";
export { renderTemplate, templateFields } from "./template.js";
export type {
  CallOptions,
  ChatChunk,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  LlmProvider,
  TokenLogprob,
  Usage,
} from "./types.js";
