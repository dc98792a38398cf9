import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { type TrainingDynamics, trainingDynamics } from "@vox/core";
import { VoxIoError } from "./errors.js";
import { openSource, type SourceOptions } from "./source.js";

/** Options for `readTrainingDynamics`. */
export interface ReadTrainingDynamicsOptions extends SourceOptions {
  /** Store logits as Float32 (half the memory, as cartography records them). Default false: Float64. */
  float32?: boolean;
}

const EPOCH_FILE = /^dynamics_epoch_(\d+)\.jsonl(\.gz)?$/;

/**
 * Reads training dynamics in allenai/cartography's format: a folder of `dynamics_epoch_E.jsonl` files (E = 0, 1,
 * …; `.gz` allowed), one line per example `{"guid": …, "logits_epoch_E": [K numbers], "gold": label}`. PATH may
 * be that folder or one containing `training_dynamics/`. Examples keep the order of epoch 0's file; later epochs
 * may list them in any order (matched by guid). A missing epoch, an unknown or repeated guid, or a row with the
 * wrong number of logits is BAD_VALUE with the file and line.
 */
export async function readTrainingDynamics(
  path: string,
  options: ReadTrainingDynamicsOptions = {},
): Promise<TrainingDynamics> {
  const dir = resolveFolder(path);
  const files = new Map<number, string>();
  for (const name of readdirSync(dir)) {
    const m = EPOCH_FILE.exec(name);
    if (m) files.set(Number(m[1]), join(dir, name));
  }
  if (files.size === 0) {
    throw new VoxIoError("NOT_FOUND", { path: dir }, "no dynamics_epoch_E.jsonl files in this folder");
  }
  const epochs = files.size;
  for (let e = 0; e < epochs; e++) {
    if (!files.has(e)) {
      throw new VoxIoError(
        "BAD_VALUE",
        { path: dir },
        `epochs must be numbered 0…${epochs - 1}; epoch ${e} is missing`,
      );
    }
  }
  let ids: string[] = [];
  const index = new Map<string, number>();
  let gold: Int32Array | undefined;
  let k = 0;
  let logits: Float32Array | Float64Array | undefined;
  for (let e = 0; e < epochs; e++) {
    const file = files.get(e)!;
    const key = `logits_epoch_${e}`;
    const rows: { guid: string; values: number[]; gold: number; line: number }[] = [];
    const rl = createInterface({ input: openSource(file, options), crlfDelay: Infinity });
    let line = 0;
    for await (const text of rl) {
      line++;
      if (text.trim() === "") continue;
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new VoxIoError("BAD_VALUE", { path: file, line }, "not a JSON object");
      }
      const values = rec[key] ?? rec.logits;
      if (!Array.isArray(values) || !values.every((v) => typeof v === "number")) {
        throw new VoxIoError(
          "MISSING_COLUMN",
          { path: file, line, column: key },
          "expected an array of numbers",
        );
      }
      const g = rec.gold;
      if (typeof g !== "number" || !Number.isInteger(g) || g < 0) {
        throw new VoxIoError("BAD_VALUE", { path: file, line, column: "gold" }, "expected a class index ≥ 0");
      }
      if (rec.guid === undefined)
        throw new VoxIoError("MISSING_COLUMN", { path: file, line, column: "guid" }, "missing");
      rows.push({ guid: String(rec.guid), values: values as number[], gold: g, line });
    }
    if (e === 0) {
      ids = rows.map((r) => r.guid);
      k = rows[0]?.values.length ?? 0;
      if (rows.length === 0) throw new VoxIoError("EMPTY_FILE", { path: file }, "no examples");
      gold = new Int32Array(rows.length);
      rows.forEach((r, i) => {
        if (index.has(r.guid)) {
          throw new VoxIoError(
            "BAD_VALUE",
            { path: file, line: r.line, column: "guid" },
            `guid ${r.guid} repeats`,
          );
        }
        index.set(r.guid, i);
        gold![i] = r.gold;
      });
      const size = epochs * rows.length * k;
      logits = options.float32 ? new Float32Array(size) : new Float64Array(size);
    }
    if (rows.length !== ids.length) {
      throw new VoxIoError(
        "BAD_VALUE",
        { path: file },
        `has ${rows.length} examples, epoch 0 has ${ids.length}`,
      );
    }
    const seen = new Uint8Array(ids.length);
    for (const r of rows) {
      const i = index.get(r.guid);
      if (i === undefined || seen[i]) {
        const why = i === undefined ? "not in epoch 0" : "repeats";
        throw new VoxIoError(
          "BAD_VALUE",
          { path: file, line: r.line, column: "guid" },
          `guid ${r.guid} ${why}`,
        );
      }
      seen[i] = 1;
      if (r.values.length !== k) {
        throw new VoxIoError(
          "BAD_VALUE",
          { path: file, line: r.line, column: key },
          `expected ${k} logits, found ${r.values.length}`,
        );
      }
      if (r.gold !== gold![i]) {
        throw new VoxIoError(
          "CONFLICT",
          { path: file, line: r.line, column: "gold" },
          `gold ${r.gold} differs from epoch 0 (${gold![i]})`,
        );
      }
      logits!.set(r.values, (e * ids.length + i) * k);
    }
  }
  for (let i = 0; i < gold!.length; i++) {
    if (gold![i]! >= k) {
      throw new VoxIoError(
        "BAD_VALUE",
        { path: files.get(0)!, column: "gold" },
        `gold ${gold![i]} of guid ${ids[i]} has no logit (K = ${k})`,
      );
    }
  }
  return trainingDynamics({ epochs, examples: ids.length, classes: k, logits: logits!, gold: gold!, ids });
}

function resolveFolder(path: string): string {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (e) {
    throw new VoxIoError("NOT_FOUND", { path, cause: e }, "no such file or folder");
  }
  if (!st.isDirectory())
    throw new VoxIoError("UNSUPPORTED", { path }, "expected a folder of dynamics_epoch_E.jsonl files");
  try {
    if (statSync(join(path, "training_dynamics")).isDirectory()) return join(path, "training_dynamics");
  } catch {
    // no training_dynamics/ inside: PATH is the folder itself
  }
  return path;
}
