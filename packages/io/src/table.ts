import { createInterface } from "node:readline";
import { type Delimiter, locateRecords, openDelimited } from "./delimited.js";
import { VoxIoError } from "./errors.js";
import { logicalName, openSource, type SourceOptions } from "./source.js";

/** Layout of a tabular text file. */
export type TableKind = "csv" | "tsv" | "jsonl";

/**
 * A tabular file opened for streaming, whatever its layout: a header and records of strings. For JSON Lines the
 * header is the keys of the first object and each record holds that object's values in header order.
 */
export interface Table {
  kind: TableKind;
  path: string;
  header: string[];
  /** Data records in file order (empty lines skipped), in batches; see `eachRecord` for one at a time. */
  batches: AsyncIterable<string[][]>;
  /** 1-based lines of the given 0-based data records (sorted ascending); one extra pass over the file. */
  locate(records: readonly number[]): Promise<number[]>;
}

/** Options for `openTable`. */
export interface OpenTableOptions extends SourceOptions {
  /** Force a layout instead of deciding by extension (.jsonl/.ndjson → jsonl, .tsv/.tab → tsv, else sniffed). */
  kind?: TableKind | undefined;
}

function isJsonlName(path: string): boolean {
  const name = logicalName(path);
  return name.endsWith(".jsonl") || name.endsWith(".ndjson");
}

/** Opens a CSV, TSV or JSON Lines file (optionally gzipped) as a `Table`. */
export async function openTable(path: string, options: OpenTableOptions = {}): Promise<Table> {
  const kind = options.kind ?? (isJsonlName(path) ? "jsonl" : undefined);
  if (kind === "jsonl") return openJsonl(path, options);
  const delimiter: Delimiter | undefined = kind === "tsv" ? "\t" : kind === "csv" ? "," : undefined;
  const d = await openDelimited(path, { ...options, ...(delimiter ? { delimiter } : {}) });
  return {
    kind: d.delimiter === "\t" ? "tsv" : "csv",
    path,
    header: d.header,
    batches: d.batches,
    locate: (r) => locateRecords(path, d.delimiter, r),
  };
}

/** The records of a table one at a time (for readers whose per-record work dwarfs the iteration cost). */
export async function* eachRecord(table: Table): AsyncIterable<string[]> {
  for await (const batch of table.batches) yield* batch;
}

function scalar(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

async function openJsonl(path: string, options: SourceOptions): Promise<Table> {
  const rl = createInterface({ input: openSource(path, options), crlfDelay: Infinity });
  const lines = rl[Symbol.asyncIterator]();
  let physical = 0;
  const nextObject = async (): Promise<{ obj: Record<string, unknown>; line: number } | undefined> => {
    for (;;) {
      const r = await lines.next();
      if (r.done) return undefined;
      physical++;
      const text = physical === 1 ? r.value.replace(/^\uFEFF/, "") : r.value;
      if (text.trim() === "") continue;
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (e) {
        throw new VoxIoError("BAD_VALUE", { path, line: physical }, `invalid JSON (${(e as Error).message})`);
      }
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
        throw new VoxIoError("BAD_VALUE", { path, line: physical }, "expected a JSON object on each line");
      }
      return { obj: obj as Record<string, unknown>, line: physical };
    }
  };
  const first = await nextObject();
  if (!first) throw new VoxIoError("EMPTY_FILE", { path }, "the file has no JSON objects");
  const header = Object.keys(first.obj);
  const toRecord = (o: { obj: Record<string, unknown>; line: number }): string[] =>
    header.map((key) => {
      const v = o.obj[key];
      const s = scalar(v);
      if (s !== undefined) return s;
      if (v === undefined) {
        throw new VoxIoError(
          "MISSING_COLUMN",
          { path, line: o.line, column: key },
          "field missing from this object",
        );
      }
      if (v === null) return "";
      throw new VoxIoError(
        "BAD_VALUE",
        { path, line: o.line, column: key },
        `expected a string, number or boolean, found ${JSON.stringify(v)}`,
      );
    });
  async function* batches(): AsyncIterable<string[][]> {
    let batch: string[][] = [];
    for (let o: typeof first = first; o; o = await nextObject()) {
      batch.push(toRecord(o));
      if (batch.length >= 4096) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return { kind: "jsonl", path, header, batches: batches(), locate: (r) => locateLines(path, r) };
}

/** The 1-based physical lines of the given 0-based non-empty lines of a text file. */
async function locateLines(path: string, rows: readonly number[]): Promise<number[]> {
  const out: number[] = [];
  let physical = 0;
  let index = -1;
  const rl = createInterface({ input: openSource(path, { progress: false }), crlfDelay: Infinity });
  for await (const line of rl) {
    physical++;
    if (line.trim() === "") continue;
    index++;
    while (out.length < rows.length && rows[out.length] === index) out.push(physical);
    if (out.length === rows.length) break;
  }
  rl.close();
  return out;
}
