// Readers for the confident-learning and training-dynamics reference files in ../shared/data (cleanlab-ref,
// training-dynamics), for the quality/ tests. Plain synchronous parsing: the files are small and well formed.
import { readFileSync } from "node:fs";
import { sharedData } from "./index.js";

/** A CSV under ../shared/data as a header and rows of cells (no quoting in these files). */
export function readSharedCsv(...parts: string[]): { header: string[]; rows: string[][] } {
  const lines = readFileSync(sharedData(...parts), "utf8")
    .trimEnd()
    .split("\n");
  return { header: lines[0]!.split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}

/** One numeric column of a shared CSV, by name. */
export function sharedColumn(file: string[], name: string): Float64Array {
  const { header, rows } = readSharedCsv(...file);
  const j = header.indexOf(name);
  if (j < 0) throw new Error(`${file.join("/")} has no column ${name}`);
  return Float64Array.from(rows, (r) => Number(r[j]));
}

/** A numeric shared CSV as a row-major matrix (header row skipped; empty cells become NaN). */
export function sharedMatrix(...parts: string[]): { rows: number; cols: number; data: Float64Array } {
  const { header, rows } = readSharedCsv(...parts);
  const cols = header.length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    for (let j = 0; j < cols; j++)
      data[i * cols + j] = r[j] === "" || r[j] === "nan" ? Number.NaN : Number(r[j]);
  });
  return { rows: rows.length, cols, data };
}

/** A JSON file under ../shared/data. */
export function sharedJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedData(...parts), "utf8")) as T;
}

/** A CSV without a header line (the kNN files), as a matrix. */
export function sharedHeaderlessMatrix(...parts: string[]): {
  rows: number;
  cols: number;
  data: Float64Array;
} {
  const lines = readFileSync(sharedData(...parts), "utf8")
    .trimEnd()
    .split("\n");
  const cols = lines[0]!.split(",").length;
  const data = new Float64Array(lines.length * cols);
  lines.forEach((l, i) => {
    const cells = l.split(",");
    for (let j = 0; j < cols; j++) data[i * cols + j] = Number(cells[j]);
  });
  return { rows: lines.length, cols, data };
}

/**
 * The cartography-format dynamics under training-dynamics/VARIANT/training_dynamics (K3 or K4_threshold), read
 * synchronously: logits as Float64 epochs × examples × classes, examples in epoch 0's order.
 */
export function sharedDynamics(variant: "K3" | "K4_threshold") {
  const epochs = 20;
  let gold: number[] = [];
  let k = 0;
  const all: number[][] = [];
  for (let e = 0; e < epochs; e++) {
    const path = sharedData("training-dynamics", variant, "training_dynamics", `dynamics_epoch_${e}.jsonl`);
    const rows = readFileSync(path, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    if (e === 0) gold = rows.map((r) => r.gold as number);
    all.push(rows.flatMap((r) => r[`logits_epoch_${e}`] as number[]));
    k = (rows[0]![`logits_epoch_${e}`] as number[]).length;
  }
  return {
    epochs,
    examples: gold.length,
    classes: k,
    logits: Float64Array.from(all.flat()),
    gold: Int32Array.from(gold),
  };
}
