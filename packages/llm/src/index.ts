/**
 * @vox/llm: chat models as annotators and generators. OpenAI-compatible and Ollama providers, a client with
 * retries, rate and concurrency limits, timeouts, an on-disk cache and token/cost accounting, structured output
 * validated with zod, and the pipelines built on them (labelling, generation, back-translation).
 */

export {
  type AnnotateOptions,
  type AnnotateResult,
  annotate,
  type CalibrationMethod,
  type CalibrationReport,
  type ConfidenceMethod,
  calibrateAnnotations,
  DEFAULT_LABEL_TEMPLATE,
  type ItemAnnotation,
} from "./annotate.js";
export { type BackTranslateOptions, type BackTranslateResult, backTranslate } from "./backTranslate.js";
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
export { drawFewShot, formatExamples, type LabeledText } from "./fewShot.js";
export {
  type ClassReport,
  type Diversity,
  diversityOf,
  type GeneratedAffinity,
  type GenerateOptions,
  type GenerateResult,
  generateExamples,
  generationPrompt,
  type ScoreTexts,
} from "./generate.js";
export { type EndpointOptions, type FetchLike, parseRetryAfter } from "./http.js";
export { classProbabilities, parseLabel } from "./labels.js";
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
