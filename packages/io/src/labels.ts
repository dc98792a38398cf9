import { COLUMN_ALIASES, normalizeHeader } from "./columns.js";
import { VoxIoError } from "./errors.js";
import { readGold } from "./gold.js";
import { npyToInt32, readNpy } from "./npy.js";
import { logicalName, type SourceOptions } from "./source.js";
import { eachRecord, openTable } from "./table.js";

/** One label per example, in file order. */
export interface ReadLabelsResult {
  path: string;
  /** The labels as written (integers as decimal strings for .npy). */
  labels: string[];
  /** Item ids, when the file has an item column. */
  items?: string[];
  /** How the file was read. */
  layout: "npy" | "column" | "items";
}

/**
 * Reads one label per example: a `.npy` of integers (1-D, or N×1); a one-column CSV/TSV/JSONL (a first row
 * named label, class, gold, … is a header, anything else is data); or an items file with an item column and a
 * label column (names as for gold labels: item/id/task… and label/gold/truth…; one row per item). Empty labels
 * are BAD_VALUE with their line.
 */
export async function readLabels(path: string, options: SourceOptions = {}): Promise<ReadLabelsResult> {
  if (logicalName(path).endsWith(".npy")) {
    const arr = await readNpy(path);
    if (arr.shape.length > 2 || (arr.shape.length === 2 && arr.shape[1] !== 1) || arr.shape.length === 0) {
      throw new VoxIoError(
        "BAD_NPY",
        { path, column: "shape" },
        `expected N or N×1 labels, found shape (${arr.shape.join(", ")})`,
      );
    }
    const codes = npyToInt32(arr);
    return { path, labels: Array.from(codes, String), layout: "npy" };
  }
  const table = await openTable(path, options);
  if (table.header.length > 1) {
    const g = await readGold(path, options);
    return { path, labels: g.pairs.map((p) => p[1]), items: g.pairs.map((p) => p[0]), layout: "items" };
  }
  const first = table.header[0] ?? "";
  const names = new Set<string>([...COLUMN_ALIASES.label, ...COLUMN_ALIASES.gold]);
  const hasHeader = names.has(normalizeHeader(first));
  const labels: string[] = hasHeader ? [] : [first.trim()];
  let row = 0;
  for await (const rec of eachRecord(table)) {
    const v = (rec[0] ?? "").trim();
    if (v === "") {
      const [line] = await table.locate([row]);
      throw new VoxIoError("BAD_VALUE", { path, line, column: hasHeader ? first : "label" }, "empty label");
    }
    labels.push(v);
    row++;
  }
  if (labels.length === 0) throw new VoxIoError("EMPTY_FILE", { path }, "no labels");
  return { path, labels, layout: "column" };
}
