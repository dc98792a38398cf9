import { writeFileAtomic } from "./atomic.js";
import { readDataset } from "./dataset.js";
import { VoxIoError } from "./errors.js";
import { logicalName, type SourceOptions } from "./source.js";
import type { Cell } from "./writers.js";
import { writeTable } from "./writers.js";

/** Layout of a text dataset file. */
export type TextDatasetFormat = "jsonl" | "csv" | "tsv" | "label-tsv";

/** Options for `readTextDataset`. */
export interface ReadTextDatasetOptions extends SourceOptions {
  /**
   * Default: detected as `readDataset` does: `.jsonl` → jsonl; a tab-separated first line with no text column →
   * label-tsv (`label<TAB>text`, no header: the layout of ../shared/data/text); otherwise a CSV/TSV with a header.
   */
  format?: TextDatasetFormat | undefined;
}

/** A dataset for learning: parallel arrays, one entry per example. */
export interface TextDataset {
  format: TextDatasetFormat;
  /** Each example's id: the id column when present, else its 1-based row number (blank lines not counted). */
  ids: string[];
  texts: string[];
  /** Labels (null where an example has none); undefined when the file has no label field at all. */
  labels: (string | null)[] | undefined;
  /** 1-based physical line of each example (for error messages). */
  lines: number[];
}

/**
 * Reads a text classification dataset through `readDataset` (JSON Lines, CSV/TSV with a header naming the text
 * column by alias, or the headerless `label<TAB>text` layout) and checks that every example has a text: empty
 * texts are an error naming the line. Ids are the id column, else 1-based row numbers; "" labels become null.
 */
export async function readTextDataset(
  path: string,
  options: ReadTextDatasetOptions = {},
): Promise<TextDataset> {
  const { format, ...source } = options;
  const layout = format === undefined ? "auto" : format === "label-tsv" ? "label-text" : format;
  const d = await readDataset(path, { ...source, layout });
  const lines = await d.locate(Array.from({ length: d.ids.length }, (_, i) => i));
  const texts = d.texts!.map((t) => t.trim());
  const empty = texts.indexOf("");
  if (empty >= 0)
    throw new VoxIoError("BAD_VALUE", { path, line: lines[empty], column: d.columns.text }, "empty text");
  return {
    format: d.layout === "label-text" ? "label-tsv" : d.layout,
    ids: d.ids,
    texts,
    labels: d.labels?.map((l) => (l === "" ? null : l)),
    lines,
  };
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
