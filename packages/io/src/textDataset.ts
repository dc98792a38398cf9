import { createInterface } from "node:readline";
import { VoxIoError } from "./errors.js";
import { logicalName, openSource, type SourceOptions } from "./source.js";

/** Layouts of a text dataset: JSON Lines objects, or `label<TAB>text` lines. */
export type TextDatasetFormat = "jsonl" | "tsv";

/** Options of `readTextDataset`. */
export interface ReadTextDatasetOptions extends SourceOptions {
  /** Force a layout; default by extension (.jsonl/.ndjson → jsonl, .tsv/.tab/.txt → tsv, else sniffed). */
  format?: TextDatasetFormat | undefined;
}

/** A text dataset in file order. */
export interface TextDataset {
  format: TextDatasetFormat;
  texts: string[];
  /** `id` of each JSON object (as a string), when every object has one. */
  ids?: string[];
  /** `label` of each example, when every example has one (always for the TSV layout). */
  labels?: string[];
}

function scalar(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/**
 * Reads texts to learn from: JSON Lines with a `text` field (and optional `id`, `label`), or the headerless
 * `label<TAB>text` layout of the shared text sets (split at the first tab; a first line `label<TAB>text` is taken
 * as a header). Empty lines are skipped. A bad line stops with its path, line and field.
 */
export async function readTextDataset(
  path: string,
  options: ReadTextDatasetOptions = {},
): Promise<TextDataset> {
  const name = logicalName(path);
  let format = options.format;
  if (!format) {
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) format = "jsonl";
    else if (name.endsWith(".tsv") || name.endsWith(".tab") || name.endsWith(".txt")) format = "tsv";
  }
  const texts: string[] = [];
  const ids: (string | undefined)[] = [];
  const labels: (string | undefined)[] = [];
  const rl = createInterface({ input: openSource(path, options), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of rl) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (text.trim() === "") continue;
    format ??= text.trimStart().startsWith("{") ? "jsonl" : "tsv";
    if (format === "tsv") {
      const tab = text.indexOf("\t");
      if (tab < 0)
        throw new VoxIoError("BAD_VALUE", { path, line }, "expected label<TAB>text (no tab on this line)");
      const label = text.slice(0, tab);
      const body = text.slice(tab + 1);
      if (texts.length === 0 && label.toLowerCase() === "label" && body.toLowerCase() === "text") continue;
      texts.push(body);
      labels.push(label);
      continue;
    }
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw new VoxIoError("BAD_VALUE", { path, line }, `invalid JSON (${(e as Error).message})`);
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj))
      throw new VoxIoError("BAD_VALUE", { path, line }, "expected a JSON object on each line");
    const o = obj as Record<string, unknown>;
    if (typeof o.text !== "string")
      throw new VoxIoError(
        o.text === undefined ? "MISSING_COLUMN" : "BAD_VALUE",
        { path, line, column: "text" },
        o.text === undefined
          ? "field missing from this object"
          : `expected a string, found ${JSON.stringify(o.text)}`,
      );
    texts.push(o.text);
    ids.push(scalar(o.id));
    labels.push(scalar(o.label));
  }
  if (texts.length === 0) throw new VoxIoError("EMPTY_FILE", { path }, "the file has no examples");
  const all = (xs: (string | undefined)[]): xs is string[] =>
    xs.length === texts.length && xs.every((x) => x !== undefined);
  return {
    format: format ?? "jsonl",
    texts,
    ...(all(ids) ? { ids } : {}),
    ...(all(labels) ? { labels } : {}),
  };
}
