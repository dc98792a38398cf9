import pLimit from "p-limit";
import { VoxLlmError } from "./errors.js";
import { sleep as realSleep, type Sleep } from "./retry.js";

/** Limits on how hard a server is used. */
export interface RateLimits {
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** Requests started per minute (token bucket, bursts up to the full minute's worth). Default unlimited. */
  requestsPerMinute?: number;
  /** Prompt + completion tokens per minute: estimated before a call, corrected after. Default unlimited. */
  tokensPerMinute?: number;
}

/** Runs calls within `RateLimits`. */
export interface RateLimiter {
  /** Waits for capacity, runs `fn`, then books the tokens it really used (`tokens` of its result). */
  run<T>(
    fn: () => Promise<T>,
    options: {
      estimatedTokens: number;
      actualTokens?: (value: T) => number;
      signal?: AbortSignal | undefined;
    },
  ): Promise<T>;
}

/** A token bucket refilled continuously at `perMinute / 60 000` per millisecond, holding at most `perMinute`. */
class Bucket {
  private level: number;
  private last: number;
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {
    this.level = perMinute;
    this.last = now();
  }
  private refill(): void {
    const t = this.now();
    this.level = Math.min(this.perMinute, this.level + ((t - this.last) * this.perMinute) / 60_000);
    this.last = t;
  }
  /** Milliseconds until `amount` (capped at the capacity) is available; 0 when it is now. */
  waitFor(amount: number): number {
    this.refill();
    const need = Math.min(amount, this.perMinute) - this.level;
    return need <= 0 ? 0 : Math.ceil((need * 60_000) / this.perMinute);
  }
  take(amount: number): void {
    this.refill();
    this.level -= amount;
  }
  /** Books a correction (positive: gives tokens back; negative: debt that later calls wait for). */
  adjust(amount: number): void {
    this.refill();
    this.level = Math.min(this.perMinute, this.level + amount);
  }
}

/**
 * Concurrency (p-limit) plus request and token budgets per minute (token buckets). Starts are granted in arrival
 * order, so a large request is not starved by small ones.
 */
export function createRateLimiter(
  limits: RateLimits = {},
  clock: { now?: () => number; sleep?: Sleep } = {},
): RateLimiter {
  const { concurrency = 4, requestsPerMinute, tokensPerMinute } = limits;
  for (const [name, v] of [
    ["requestsPerMinute", requestsPerMinute],
    ["tokensPerMinute", tokensPerMinute],
  ] as const)
    if (v !== undefined && !(v > 0)) throw new VoxLlmError("CONFIG", `${name} must be > 0 (got ${v})`);
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new VoxLlmError("CONFIG", `concurrency must be an integer ≥ 1 (got ${concurrency})`);
  const now = clock.now ?? Date.now;
  const wait = clock.sleep ?? realSleep;
  const limit = pLimit(concurrency);
  const requests = requestsPerMinute ? new Bucket(requestsPerMinute, now) : undefined;
  const tokens = tokensPerMinute ? new Bucket(tokensPerMinute, now) : undefined;
  let gate: Promise<void> = Promise.resolve();
  const acquire = async (estimate: number, signal?: AbortSignal): Promise<void> => {
    for (;;) {
      const ms = Math.max(requests?.waitFor(1) ?? 0, tokens?.waitFor(estimate) ?? 0);
      if (ms === 0) break;
      await wait(ms, signal);
    }
    requests?.take(1);
    tokens?.take(estimate);
  };
  return {
    run(fn, options) {
      return limit(async () => {
        const turn = gate.then(() => acquire(options.estimatedTokens, options.signal));
        gate = turn.catch(() => {});
        await turn;
        const value = await fn();
        if (tokens && options.actualTokens)
          tokens.adjust(options.estimatedTokens - options.actualTokens(value));
        return value;
      });
    },
  };
}
