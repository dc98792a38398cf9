import type { Annotations } from "@vox/core";
import { stringify } from "csv-stringify/sync";
import { throwIfAborted, withAtomicWriter, writeChunk } from "./atomic.js";
import { logicalName } from "./source.js";

/** A cell value in a written table. */
export type Cell = string | number | boolean | null;

/**
 * Writes rows under a header, atomically, in the layout the extension asks for: .jsonl/.ndjson (one object per row),
 * .tsv, or CSV (quoted as RFC 4180 requires, by csv-stringify). Rows are written in chunks, so memory stays flat.
 */
export async function writeTable(
  path: string,
  table: { header: readonly string[]; rows: Iterable<readonly Cell[]> },
  options: { signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const name = logicalName(path);
  const jsonl = name.endsWith(".jsonl") || name.endsWith(".ndjson");
  const delimiter = name.endsWith(".tsv") ? "\t" : ",";
  const { header } = table;
  await withAtomicWriter(
    path,
    async (out) => {
      if (!jsonl) await writeChunk(out, stringify([header as string[]], { delimiter }));
      let batch: (readonly Cell[])[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const text = jsonl
          ? batch
              .map((r) => `${JSON.stringify(Object.fromEntries(header.map((h, k) => [h, r[k] ?? null])))}\n`)
              .join("")
          : stringify(batch as Cell[][], { delimiter, cast: { boolean: (b) => String(b) } });
        batch = [];
        await writeChunk(out, text);
        throwIfAborted(options.signal, path);
      };
      for (const r of table.rows) {
        if (r.length !== header.length)
          throw new RangeError(`row has ${r.length} cells, header has ${header.length}`);
        batch.push(r);
        if (batch.length >= 4096) await flush();
      }
      await flush();
    },
    options.signal,
  );
}

/** Writes judgments in long format (`item,rater,label[,duration_ms]`), atomically; layout by extension. */
export async function writeAnnotations(
  path: string,
  a: Annotations,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const withDuration = a.durationMs !== undefined;
  function* rows(): Iterable<Cell[]> {
    for (let j = 0; j < a.item.length; j++) {
      const r: Cell[] = [a.items[a.item[j]!]!, a.raters[a.rater[j]!]!, a.classes[a.label[j]!]!];
      if (withDuration) r.push(Number.isNaN(a.durationMs![j]!) ? null : a.durationMs![j]!);
      yield r;
    }
  }
  const header = withDuration ? ["item", "rater", "label", "duration_ms"] : ["item", "rater", "label"];
  await writeTable(path, { header, rows: rows() }, options);
}

/** Writes gold labels (`item,label`) for the items whose `truth` code is ≥ 0, atomically. */
export async function writeGold(
  path: string,
  gold: { items: readonly string[]; classes: readonly string[]; truth: Int32Array },
): Promise<void> {
  function* rows(): Iterable<Cell[]> {
    for (let i = 0; i < gold.truth.length; i++)
      if (gold.truth[i]! >= 0) yield [gold.items[i]!, gold.classes[gold.truth[i]!]!];
  }
  await writeTable(path, { header: ["item", "label"], rows: rows() });
}
