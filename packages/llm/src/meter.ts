import { VoxLlmError } from "./errors.js";
import type { Usage } from "./types.js";

/** USD per million tokens. */
export interface Price {
  input: number;
  output: number;
}

/** Prices by model name; a key ending in "*" matches every model that starts with the rest (longest wins). */
export type PriceTable = Record<string, Price>;

/** Totals of a meter. */
export interface UsageSummary {
  /** Calls answered (from the server or the cache). */
  calls: number;
  /** Of those, answered from the cache (no tokens billed). */
  cachedCalls: number;
  promptTokens: number;
  completionTokens: number;
  /** Calls whose counts the server did not send (estimated from characters). */
  estimatedCalls: number;
  /** USD, or null when a model used has no price. */
  cost: number | null;
  /** Per model. */
  models: {
    model: string;
    calls: number;
    promptTokens: number;
    completionTokens: number;
    cost: number | null;
  }[];
}

/** Checks a price table read from a file: every entry needs finite, non-negative input and output prices. */
export function parsePriceTable(value: unknown): PriceTable {
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new VoxLlmError("CONFIG", "price table must be an object of model → {input, output}");
  const out: PriceTable = {};
  for (const [model, p] of Object.entries(value as Record<string, unknown>)) {
    const { input, output } = (p ?? {}) as { input?: unknown; output?: unknown };
    if (typeof input !== "number" || typeof output !== "number" || !(input >= 0) || !(output >= 0))
      throw new VoxLlmError("CONFIG", `price of ${model} must be {input, output} in USD per 1M tokens`);
    out[model] = { input, output };
  }
  return out;
}

/** Counts tokens and cost per model. Cached answers count as calls but cost nothing. */
export class UsageMeter {
  private readonly byModel = new Map<string, { calls: number; prompt: number; completion: number }>();
  private calls = 0;
  private cached = 0;
  private estimated = 0;

  constructor(private readonly prices: PriceTable = {}) {}

  /** The price of a model, or undefined. */
  priceOf(model: string): Price | undefined {
    if (this.prices[model]) return this.prices[model];
    let best: { len: number; price: Price } | undefined;
    for (const [key, price] of Object.entries(this.prices)) {
      if (!key.endsWith("*")) continue;
      const prefix = key.slice(0, -1);
      if (model.startsWith(prefix) && (!best || prefix.length > best.len))
        best = { len: prefix.length, price };
    }
    return best?.price;
  }

  /** Books one answered call. */
  record(model: string, usage: Usage, cached = false): void {
    this.calls++;
    if (cached) {
      this.cached++;
      return;
    }
    if (usage.estimated) this.estimated++;
    const m = this.byModel.get(model) ?? { calls: 0, prompt: 0, completion: 0 };
    m.calls++;
    m.prompt += usage.promptTokens;
    m.completion += usage.completionTokens;
    this.byModel.set(model, m);
  }

  /** Totals so far. */
  summary(): UsageSummary {
    let cost: number | null = 0;
    let prompt = 0;
    let completion = 0;
    const models = [...this.byModel].map(([model, m]) => {
      const price = this.priceOf(model);
      const c = price ? (m.prompt * price.input + m.completion * price.output) / 1e6 : null;
      cost = c === null || cost === null ? null : cost + c;
      prompt += m.prompt;
      completion += m.completion;
      return { model, calls: m.calls, promptTokens: m.prompt, completionTokens: m.completion, cost: c };
    });
    return {
      calls: this.calls,
      cachedCalls: this.cached,
      promptTokens: prompt,
      completionTokens: completion,
      estimatedCalls: this.estimated,
      cost,
      models,
    };
  }
}
