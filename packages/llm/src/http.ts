import { VoxLlmError } from "./errors.js";
import type { TokenLogprob } from "./types.js";

/** The fetch function providers call (Node 20's global fetch unless a test or proxy passes another). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * The server's wait request in milliseconds: OpenAI's `retry-after-ms`, else `Retry-After` as seconds or an HTTP
 * date (RFC 9110 §10.2.3); undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.has("retry-after-ms") && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Short text of an error body: OpenAI's `error.message`, Ollama's `error`, or the first 300 characters. */
function errorDetail(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: string | { message?: string } };
    if (typeof j.error === "string") return j.error;
    if (j.error && typeof j.error.message === "string") return j.error.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 300).trim();
}

/** Maps a failed fetch (network error or abort) to a VoxLlmError. */
export function fetchFailure(e: unknown, url: string, signal?: AbortSignal): VoxLlmError {
  if (e instanceof VoxLlmError) return e;
  if (signal?.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    if (reason?.name === "TimeoutError") return new VoxLlmError("TIMEOUT", `${url}: timed out`, { cause: e });
    return new VoxLlmError("ABORTED", `${url}: aborted`, { cause: e });
  }
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (e as Error).message ?? String(e);
  return new VoxLlmError("NETWORK", `${url}: ${why}`, { cause: e });
}

/** POSTs JSON; returns the response when 2xx, else throws the VoxLlmError its status calls for. */
export async function postJson(
  fetchFn: FetchLike,
  url: string,
  init: { body: unknown; headers?: Record<string, string>; signal?: AbortSignal | undefined },
): Promise<Response> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...init.headers },
      body: JSON.stringify(init.body),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (e) {
    throw fetchFailure(e, url, init.signal);
  }
  if (res.ok) return res;
  const body = await res.text().catch(() => "");
  const detail = `${url}: HTTP ${res.status}${body ? `: ${errorDetail(body)}` : ""}`;
  const extra = { status: res.status, retryAfterMs: parseRetryAfter(res.headers) };
  if (res.status === 429) throw new VoxLlmError("RATE_LIMITED", detail, extra);
  if (res.status >= 500 || res.status === 408 || res.status === 409)
    throw new VoxLlmError("SERVER", detail, extra);
  throw new VoxLlmError("HTTP", detail, extra);
}

/** Reads a whole JSON body, mapping malformed JSON and mid-body failures to VoxLlmError. */
export async function readJson(res: Response, url: string, signal?: AbortSignal): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    throw fetchFailure(e, url, signal);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new VoxLlmError("BAD_RESPONSE", `${url}: response is not valid JSON: ${text.slice(0, 120)}`);
  }
}

async function* chunks(res: Response, url: string, signal?: AbortSignal): AsyncIterable<string> {
  if (!res.body) throw new VoxLlmError("BAD_RESPONSE", `${url}: response has no body`);
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  try {
    for (;;) {
      let r: Awaited<ReturnType<typeof reader.read>>;
      try {
        r = await reader.read();
      } catch (e) {
        if (signal?.aborted) throw fetchFailure(e, url, signal);
        const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
        throw new VoxLlmError("BAD_RESPONSE", `${url}: response cut off (${cause})`, { cause: e });
      }
      if (r.done) break;
      yield decoder.decode(r.value, { stream: true });
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } finally {
    reader.releaseLock();
    await res.body.cancel().catch(() => {});
  }
}

/**
 * The `data` payloads of a Server-Sent Events body, in order (WHATWG HTML, "Server-sent events", §9.2.6): lines end
 * in CR, LF or CRLF; `data:` lines (one leading space dropped) join with LF; a blank line dispatches the event;
 * comments (`:`) and other fields are ignored. A last event without its blank line is not dispatched, so a cut
 * stream shows as a missing end marker. (eventsource-parser does this too, but its "source" export condition hands
 * our type checker its raw .ts files.)
 */
export async function* sseData(res: Response, url: string, signal?: AbortSignal): AsyncIterable<string> {
  let buffer = "";
  let data: string[] = [];
  for await (const text of chunks(res, url, signal)) {
    buffer += text;
    for (;;) {
      const m = /\r\n|\n|\r/.exec(buffer);
      // A lone CR at the end may be the first half of CRLF: wait for more.
      if (!m || (m[0] === "\r" && m.index === buffer.length - 1)) break;
      const line = buffer.slice(0, m.index);
      buffer = buffer.slice(m.index + m[0].length);
      if (line === "") {
        if (data.length > 0) yield data.join("\n");
        data = [];
      } else if (line.startsWith("data")) {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        if (field === "data") data.push(colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, ""));
      }
    }
  }
}

/** The lines of a newline-delimited JSON body, parsed; a malformed line is BAD_RESPONSE. */
export async function* ndjson(res: Response, url: string, signal?: AbortSignal): AsyncIterable<unknown> {
  let buffer = "";
  const parse = (line: string): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new VoxLlmError("BAD_RESPONSE", `${url}: stream line is not valid JSON: ${line.slice(0, 120)}`);
    }
  };
  for await (const text of chunks(res, url, signal)) {
    buffer += text;
    let nl = buffer.indexOf("\n");
    while (nl >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) yield parse(line);
      nl = buffer.indexOf("\n");
    }
  }
  if (buffer.trim()) yield parse(buffer.trim());
}

/** How to reach a server: its root, credentials and the fetch to use. */
export interface EndpointOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string | undefined;
  /** Extra headers (organisation, project, gateway keys). */
  headers?: Record<string, string>;
  /** Default: the global fetch. */
  fetch?: FetchLike;
}

/** One API route of a server: its URL and a JSON POST to it with the credentials. */
export function endpoint(options: EndpointOptions, path: string) {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const url = `${baseUrl}${path}`;
  const fetchFn = options.fetch ?? ((u: string, i: RequestInit) => fetch(u, i));
  const headers = {
    ...options.headers,
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
  return {
    baseUrl,
    url,
    post: (body: unknown, signal?: AbortSignal) => postJson(fetchFn, url, { body, headers, signal }),
  };
}

/** Token log-probabilities in either wire format (same field names) as `TokenLogprob`s. */
export function toTokenLogprobs(
  entries:
    | readonly {
        token: string;
        logprob: number;
        top_logprobs?: { token: string; logprob: number }[] | null;
      }[]
    | null
    | undefined,
): TokenLogprob[] | undefined {
  if (!entries) return undefined;
  return entries.map((t) => ({
    token: t.token,
    logprob: t.logprob,
    top: (t.top_logprobs ?? []).map((a) => ({ token: a.token, logprob: a.logprob })),
  }));
}
