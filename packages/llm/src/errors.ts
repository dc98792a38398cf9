/**
 * The one error class of @vox/llm, with a `code` from a fixed table. `retryable` says whether the client's retry
 * policy tries again. The CLI maps CONFIG to exit 2 (usage), ABORTED to 130 and the rest to 1.
 */
export const LLM_ERROR_CODES = {
  /** Missing or inconsistent configuration (no base URL, no model, a bad price table). */
  CONFIG: "CONFIG",
  /** The server answered 4xx (other than 408, 409, 429): the request itself is wrong; not retried. */
  HTTP: "HTTP",
  /** 429 Too Many Requests: retried after Retry-After or the backoff. */
  RATE_LIMITED: "RATE_LIMITED",
  /** 5xx, 408 or 409: retried. */
  SERVER: "SERVER",
  /** No answer within the per-attempt timeout: retried. */
  TIMEOUT: "TIMEOUT",
  /** The connection failed (refused, reset): retried. */
  NETWORK: "NETWORK",
  /** The body is not what the wire format promises (malformed JSON, a stream cut before its end): retried. */
  BAD_RESPONSE: "BAD_RESPONSE",
  /** Structured output still failed validation after its repair attempts. */
  INVALID_OUTPUT: "INVALID_OUTPUT",
  /** Cancelled through the caller's AbortSignal. */
  ABORTED: "ABORTED",
} as const;

/** One of `LLM_ERROR_CODES`. */
export type LlmErrorCode = keyof typeof LLM_ERROR_CODES;

const RETRYABLE: ReadonlySet<LlmErrorCode> = new Set([
  "RATE_LIMITED",
  "SERVER",
  "TIMEOUT",
  "NETWORK",
  "BAD_RESPONSE",
]);

/** An LLM call that failed, with what the server said. */
export class VoxLlmError extends Error {
  readonly code: LlmErrorCode;
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  /** The server's Retry-After, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: LlmErrorCode,
    message: string,
    extra: { status?: number | undefined; retryAfterMs?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "VoxLlmError";
    this.code = code;
    this.status = extra.status;
    this.retryAfterMs = extra.retryAfterMs;
  }

  /** Whether trying the same request again may succeed. */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}
