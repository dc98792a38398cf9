/** One message of a chat. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** What to ask a chat model; fields map onto both wire formats (OpenAI chat completions and Ollama /api/chat). */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** Sampling temperature (server default when unset). */
  temperature?: number;
  /** Largest number of tokens to generate (OpenAI `max_tokens`, Ollama `options.num_predict`). */
  maxTokens?: number;
  topP?: number;
  /** Sampling seed, for servers that honour it (vLLM, Ollama, OpenAI best-effort). */
  seed?: number;
  stop?: string[];
  /** Ask for the log-probability of each generated token. */
  logprobs?: boolean;
  /** With `logprobs`: how many alternatives per position (OpenAI allows up to 20). */
  topLogprobs?: number;
  /** JSON output: "object" for any JSON object, or a JSON Schema the server should constrain decoding to. */
  json?: "object" | { name: string; schema: Record<string, unknown> };
}

/** A token's log-probability and its most likely alternatives at that position. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  top: { token: string; logprob: number }[];
}

/** Token counts of one call. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** True when the server sent no counts and these are estimates (characters / 4). */
  estimated?: boolean;
}

/** A whole answer. */
export interface ChatResponse {
  text: string;
  /** "stop", "length", … as the server says; "unknown" when it does not. */
  finishReason: string;
  usage: Usage;
  /** Per generated token, when asked for and offered. */
  logprobs?: TokenLogprob[];
  /** The model that answered, as the server names it. */
  model: string;
  /** True when it came from the on-disk cache (no request was made). */
  cached?: boolean;
}

/** A piece of a streamed answer. */
export interface ChatChunk {
  /** Text added by this chunk (may be empty). */
  text: string;
  logprobs?: TokenLogprob[];
  /** On the last chunk. */
  finishReason?: string;
  usage?: Usage;
  model?: string;
}

/** Per-call options. */
export interface CallOptions {
  /** Cancels the call (and its retries). */
  signal?: AbortSignal | undefined;
}

/**
 * A chat model server. Implementations speak one wire format; retries, limits, caching and accounting live in the
 * client around them (`createLlmClient`), so a provider makes exactly one HTTP request per call.
 */
export interface LlmProvider {
  /** "openai" (any OpenAI-compatible server: OpenAI, vLLM, llama.cpp, Ollama's /v1) or "ollama" (native API). */
  readonly kind: "openai" | "ollama";
  readonly baseUrl: string;
  /** One non-streaming request. */
  chat(request: ChatRequest, options?: CallOptions): Promise<ChatResponse>;
  /** One streaming request: chunks as they arrive; throws BAD_RESPONSE when the stream ends before its end marker. */
  stream(request: ChatRequest, options?: CallOptions): AsyncIterable<ChatChunk>;
}
