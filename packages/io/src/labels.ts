import { createInterface } from "node:readline";
import { COLUMN_ALIASES, normalizeHeader } from "./columns.js";
import { VoxIoError } from "./errors.js";
import { readGold } from "./gold.js";
import { npyToInt32, readNpy } from "./npy.js";
import { logicalName, openSource, type SourceOptions } from "./source.js";
import { openTable } from "./table.js";

/** One label per example, in file order. */
export interface ReadLabelsResult {
  path: string;
  /** The labels as written (integers as decimal strings for .npy; "" for an unlabelled row). */
  labels: string[];
  /** Item ids, when the file has an item column. */
  items?: string[];
  /** How the file was read. */
  layout: "npy" | "column" | "items";
}

/** Options for `readLabels`. */
export interface ReadLabelsOptions extends SourceOptions {
  /**
   * One-column files: an empty line is an unlabelled row ("") instead of an error (semi-supervised data, labels
   * for a features .npy with some rows unlabelled). Default false.
   */
  allowUnlabelled?: boolean;
}

/** A one-column value as written, without surrounding quotes (CSV quoting of a single field). */
function unquote(text: string): string {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replaceAll('""', '"') : t;
}

/**
 * Reads one label per example: a `.npy` of integers (1-D, or N×1); a one-column text/CSV file, one label per line
 * (a first line named label, class, gold, … is a header; a final newline adds no row); or an items file with an item
 * column and a label column (names as for gold labels: item/id/task… and label/gold/truth…; one row per item).
 * An empty label in a one-column file is BAD_VALUE with its line, unless `allowUnlabelled`.
 */
export async function readLabels(path: string, options: ReadLabelsOptions = {}): Promise<ReadLabelsResult> {
  if (logicalName(path).endsWith(".npy")) {
    const arr = await readNpy(path);
    if (arr.shape.length > 2 || (arr.shape.length === 2 && arr.shape[1] !== 1) || arr.shape.length === 0) {
      throw new VoxIoError(
        "BAD_NPY",
        { path, column: "shape" },
        `expected N or N×1 labels, found shape (${arr.shape.join(", ")})`,
      );
    }
    try {
      return { path, labels: Array.from(npyToInt32(arr), String), layout: "npy" };
    } catch (e) {
      throw new VoxIoError("BAD_VALUE", { path, cause: e }, (e as Error).message);
    }
  }
  const table = await openTable(path, options);
  const width = table.header.length;
  for await (const _ of table.batches) break; // only the header was needed
  if (width > 1) {
    const g = await readGold(path, options);
    return { path, labels: g.pairs.map((p) => p[1]), items: g.pairs.map((p) => p[0]), layout: "items" };
  }
  // One column: read physical lines, so an empty line keeps its place as an unlabelled row.
  const names = new Set<string>([...COLUMN_ALIASES.label, ...COLUMN_ALIASES.gold]);
  const labels: string[] = [];
  let line = 0;
  let header: string | undefined;
  const rl = createInterface({ input: openSource(path, options), crlfDelay: Infinity });
  for await (const raw of rl) {
    line++;
    const v = unquote(line === 1 ? raw.replace(/^\uFEFF/, "") : raw);
    if (line === 1 && names.has(normalizeHeader(v))) {
      header = v;
      continue;
    }
    if (v === "" && !options.allowUnlabelled) {
      rl.close();
      throw new VoxIoError("BAD_VALUE", { path, line, column: header ?? "label" }, "empty label");
    }
    labels.push(v);
  }
  if (labels.length === 0) throw new VoxIoError("EMPTY_FILE", { path }, "no labels");
  return { path, labels, layout: "column" };
}
