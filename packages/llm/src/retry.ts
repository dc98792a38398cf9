import { createRng, type Rng } from "@vox/core";
import { VoxLlmError } from "./errors.js";

/** How failed calls are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** Backoff scale: attempt k waits uniform(0, min(maxDelayMs, baseDelayMs · 2^k)). Default 500. */
  baseDelayMs?: number;
  /** Default 30 000. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the error is thrown. Default 120 000. */
  maxRetryAfterMs?: number;
  /** Seed of the jitter (tests pin it). Default 0. */
  seed?: number;
}

/** An abortable wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout as a promise that rejects with ABORTED when `signal` fires. */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new VoxLlmError("ABORTED", "aborted"));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new VoxLlmError("ABORTED", "aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** What `onRetry` hears before each wait. */
export interface RetryEvent {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  error: VoxLlmError;
}

/**
 * A retry loop: exponential backoff with full jitter (Brooker, "Exponential Backoff and Jitter", AWS Architecture
 * Blog 2015): retry k waits uniform(0, min(cap, base · 2^k)), drawn from a seeded generator, and at least the
 * server's Retry-After. Only retryable VoxLlmErrors are retried (429, 5xx, timeouts, network errors, malformed
 * responses); anything else, or running out of retries, rethrows the last error.
 */
export function createRetrier(policy: RetryPolicy = {}, wait: Sleep = sleep) {
  const {
    maxRetries = 4,
    baseDelayMs = 500,
    maxDelayMs = 30_000,
    maxRetryAfterMs = 120_000,
    seed = 0,
  } = policy;
  const rng: Rng = createRng(seed);
  return async function retrying<T>(
    attempt: (n: number) => Promise<T>,
    options: { signal?: AbortSignal | undefined; onRetry?: ((e: RetryEvent) => void) | undefined } = {},
  ): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await attempt(n);
      } catch (e) {
        if (!(e instanceof VoxLlmError) || !e.retryable || n >= maxRetries || options.signal?.aborted)
          throw e;
        if (e.retryAfterMs !== undefined && e.retryAfterMs > maxRetryAfterMs) throw e;
        const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** n);
        const delayMs = Math.max(rng.float() * cap, e.retryAfterMs ?? 0);
        options.onRetry?.({ retry: n + 1, delayMs, error: e });
        await wait(delayMs, options.signal);
      }
    }
  };
}
