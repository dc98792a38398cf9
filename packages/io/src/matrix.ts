import { type Matrix, parseNumber } from "@vox/core";
import { throwIfAborted, withAtomicWriter, writeChunk } from "./atomic.js";
import { VoxIoError } from "./errors.js";
import { npyToFloat64, readNpy, writeNpy } from "./npy.js";
import { logicalName, type SourceOptions } from "./source.js";
import { eachRecord, openTable } from "./table.js";

/** One matrix cell: a plain decimal number, or nan / inf / -inf as numpy's savetxt writes them; undefined otherwise. */
function cellValue(text: string): number | undefined {
  const v = parseNumber(text);
  if (!Number.isNaN(v)) return v;
  const t = text.trim().toLowerCase();
  if (t === "nan") return Number.NaN;
  if (t === "inf" || t === "+inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  return undefined;
}

/** Options for `readMatrixCsv`. */
export interface ReadMatrixCsvOptions extends SourceOptions {
  /** Whether the first row is a header: "auto" (default) treats it as one when any cell is not a number. */
  header?: boolean | "auto";
}

/** A matrix read from a file, with its column names when the file had a header. */
export interface ReadMatrixResult {
  matrix: Matrix;
  header?: string[];
}

/**
 * Reads a numeric matrix from CSV/TSV: one row per line, every cell a number (nan and inf allowed). A non-numeric
 * cell is BAD_VALUE naming its line and column; a ragged row is RAGGED_ROW.
 */
export async function readMatrixCsv(
  path: string,
  options: ReadMatrixCsvOptions = {},
): Promise<ReadMatrixResult> {
  const table = await openTable(path, {
    ...options,
    kind: logicalName(path).endsWith(".tsv") ? "tsv" : undefined,
  });
  if (table.kind === "jsonl")
    throw new VoxIoError("UNSUPPORTED", { path }, "a matrix must be .npy, CSV or TSV");
  const first = table.header;
  const hasHeader =
    options.header === "auto" || options.header === undefined
      ? !first.every((c) => cellValue(c) !== undefined)
      : options.header;
  const cols = first.length;
  const values: number[] = [];
  let row = 0;
  const take = async (rec: string[], index: number) => {
    for (let j = 0; j < rec.length; j++) {
      const cell = rec[j]!;
      const v = cellValue(cell);
      if (v === undefined) {
        // index −1 is the first line (used as data when there is no header)
        const line = index < 0 ? 1 : (await table.locate([index]))[0];
        throw new VoxIoError(
          "BAD_VALUE",
          { path, line, column: hasHeader ? first[j] : `column ${j + 1}` },
          `expected a number, found ${JSON.stringify(cell)}`,
        );
      }
      values.push(v);
    }
  };
  if (!hasHeader) await take(first, -1);
  for await (const rec of eachRecord(table)) await take(rec, row++);
  const rows = row + (hasHeader ? 0 : 1);
  const matrix: Matrix = { rows, cols, data: Float64Array.from(values) };
  return hasHeader ? { matrix, header: first } : { matrix };
}

/**
 * Reads a matrix from .npy (1-D arrays become one column; float64 view of any numeric dtype) or from CSV/TSV.
 * Rows are items, columns are features or classes.
 */
export async function readMatrix(
  path: string,
  options: ReadMatrixCsvOptions = {},
): Promise<ReadMatrixResult> {
  if (!logicalName(path).endsWith(".npy")) return readMatrixCsv(path, options);
  const arr = await readNpy(path);
  if (arr.shape.length > 2 || arr.shape.length === 0) {
    throw new VoxIoError(
      "BAD_NPY",
      { path, column: "shape" },
      `expected a 1-D or 2-D array, found shape (${arr.shape.join(", ")})`,
    );
  }
  const [rows, cols = 1] = arr.shape as [number, number?];
  return { matrix: { rows, cols, data: npyToFloat64(arr) } };
}

/** Writes a matrix as .npy (float64, or float32 with `float32`) or CSV/TSV by extension, atomically. */
export async function writeMatrix(
  path: string,
  m: Matrix,
  options: { header?: readonly string[]; float32?: boolean; signal?: AbortSignal | undefined } = {},
): Promise<void> {
  if (logicalName(path).endsWith(".npy")) {
    await writeNpy(path, {
      data: options.float32 ? Float32Array.from(m.data) : m.data,
      shape: [m.rows, m.cols],
    });
    return;
  }
  const sep = logicalName(path).endsWith(".tsv") ? "\t" : ",";
  await withAtomicWriter(
    path,
    async (out) => {
      if (options.header) await writeChunk(out, `${options.header.join(sep)}\n`);
      for (let i = 0; i < m.rows; i++) {
        const cells: string[] = [];
        for (let j = 0; j < m.cols; j++) cells.push(String(m.data[i * m.cols + j]));
        await writeChunk(out, `${cells.join(sep)}\n`);
        if (i % 4096 === 0) throwIfAborted(options.signal, path);
      }
    },
    options.signal,
  );
}
