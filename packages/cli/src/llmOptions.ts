import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createProgress } from "@vox/io";
import {
  createDiskCache,
  createLlmClient,
  type LlmClient,
  parsePriceTable,
  resolveProvider,
  UsageMeter,
  type UsageSummary,
} from "@vox/llm";
import type { Command } from "commander";
import { type CliContext, choiceOption, fmt, intOption, log, numberOption, UsageError } from "./context.js";

/** The options every command that calls a model shares. */
export interface LlmCliOptions {
  provider?: "openai" | "ollama";
  baseUrl?: string;
  model?: string;
  apiKeyEnv?: string;
  cache: string | false;
  concurrency: number;
  rpm?: number;
  tpm?: number;
  timeout: number;
  maxRetries: number;
  prices?: string;
  stream?: boolean;
}

/** Adds the model-calling options (server, model, cache, limits, prices) to a command. */
export function addLlmOptions(cmd: Command): Command {
  return cmd
    .option(
      "--provider <kind>",
      "openai (any OpenAI-compatible server: OpenAI, vLLM, llama.cpp) or ollama (default: $VOX_LLM_PROVIDER)",
      choiceOption("--provider", ["openai", "ollama"] as const),
    )
    .option("--base-url <url>", "server root, e.g. http://localhost:8000/v1 (default: $VOX_LLM_BASE_URL)")
    .option("--model <name>", "model name (default: $VOX_LLM_MODEL)")
    .option(
      "--api-key-env <var>",
      "read the API key from this environment variable (default: $VOX_LLM_API_KEY, then $OPENAI_API_KEY)",
    )
    .option("--cache <dir>", "on-disk response cache", ".vox-cache/llm")
    .option("--no-cache", "do not read or write the response cache")
    .option("--concurrency <n>", "requests in flight", intOption("--concurrency", { min: 1, max: 256 }), 4)
    .option("--rpm <n>", "requests per minute", numberOption("--rpm", { min: 0.001 }))
    .option("--tpm <n>", "tokens per minute", numberOption("--tpm", { min: 1 }))
    .option("--timeout <seconds>", "per request attempt", numberOption("--timeout", { min: 0.001 }), 120)
    .option(
      "--max-retries <n>",
      "retries of a failed request",
      intOption("--max-retries", { min: 0, max: 20 }),
      4,
    )
    .option("--stream", "use the streaming endpoint (SSE / NDJSON) and collect the answers")
    .option("--prices <file>", 'JSON price table: {"model": {"input": USD per 1M tokens, "output": …}}');
}

/** A client and model for parsed options; retries are logged on stderr. */
export function llmClientFor(
  o: LlmCliOptions,
  ctx: CliContext,
  seed = 0,
): { client: LlmClient; model: string } {
  const env = process.env;
  if (o.apiKeyEnv && env[o.apiKeyEnv] === undefined)
    throw new UsageError(`--api-key-env: environment variable ${o.apiKeyEnv} is not set`);
  const { provider, model } = resolveProvider(
    {
      provider: o.provider,
      baseUrl: o.baseUrl,
      model: o.model,
      apiKey: o.apiKeyEnv ? env[o.apiKeyEnv] : undefined,
    },
    env,
  );
  let prices = {};
  if (o.prices) {
    let text: string;
    try {
      text = readFileSync(o.prices, "utf8");
    } catch (e) {
      throw new UsageError(`--prices: cannot read ${o.prices} (${(e as NodeJS.ErrnoException).code})`);
    }
    try {
      prices = parsePriceTable(JSON.parse(text));
    } catch (e) {
      throw new UsageError(`--prices: ${o.prices}: ${(e as Error).message}`);
    }
  }
  const client = createLlmClient({
    provider,
    cache: o.cache === false ? undefined : createDiskCache(resolve(o.cache)),
    limits: {
      concurrency: o.concurrency,
      ...(o.rpm ? { requestsPerMinute: o.rpm } : {}),
      ...(o.tpm ? { tokensPerMinute: o.tpm } : {}),
    },
    retry: { maxRetries: o.maxRetries, seed },
    timeoutMs: o.timeout * 1000,
    stream: o.stream ?? false,
    meter: new UsageMeter(prices),
    onRetry: (e) => log(ctx, `vox: retry ${e.retry} in ${fmt(e.delayMs / 1000, 1)} s: ${e.error.message}`),
  });
  return { client, model };
}

/** A progress line on a terminal for `total` items. */
export function itemProgress(ctx: CliContext, label: string, total: number) {
  return createProgress({ label, total, unit: "rows", stream: ctx.stderr });
}

/** Token and cost figures per item, for the summaries of `vox llm` and `vox augment`. */
export function usageReport(usage: UsageSummary, items: number) {
  return {
    ...usage,
    tokensPerItem: items > 0 ? (usage.promptTokens + usage.completionTokens) / items : Number.NaN,
    costPerItem: usage.cost === null || items === 0 ? null : usage.cost / items,
  };
}
