import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "@vox/io";
import type { ChatRequest, ChatResponse } from "./types.js";

/** Where responses are kept between runs. */
export interface ResponseCache {
  get(key: string): Promise<ChatResponse | undefined>;
  set(key: string, value: ChatResponse): Promise<void>;
}

/** JSON with object keys sorted and undefined fields dropped, so equal requests serialise equally. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .filter((k) => o[k] !== undefined)
          .sort()
          .map((k) => [k, o[k]]),
      );
    }
    return v;
  });
}

/**
 * The cache key of a request: SHA-256 of its canonical JSON together with the server it goes to and a sample
 * index (so k samples of one prompt at temperature > 0 are k entries, each reproducible). Message text is kept
 * exactly; only key order and absent fields are normalised.
 */
export function requestKey(
  server: { kind: string; baseUrl: string },
  request: ChatRequest,
  sample = 0,
): string {
  const normalized = {
    v: 1,
    server: { kind: server.kind, baseUrl: server.baseUrl.replace(/\/+$/, "") },
    request: { ...request, stop: request.stop?.length ? request.stop : undefined },
    sample,
  };
  return createHash("sha256").update(canonical(normalized)).digest("hex");
}

/**
 * A cache of responses in a folder: one JSON file per key (`ab/cdef….json`), written atomically (temporary file,
 * then rename), so concurrent runs and a crash never leave a torn entry. An unreadable entry counts as a miss.
 */
export function createDiskCache(dir: string): ResponseCache {
  const pathOf = (key: string) => join(dir, key.slice(0, 2), `${key.slice(2)}.json`);
  return {
    async get(key) {
      try {
        const value = JSON.parse(await readFile(pathOf(key), "utf8")) as ChatResponse;
        return typeof value.text === "string" && value.usage ? value : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      const { cached: _, ...stored } = value;
      await writeFileAtomic(pathOf(key), `${JSON.stringify(stored)}\n`);
    },
  };
}

/** An in-memory cache (tests, one-off runs). */
export function createMemoryCache(): ResponseCache {
  const map = new Map<string, ChatResponse>();
  return {
    get: async (key) => map.get(key),
    set: async (key, value) => {
      map.set(key, value);
    },
  };
}
