// Streaming item import: JSON Lines or CSV, in batches of 1000 rows, so a million items never sit in memory.
import { Readable } from "node:stream";
import type { NewItem, Store } from "@vox/storage";
import { parse as parseCsv } from "csv-parse";
import type { LoadedProject } from "./assignment.js";
import { VoxServerError } from "./errors.js";
import { valueSchema } from "./schemas.js";

/** The item file formats. */
export type ItemFormat = "jsonl" | "csv";

/** What an import did. */
export interface ImportResult {
  inserted: number;
  /** Rows whose id was already in the project (re-importing a file is safe). */
  skipped: number;
  gold: number;
}

/** Anything that yields bytes or text: a web ReadableStream, a Node stream, an async iterable. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

function toNode(source: ByteSource): Readable {
  if (source instanceof Readable) return source;
  if (typeof (source as ReadableStream).getReader === "function") {
    return Readable.fromWeb(source as import("node:stream/web").ReadableStream<Uint8Array>);
  }
  return Readable.from(source as AsyncIterable<Uint8Array | string>);
}

/** Splits a byte stream into lines (\n or \r\n), decoding UTF-8 across chunk boundaries. */
export async function* lines(source: ByteSource): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let rest = "";
  for await (const chunk of toNode(source)) {
    rest += typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    let nl = rest.indexOf("\n");
    let start = 0;
    while (nl !== -1) {
      yield rest.slice(start, nl).replace(/\r$/, "");
      start = nl + 1;
      nl = rest.indexOf("\n", start);
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest.replace(/\r$/, "");
}

/**
 * Turns a short gold answer into a value of the schema: "pos" → {label:"pos"} (single), "a|b" → {labels:[…]}
 * (multi), "a" → {choice:"a"} (pairwise), "4" → {rating:4}, text → {text}. Objects pass through. Then validated.
 */
export function goldValue(lp: LoadedProject, raw: unknown): unknown {
  let v = raw;
  if (typeof raw === "string" || typeof raw === "number") {
    const s = String(raw);
    switch (lp.schema.type) {
      case "single":
        v = { label: s };
        break;
      case "multi":
        v = { labels: s === "" ? [] : s.split("|") };
        break;
      case "pairwise":
        v = { choice: s };
        break;
      case "rating":
        v = { rating: Number(s) };
        break;
      case "text":
        v = { text: s };
        break;
      case "spans":
        v = JSON.parse(s);
        break;
    }
  }
  const r = valueSchema(lp.schema).safeParse(v);
  if (!r.success)
    throw new Error(
      `gold answer ${JSON.stringify(raw)} does not fit the label schema: ${r.error.issues[0]?.message}`,
    );
  return r.data;
}

/** Turns one record into an item: `id` → external id, `gold` → hidden answer, `priority`, the rest → data. */
export function toNewItem(lp: LoadedProject, record: Record<string, unknown>, rowNumber: number): NewItem {
  const { id, gold, priority, ...rest } = record;
  let data: unknown = rest;
  const keys = Object.keys(rest);
  if (keys.length === 1 && keys[0] === "data" && typeof rest.data === "object" && rest.data !== null)
    data = rest.data;
  const externalId = id === undefined || id === null || id === "" ? `row-${rowNumber}` : String(id);
  if (externalId.length > 500) throw new Error("id is longer than 500 characters");
  const item: NewItem = { externalId, data };
  if (gold !== undefined && gold !== null && gold !== "") item.gold = goldValue(lp, gold);
  if (priority !== undefined && priority !== null && priority !== "") {
    const p = Number(priority);
    if (!Number.isFinite(p)) throw new Error(`priority must be a number (got ${JSON.stringify(priority)})`);
    item.priority = p;
  }
  return item;
}

async function* jsonlRecords(source: ByteSource): AsyncGenerator<[Record<string, unknown>, number]> {
  let n = 0;
  for await (const line of lines(source)) {
    n++;
    if (line.trim() === "") continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new VoxServerError("BAD_REQUEST", `line ${n}: not valid JSON (${(e as Error).message})`);
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      throw new VoxServerError("BAD_REQUEST", `line ${n}: expected a JSON object`);
    }
    yield [v as Record<string, unknown>, n];
  }
}

async function* csvRecords(source: ByteSource): AsyncGenerator<[Record<string, unknown>, number]> {
  const parser = toNode(source).pipe(
    parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: false, info: true }),
  );
  try {
    for await (const rec of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield [rec.record, rec.info.lines];
    }
  } catch (e) {
    throw new VoxServerError("BAD_REQUEST", `CSV: ${(e as Error).message}`, { cause: e });
  }
}

/** Imports items from a JSONL or CSV stream into a project, 1000 rows per transaction. */
export async function importItems(
  store: Store,
  lp: LoadedProject,
  args: { source: ByteSource; format: ItemFormat; now: number },
): Promise<ImportResult> {
  const result: ImportResult = { inserted: 0, skipped: 0, gold: 0 };
  let batch: NewItem[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await store.insertItems(lp.project.id, batch, { target: lp.settings.overlap, now: args.now });
    result.inserted += r.inserted;
    result.skipped += r.skipped;
    batch = [];
  };
  const records = args.format === "jsonl" ? jsonlRecords(args.source) : csvRecords(args.source);
  try {
    for await (const [record, n] of records) {
      let item: NewItem;
      try {
        item = toNewItem(lp, record, n);
      } catch (e) {
        throw new VoxServerError("BAD_REQUEST", `line ${n}: ${(e as Error).message}`);
      }
      if (item.gold !== undefined) result.gold++;
      batch.push(item);
      if (batch.length >= 1000) await flush();
    }
    await flush();
  } catch (e) {
    if (e instanceof VoxServerError) {
      const done = result.inserted + result.skipped;
      throw new VoxServerError(
        "BAD_REQUEST",
        `${e.message} (${done} rows before it were imported; rows already imported are skipped on a re-run)`,
        {
          details: result,
        },
      );
    }
    if (e instanceof TypeError && /encoded data|decode/i.test(e.message)) {
      throw new VoxServerError("BAD_REQUEST", "the file is not valid UTF-8");
    }
    throw e;
  }
  return result;
}
