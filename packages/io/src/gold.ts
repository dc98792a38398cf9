import { resolveColumns } from "./columns.js";
import { VoxIoError } from "./errors.js";
import { eachRecord, type OpenTableOptions, openTable } from "./table.js";

/** Options for `readGold`. */
export interface ReadGoldOptions extends OpenTableOptions {
  /** Explicit column names for the item and the gold label. */
  columns?: { item?: string | undefined; label?: string | undefined };
}

/** Gold labels read from a file. */
export interface ReadGoldResult {
  path: string;
  /** (item, label) pairs, one per item, in file order of first appearance. */
  pairs: [item: string, label: string][];
  columns: { item: string; label: string };
  /** Data rows read (a file with the gold repeated on every judgment row has more rows than pairs). */
  rows: number;
}

/**
 * Reads gold labels (`item, label`) from CSV, TSV or JSON Lines. The label column is a gold alias (gold, truth,
 * gold_label, …) or else a label alias (label, answer, response, …), so `question,truth`, `task,truth`,
 * `item,label` and Snow et al.'s annotation files (with a `gold` column repeated per judgment) all work. A repeated
 * item must repeat the same label (else CONFLICT); an empty label is BAD_VALUE.
 */
export async function readGold(path: string, options: ReadGoldOptions = {}): Promise<ReadGoldResult> {
  const table = await openTable(path, options);
  const overrides = { item: options.columns?.item, gold: options.columns?.label };
  const cols = resolveColumns(table.header, path, {
    required: ["item"],
    optional: ["gold", "label"],
    overrides,
  });
  const labelCol = cols.gold ?? cols.label;
  if (!labelCol) {
    throw new VoxIoError(
      "MISSING_COLUMN",
      { path, line: 1 },
      `no column for the gold label (accepted names: gold, truth, gold_label, label, answer, …); the header has: ${table.header.join(", ")}`,
    );
  }
  const seen = new Map<string, { label: string; row: number }>();
  let rows = 0;
  for await (const r of eachRecord(table)) {
    const row = rows++;
    const item = r[cols.item.index]!.trim();
    const label = r[labelCol.index]!.trim();
    if (item === "" || label === "") {
      const [line] = await table.locate([row]);
      const column = item === "" ? cols.item.name : labelCol.name;
      throw new VoxIoError(
        "BAD_VALUE",
        { path, line, column },
        `empty ${item === "" ? "item id" : "gold label"}`,
      );
    }
    const prev = seen.get(item);
    if (!prev) seen.set(item, { label, row });
    else if (prev.label !== label) {
      const [first, line] = await table.locate([prev.row, row]);
      throw new VoxIoError(
        "CONFLICT",
        { path, line, column: labelCol.name },
        `item ${JSON.stringify(item)} has gold ${JSON.stringify(label)} here but ${JSON.stringify(prev.label)} on line ${first}`,
      );
    }
  }
  if (rows === 0)
    throw new VoxIoError("EMPTY_FILE", { path }, "no gold labels (the file has a header but no data rows)");
  return {
    path,
    pairs: [...seen].map(([item, g]) => [item, g.label]),
    columns: { item: cols.item.name, label: labelCol.name },
    rows,
  };
}
