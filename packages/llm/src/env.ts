import { VoxLlmError } from "./errors.js";
import type { FetchLike } from "./http.js";
import { createOllamaProvider } from "./ollama.js";
import { createOpenAiProvider } from "./openai.js";
import type { LlmProvider } from "./types.js";

/** Where to find a model: from flags, else the environment. */
export interface ProviderConfig {
  /** "openai" (any OpenAI-compatible server) or "ollama". */
  provider?: string | undefined;
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  model?: string | undefined;
}

/** A resolved configuration. */
export interface ResolvedProvider {
  provider: LlmProvider;
  model: string;
}

/**
 * Resolves a provider and model. Flags win over the environment: VOX_LLM_PROVIDER, VOX_LLM_BASE_URL,
 * VOX_LLM_API_KEY and VOX_LLM_MODEL, falling back to OPENAI_BASE_URL / OPENAI_API_KEY for "openai" and OLLAMA_HOST
 * for "ollama". Without a provider, "ollama" is chosen when only OLLAMA_HOST is set, else "openai". The OpenAI base
 * URL defaults to https://api.openai.com/v1, Ollama's to http://localhost:11434.
 */
export function resolveProvider(
  flags: ProviderConfig,
  env: Readonly<Record<string, string | undefined>>,
  fetchFn?: FetchLike,
): ResolvedProvider {
  const kind =
    flags.provider ??
    env.VOX_LLM_PROVIDER ??
    (env.OLLAMA_HOST && !env.VOX_LLM_BASE_URL && !env.OPENAI_BASE_URL ? "ollama" : "openai");
  const model = flags.model ?? env.VOX_LLM_MODEL;
  if (!model) throw new VoxLlmError("CONFIG", "no model: pass --model or set VOX_LLM_MODEL");
  const apiKey = flags.apiKey ?? env.VOX_LLM_API_KEY;
  const extra = fetchFn ? { fetch: fetchFn } : {};
  switch (kind) {
    case "openai": {
      const baseUrl =
        flags.baseUrl ?? env.VOX_LLM_BASE_URL ?? env.OPENAI_BASE_URL ?? "https://api.openai.com/v1";
      return {
        provider: createOpenAiProvider({ baseUrl, apiKey: apiKey ?? env.OPENAI_API_KEY, ...extra }),
        model,
      };
    }
    case "ollama": {
      let baseUrl = flags.baseUrl ?? env.VOX_LLM_BASE_URL ?? env.OLLAMA_HOST ?? "http://localhost:11434";
      if (!/^https?:\/\//.test(baseUrl)) baseUrl = `http://${baseUrl}`;
      return { provider: createOllamaProvider({ baseUrl, apiKey, ...extra }), model };
    }
    default:
      throw new VoxLlmError("CONFIG", `provider must be openai or ollama (got ${JSON.stringify(kind)})`);
  }
}
