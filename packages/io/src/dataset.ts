import { createInterface } from "node:readline";
import { COLUMN_ALIASES, normalizeHeader, resolveColumns } from "./columns.js";
import { VoxIoError } from "./errors.js";
import { logicalName, openSource, type SourceOptions } from "./source.js";
import { eachRecord, openTable } from "./table.js";

/** The layouts `readDataset` understands. */
export type DatasetLayout = "jsonl" | "csv" | "tsv" | "label-text";

/** Options for `readDataset`. */
export interface ReadDatasetOptions extends SourceOptions {
  /**
   * "auto" (default): .jsonl/.ndjson are JSON Lines; a CSV/TSV whose first line names a text column is a table
   * with a header; a headerless tab-separated file is "label-text" (`label<TAB>text` per line, the layout of the
   * shared text sets). Give a layout to skip the detection.
   */
  layout?: DatasetLayout | "auto";
  /** Explicit column (JSON field) names, overriding the aliases. */
  columns?: { id?: string | undefined; text?: string | undefined; label?: string | undefined };
  /** Require a text column (false for a dataset of ids and labels next to a features .npy). Default true. */
  requireText?: boolean;
}

/** A dataset for learning, one entry per row in file order. */
export interface Dataset {
  path: string;
  layout: DatasetLayout;
  /** Row ids: the id column, or the 1-based row number (empty lines not counted) when there is none. */
  ids: string[];
  /** Texts ("" where a row has none); absent without a text column. */
  texts?: string[];
  /** Labels as strings ("" = unlabelled); absent without a label column. */
  labels?: string[];
  /** The header names (or JSON fields) used, or the positions for label-text. */
  columns: { id?: string; text?: string; label?: string };
  /** 1-based physical lines of the given 0-based rows (sorted ascending). */
  locate(rows: readonly number[]): Promise<number[]>;
}

/** Reads the first non-empty line of a file (for layout detection). */
async function firstLine(path: string, options: SourceOptions): Promise<string> {
  const input = openSource(path, { ...options, progress: false });
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) if (line.trim() !== "") return line.replace(/^\uFEFF/, "");
  } finally {
    rl.close();
    input.destroy();
  }
  throw new VoxIoError("EMPTY_FILE", { path }, "the file has no rows");
}

/** The `label<TAB>text` layout: no header, no quoting; the text is everything after the first tab. */
async function readLabelText(path: string, options: SourceOptions): Promise<Dataset> {
  const ids: string[] = [];
  const texts: string[] = [];
  const labels: string[] = [];
  const lines: number[] = [];
  const rl = createInterface({ input: openSource(path, options), crlfDelay: Infinity });
  let physical = 0;
  for await (const raw of rl) {
    physical++;
    const line = physical === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (line.trim() === "") continue;
    const tab = line.indexOf("\t");
    if (tab < 0)
      throw new VoxIoError(
        "RAGGED_ROW",
        { path, line: physical },
        "expected label<TAB>text (no tab on this line)",
      );
    labels.push(line.slice(0, tab).trim());
    texts.push(line.slice(tab + 1));
    ids.push(String(ids.length + 1));
    lines.push(physical);
  }
  if (ids.length === 0) throw new VoxIoError("EMPTY_FILE", { path }, "the file has no rows");
  return {
    path,
    layout: "label-text",
    ids,
    texts,
    labels,
    columns: { label: "field 1", text: "field 2" },
    locate: async (rows) => rows.map((r) => lines[r]!),
  };
}

/** A JSON value as a cell: strings as they are, numbers and booleans as text, null or absent as "". */
function cell(v: unknown, where: { path: string; line: number; column: string }): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new VoxIoError(
    "BAD_VALUE",
    where,
    `expected a string, number or boolean, found ${JSON.stringify(v)}`,
  );
}

/** The first of the names (explicit, else the aliases) that some object has, or undefined. */
function fieldFor(
  role: "id" | "text" | "label",
  keys: ReadonlySet<string>,
  explicit: string | undefined,
): string | undefined {
  if (explicit !== undefined) return keys.has(explicit) ? explicit : undefined;
  const byNorm = new Map([...keys].map((k) => [normalizeHeader(k), k]));
  for (const alias of COLUMN_ALIASES[role]) {
    const k = byNorm.get(alias);
    if (k !== undefined) return k;
  }
  return undefined;
}

/**
 * JSON Lines read object by object: fields are looked up in every object, so an optional label may be absent from
 * any line (the first included).
 */
async function readJsonlDataset(
  path: string,
  options: SourceOptions & { columns: NonNullable<ReadDatasetOptions["columns"]>; requireText: boolean },
): Promise<Dataset> {
  const objects: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const keys = new Set<string>();
  const rl = createInterface({ input: openSource(path, options), crlfDelay: Infinity });
  let physical = 0;
  for await (const raw of rl) {
    physical++;
    const text = physical === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (text.trim() === "") continue;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw new VoxIoError("BAD_VALUE", { path, line: physical }, `invalid JSON (${(e as Error).message})`);
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj))
      throw new VoxIoError("BAD_VALUE", { path, line: physical }, "expected a JSON object on each line");
    for (const k of Object.keys(obj)) keys.add(k);
    objects.push(obj as Record<string, unknown>);
    lines.push(physical);
  }
  if (objects.length === 0) throw new VoxIoError("EMPTY_FILE", { path }, "the file has no JSON objects");
  const { columns, requireText } = options;
  const idKey = fieldFor("id", keys, columns.id);
  const textKey = fieldFor("text", keys, columns.text);
  const labelKey = fieldFor("label", keys, columns.label);
  for (const [role, key, explicit] of [
    ["id", idKey, columns.id],
    ["text", textKey, columns.text],
    ["label", labelKey, columns.label],
  ] as const) {
    if (explicit !== undefined && key === undefined)
      throw new VoxIoError(
        "MISSING_COLUMN",
        { path, line: 1, column: explicit },
        `no object has the field ${JSON.stringify(explicit)} for ${role}`,
      );
  }
  if (textKey === undefined && requireText)
    throw new VoxIoError(
      "MISSING_COLUMN",
      { path, line: 1 },
      `no column for text (accepted names: ${COLUMN_ALIASES.text.join(", ")}; or name it with --text-column); the fields are: ${[...keys].join(", ")}`,
    );
  const get = (key: string | undefined, i: number) =>
    key === undefined ? "" : cell(objects[i]![key], { path, line: lines[i]!, column: key });
  const ids = objects.map((_, i) => (idKey === undefined ? String(i + 1) : get(idKey, i).trim()));
  if (idKey !== undefined) {
    const empty = ids.indexOf("");
    if (empty >= 0)
      throw new VoxIoError("BAD_VALUE", { path, line: lines[empty], column: idKey }, "empty id");
  }
  const d: Dataset = {
    path,
    layout: "jsonl",
    ids,
    columns: {
      ...(idKey !== undefined ? { id: idKey } : {}),
      ...(textKey !== undefined ? { text: textKey } : {}),
      ...(labelKey !== undefined ? { label: labelKey } : {}),
    },
    locate: async (rows) => rows.map((r) => lines[r]!),
  };
  if (textKey !== undefined) d.texts = objects.map((_, i) => get(textKey, i));
  if (labelKey !== undefined) d.labels = objects.map((_, i) => get(labelKey, i).trim());
  return d;
}

/**
 * Reads a dataset for learning: JSON Lines or a CSV/TSV table with a text column and optional id and label
 * columns (found by alias: id, text, label, …), or the headerless `label<TAB>text` layout. Ids must be unique.
 * Bad input names the file and line (VoxIoError).
 */
export async function readDataset(path: string, options: ReadDatasetOptions = {}): Promise<Dataset> {
  const { layout = "auto", columns = {}, requireText = true, ...source } = options;
  let chosen: DatasetLayout | undefined = layout === "auto" ? undefined : layout;
  const name = logicalName(path);
  if (!chosen && (name.endsWith(".jsonl") || name.endsWith(".ndjson"))) chosen = "jsonl";
  if (!chosen) {
    const first = await firstLine(path, source);
    const fields = first.split("\t");
    const named = fields.some((f) => (COLUMN_ALIASES.text as readonly string[]).includes(normalizeHeader(f)));
    if (fields.length >= 2 && !named && columns.text === undefined) chosen = "label-text";
  }
  if (chosen === "label-text") return checkIds(await readLabelText(path, source));
  if (chosen === "jsonl") return checkIds(await readJsonlDataset(path, { ...source, columns, requireText }));
  const table = await openTable(path, { ...source, kind: chosen });
  const { header } = table;
  const found = resolveColumns(header, path, {
    required: requireText ? ["text"] : [],
    optional: requireText ? ["id", "label"] : ["id", "text", "label"],
    overrides: { id: columns.id, text: columns.text, label: columns.label },
  });
  const idCol = found.id?.index ?? -1;
  const textCol = found.text?.index ?? -1;
  const labelCol = found.label?.index ?? -1;
  const ids: string[] = [];
  const texts: string[] = [];
  const labels: string[] = [];
  let row = 0;
  for await (const rec of eachRecord(table)) {
    row++;
    ids.push(idCol >= 0 ? rec[idCol]!.trim() : String(row));
    if (textCol >= 0) texts.push(rec[textCol]!);
    if (labelCol >= 0) labels.push(rec[labelCol]!.trim());
  }
  if (row === 0) throw new VoxIoError("EMPTY_FILE", { path }, "the file has no data rows");
  const dataset: Dataset = {
    path,
    layout: table.kind,
    ids,
    columns: {
      ...(idCol >= 0 ? { id: header[idCol]! } : {}),
      ...(textCol >= 0 ? { text: header[textCol]! } : {}),
      ...(labelCol >= 0 ? { label: header[labelCol]! } : {}),
    },
    locate: (rows) => table.locate(rows),
  };
  if (textCol >= 0) dataset.texts = texts;
  if (labelCol >= 0) dataset.labels = labels;
  if (idCol >= 0) {
    for (let i = 0; i < ids.length; i++)
      if (ids[i] === "") {
        const [line] = await dataset.locate([i]);
        throw new VoxIoError("BAD_VALUE", { path, line, column: header[idCol] }, "empty id");
      }
  }
  return checkIds(dataset);
}

async function checkIds(d: Dataset): Promise<Dataset> {
  const seen = new Map<string, number>();
  for (let i = 0; i < d.ids.length; i++) {
    const prev = seen.get(d.ids[i]!);
    if (prev !== undefined) {
      const [first, line] = await d.locate([prev, i]);
      throw new VoxIoError(
        "CONFLICT",
        { path: d.path, line, column: d.columns.id },
        `id ${JSON.stringify(d.ids[i])} already used on line ${first}; ids must be unique`,
      );
    }
    seen.set(d.ids[i]!, i);
  }
  return d;
}
