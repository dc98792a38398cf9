import { COLUMN_ALIASES, normalizeHeader, openTable, type SourceOptions } from "@vox/io";
import { UsageError } from "./context.js";

/**
 * Reads a list of item ids, one per line (the first column of a CSV/TSV/JSONL); a first line named item, id,
 * task, … is a header.
 */
export async function readItemList(path: string, options: SourceOptions = {}): Promise<string[]> {
  const t = await openTable(path, options);
  const first = t.header[0] ?? "";
  const out = (COLUMN_ALIASES.item as readonly string[]).includes(normalizeHeader(first))
    ? []
    : [first.trim()];
  for await (const batch of t.batches) for (const rec of batch) out.push((rec[0] ?? "").trim());
  if (out.length === 0) throw new UsageError(`${path}: no item ids`);
  return out;
}
