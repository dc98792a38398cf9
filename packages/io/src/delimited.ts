import { pipeline, type Readable } from "node:stream";
import { type CsvError, type Options as CsvOptions, type Parser, parse } from "csv-parse";
import { VoxIoError } from "./errors.js";
import { logicalName, openSource, type SourceOptions } from "./source.js";

/** Field delimiter of a delimited text file. */
export type Delimiter = "," | "\t" | ";";

/**
 * The delimiter for a file: by extension (.csv → comma, .tsv/.tab → tab), else sniffed from the first line (the
 * most frequent of tab, comma and semicolon; comma when none occurs).
 */
export function delimiterFor(path: string, firstLine = ""): Delimiter {
  const name = logicalName(path);
  if (name.endsWith(".tsv") || name.endsWith(".tab")) return "\t";
  if (name.endsWith(".csv")) return ",";
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const tabs = count("\t");
  const commas = count(",");
  const semis = count(";");
  if (tabs > 0 && tabs >= commas && tabs >= semis) return "\t";
  if (semis > commas) return ";";
  return ",";
}

function parserOptions(delimiter: Delimiter, info: boolean): CsvOptions {
  return {
    bom: true,
    delimiter,
    // Tab-separated files usually do not quote, and a stray quote inside a field is then literal text.
    relax_quotes: delimiter === "\t",
    skip_empty_lines: true,
    info,
  };
}

/** The file piped into csv-parse; `pipeline` makes a read error or an abort reach the parser's consumer. */
function parseStream(path: string, options: SourceOptions & { delimiter: Delimiter; info: boolean }): Parser {
  const parser = parse(parserOptions(options.delimiter, options.info));
  return pipeline(openSource(path, options), parser, () => {});
}

/** Turns a csv-parse error into a VoxIoError naming the line and, when known, the column. */
function toIoError(e: CsvError, path: string, header: readonly string[] | undefined): VoxIoError {
  const line = typeof e.lines === "number" ? e.lines : undefined;
  const column = typeof e.index === "number" && header ? header[e.index] : undefined;
  switch (e.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
    case "CSV_RECORD_INCONSISTENT_COLUMNS": {
      const got = Array.isArray(e.record) ? e.record.length : "a different number of";
      return new VoxIoError(
        "RAGGED_ROW",
        { path, line, cause: e },
        `expected ${header?.length ?? "the same number of"} fields as the header, found ${got}`,
      );
    }
    case "CSV_QUOTE_NOT_CLOSED":
      return new VoxIoError(
        "BAD_QUOTES",
        { path, line, cause: e },
        "quoted field is not closed before the end of the file",
      );
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return new VoxIoError(
        "BAD_QUOTES",
        { path, line, column, cause: e },
        "unexpected character after a closing quote",
      );
    default:
      return new VoxIoError("BAD_VALUE", { path, line, column, cause: e }, e.message);
  }
}

function isCsvError(e: unknown): e is CsvError {
  return e instanceof Error && typeof (e as { code?: unknown }).code === "string" && "lines" in e;
}

/** A delimited file opened for streaming: the header, then the data records in batches. */
export interface DelimitedRecords {
  header: string[];
  delimiter: Delimiter;
  /** Data records (after the header), in file order, in batches of whatever the parser has ready. */
  batches: AsyncIterable<string[][]>;
}

/** Largest batch handed out at once. */
const BATCH = 8192;

/**
 * Drains an object stream in batches: everything already buffered, then waits for more. Consumers loop over a
 * batch synchronously, which saves a promise per record (about a quarter of the read time at 10M rows).
 */
function batchReader<T>(stream: Readable): () => Promise<T[] | undefined> {
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on("readable", poke);
  stream.on("end", () => {
    ended = true;
    poke();
  });
  stream.on("error", (e) => {
    failure = e;
    poke();
  });
  return async () => {
    for (;;) {
      const batch: T[] = [];
      while (batch.length < BATCH) {
        const r = stream.read() as T | null;
        if (r === null) break;
        batch.push(r);
      }
      if (batch.length > 0) return batch;
      if (failure !== undefined) throw failure;
      if (ended) return undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };
}

/** Reads the first line of a file cheaply (for sniffing the delimiter). */
async function firstLine(path: string): Promise<string> {
  const stream = openSource(path, { progress: false });
  let text = "";
  for await (const chunk of stream) {
    text += (chunk as Buffer).toString("utf8");
    const m = /[\r\n]/.exec(text);
    if (m || text.length > 65536) {
      stream.destroy();
      return m ? text.slice(0, m.index) : text;
    }
  }
  return text;
}

/**
 * Opens a CSV/TSV file (optionally gzipped) for streaming with csv-parse: RFC 4180 quoting, BOM removed, LF, CRLF or
 * CR-only line endings (detected), empty lines skipped. A ragged row or broken quoting throws a VoxIoError with the
 * line. Throws EMPTY_FILE when there is no header.
 */
export async function openDelimited(
  path: string,
  options: SourceOptions & { delimiter?: Delimiter } = {},
): Promise<DelimitedRecords> {
  const delimiter =
    options.delimiter ??
    delimiterFor(path, logicalName(path).match(/\.(csv|tsv|tab)$/) ? "" : await firstLine(path));
  const parser = parseStream(path, { ...options, delimiter, info: false });
  const read = batchReader<string[]>(parser);
  let header: string[] | undefined;
  const next = async (): Promise<string[][] | undefined> => {
    try {
      return await read();
    } catch (e) {
      if (e instanceof VoxIoError) throw e;
      if (isCsvError(e)) throw toIoError(e, path, header);
      throw e;
    }
  };
  const first = await next();
  if (!first) throw new VoxIoError("EMPTY_FILE", { path }, "the file is empty (expected a header line)");
  header = first[0]!.map((h) => h.trim());
  const rest = first.slice(1);
  async function* batches(): AsyncIterable<string[][]> {
    try {
      if (rest.length > 0) yield rest;
      for (let b = await next(); b; b = await next()) yield b;
    } finally {
      parser.destroy();
    }
  }
  return { header, delimiter, batches: batches() };
}

/** Number of line breaks (CRLF, CR or LF) inside the fields of a record. */
function breaksInside(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    const m = f.match(/\r\n|\r|\n/g);
    if (m) n += m.length;
  }
  return n;
}

/**
 * The 1-based physical line on which each of the given data records (0-based, after the header) starts. Used only
 * to report errors found after parsing, so the fast path carries no per-record line bookkeeping; it costs one more
 * pass over the file. `records` must be sorted ascending.
 */
export async function locateRecords(
  path: string,
  delimiter: Delimiter,
  records: readonly number[],
): Promise<number[]> {
  const out: number[] = [];
  if (records.length === 0) return out;
  const parser = parseStream(path, { progress: false, delimiter, info: true });
  let index = -1; // the header is record −1
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    // info.lines is the line the record ends on; quoted line breaks inside it move its start up.
    while (out.length < records.length && records[out.length] === index) {
      out.push(rec.info.lines - breaksInside(rec.record));
    }
    if (out.length === records.length) break;
    index++;
  }
  parser.destroy();
  return out;
}
