import { createInterface } from "node:readline";
import { writeFileAtomic } from "./atomic.js";
import { VoxIoError } from "./errors.js";
import { logicalName, openSource, type SourceOptions } from "./source.js";
import { eachRecord, openTable } from "./table.js";
import type { Cell } from "./writers.js";
import { writeTable } from "./writers.js";

/** Layout of a text dataset file. */
export type TextDatasetFormat = "jsonl" | "csv" | "tsv" | "label-tsv";

/** Options for `readTextDataset`. */
export interface ReadTextDatasetOptions extends SourceOptions {
  /**
   * Default: by extension and content. `.jsonl` → jsonl; `.tsv` whose first line has a `text` column → tsv with a
   * header, else label-tsv (`label<TAB>text`, no header: the layout of ../shared/data/text); `.csv` → csv.
   */
  format?: TextDatasetFormat | undefined;
}

/** A dataset for learning: parallel arrays, one entry per example. */
export interface TextDataset {
  format: TextDatasetFormat;
  /** Each example's id: the `id` field when present, else its 1-based line number. */
  ids: string[];
  texts: string[];
  /** Labels (null where an example has none); undefined when the file has no label field at all. */
  labels: (string | null)[] | undefined;
  /** 1-based physical line of each example (for error messages). */
  lines: number[];
}

/** The first line of a file (for sniffing its layout); the stream is closed right after. */
async function firstLine(path: string): Promise<string> {
  const input = openSource(path, { progress: false });
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) return line.replace(/^\uFEFF/, "");
    return "";
  } finally {
    rl.close();
    input.destroy();
  }
}

async function readLabelTsv(path: string, options: SourceOptions): Promise<TextDataset> {
  const rl = createInterface({ input: openSource(path, options), crlfDelay: Infinity });
  const out: TextDataset = { format: "label-tsv", ids: [], texts: [], labels: [], lines: [] };
  let line = 0;
  for await (const raw of rl) {
    line++;
    const row = line === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (row.trim() === "") continue;
    const tab = row.indexOf("\t");
    if (tab <= 0) {
      throw new VoxIoError(
        "BAD_VALUE",
        { path, line, column: tab === 0 ? "label" : undefined },
        tab === 0 ? "empty label" : "expected label<TAB>text",
      );
    }
    out.ids.push(String(line));
    out.labels!.push(row.slice(0, tab));
    out.texts.push(row.slice(tab + 1).trim());
    out.lines.push(line);
  }
  if (out.texts.length === 0) throw new VoxIoError("EMPTY_FILE", { path }, "the file has no examples");
  return out;
}

/**
 * Reads a text classification dataset: JSON Lines objects with `text` (and optional `id`, `label`), a CSV/TSV with
 * a header naming those columns, or the headerless `label<TAB>text` layout. Empty texts are an error naming the line.
 */
export async function readTextDataset(
  path: string,
  options: ReadTextDatasetOptions = {},
): Promise<TextDataset> {
  const name = logicalName(path);
  let format = options.format;
  if (!format) {
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) format = "jsonl";
    else if (name.endsWith(".tsv") || name.endsWith(".tab") || name.endsWith(".txt")) {
      const header = (await firstLine(path)).split("\t").map((h) => h.trim().toLowerCase());
      format = header.includes("text") ? "tsv" : "label-tsv";
    } else format = "csv";
  }
  if (format === "label-tsv") return readLabelTsv(path, options);
  const table = await openTable(path, { ...options, kind: format });
  const header = table.header.map((h) => h.trim().toLowerCase());
  const textAt = header.indexOf("text");
  const idAt = header.indexOf("id");
  const labelAt = header.indexOf("label");
  if (textAt < 0) throw new VoxIoError("MISSING_COLUMN", { path, line: 1, column: "text" }, "no text column");
  const out: TextDataset = { format, ids: [], texts: [], labels: labelAt >= 0 ? [] : undefined, lines: [] };
  let row = 0;
  const empty: number[] = [];
  for await (const r of eachRecord(table)) {
    const text = (r[textAt] ?? "").trim();
    if (text === "") empty.push(row);
    out.texts.push(text);
    out.ids.push(idAt >= 0 && r[idAt] ? r[idAt]! : "");
    if (out.labels) out.labels.push(r[labelAt] ? r[labelAt]! : null);
    row++;
  }
  if (row === 0) throw new VoxIoError("EMPTY_FILE", { path }, "the file has no examples");
  const lines = await table.locate(Array.from({ length: row }, (_, i) => i));
  out.lines = lines;
  out.ids = out.ids.map((id, i) => id || String(lines[i]));
  if (empty.length > 0)
    throw new VoxIoError("BAD_VALUE", { path, line: lines[empty[0]!], column: "text" }, "empty text");
  const seen = new Map<string, number>();
  out.ids.forEach((id, i) => {
    const before = seen.get(id);
    if (before !== undefined)
      throw new VoxIoError(
        "CONFLICT",
        { path, line: lines[i], column: "id" },
        `id ${JSON.stringify(id)} repeats line ${lines[before]}`,
      );
    seen.set(id, i);
  });
  return out;
}

/** One example to write; extra fields become extra columns (JSONL/CSV/TSV with header). */
export interface TextExample {
  id?: string;
  text: string;
  label?: string | null;
  [field: string]: Cell | undefined;
}

/**
 * Writes examples atomically: `.tsv` as headerless `label<TAB>text` when every example has a label and no other
 * field than id/text/label is asked for (the layout of ../shared/data/text, so outputs read back like inputs);
 * otherwise JSON Lines / CSV / TSV with a header of `columns` (default: id, text, label, then other fields seen).
 */
export async function writeTextDataset(
  path: string,
  examples: readonly TextExample[],
  options: { columns?: readonly string[]; signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const name = logicalName(path);
  const columns = options.columns ?? [
    ...new Set(["id", "text", "label", ...examples.flatMap((e) => Object.keys(e))]),
  ];
  const labelTsv =
    name.endsWith(".tsv") &&
    columns.every((c) => c === "id" || c === "text" || c === "label") &&
    examples.every((e) => typeof e.label === "string" && e.label !== "");
  if (labelTsv) {
    const clean = (s: string) => s.replace(/[\t\r\n]+/g, " ");
    await writeFileAtomic(path, examples.map((e) => `${clean(e.label!)}\t${clean(e.text)}\n`).join(""));
    return;
  }
  await writeTable(
    path,
    { header: columns, rows: examples.map((e) => columns.map((c) => e[c] ?? null)) },
    { signal: options.signal },
  );
}
