import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "./atomic.js";
import { VoxIoError } from "./errors.js";
import { checkFile } from "./source.js";

/** The container format version this vox writes and reads. */
export const MODEL_FILE_VERSION = 1;

/** Typed arrays a model file stores. */
export type ModelArray = Float64Array | Float32Array | Int32Array;

const DTYPES = {
  float64: { size: 8, make: (b: ArrayBuffer, o: number, n: number) => new Float64Array(b, o, n) },
  float32: { size: 4, make: (b: ArrayBuffer, o: number, n: number) => new Float32Array(b, o, n) },
  int32: { size: 4, make: (b: ArrayBuffer, o: number, n: number) => new Int32Array(b, o, n) },
} as const;
type Dtype = keyof typeof DTYPES;

function dtypeOf(a: ModelArray): Dtype {
  return a instanceof Float64Array ? "float64" : a instanceof Float32Array ? "float32" : "int32";
}

/** What a model file holds: JSON metadata and named typed arrays. */
export interface ModelBundle {
  /** What the model is (kind, sizes, settings, class names…): anything JSON can hold. */
  meta: unknown;
  /** Large numbers (weights, idf, training rows), stored in the binary file. */
  arrays: Record<string, ModelArray>;
}

/** The binary file that goes with a model's JSON file: `model.json` → `model.bin`. */
export function binaryPathFor(jsonPath: string): string {
  return join(dirname(jsonPath), `${basename(jsonPath).replace(/\.json$/i, "")}.bin`);
}

/**
 * Writes a model as two files: `NAME.json` (format, version, metadata, and where each array lies) and `NAME.bin`
 * (the arrays, little-endian, each starting at a multiple of 8 bytes). Both are written atomically, the binary
 * first, so a reader never sees a JSON file whose binary is missing.
 */
export async function writeModelFile(path: string, bundle: ModelBundle): Promise<void> {
  if (!/\.json$/i.test(path)) throw new VoxIoError("UNSUPPORTED", { path }, "a model file must end in .json");
  const entries = Object.entries(bundle.arrays);
  const index: Record<string, { dtype: Dtype; offset: number; length: number }> = {};
  let offset = 0;
  for (const [name, a] of entries) {
    index[name] = { dtype: dtypeOf(a), offset, length: a.length };
    offset += Math.ceil(a.byteLength / 8) * 8;
  }
  const bin = new Uint8Array(offset);
  for (const [name, a] of entries)
    bin.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), index[name]!.offset);
  const binPath = binaryPathFor(path);
  await writeFileAtomic(binPath, bin);
  const json = {
    format: "vox-model",
    version: MODEL_FILE_VERSION,
    binary: basename(binPath),
    binaryBytes: offset,
    arrays: index,
    meta: bundle.meta,
  };
  await writeFileAtomic(path, `${JSON.stringify(json, null, 1)}\n`);
}

/**
 * Reads a model written by `writeModelFile`. A file that is not a vox model, a version this vox does not read, or a
 * binary file of the wrong size is a VoxIoError naming the file and what to do.
 */
export async function readModelFile(path: string): Promise<ModelBundle> {
  checkFile(path);
  let json: {
    format?: unknown;
    version?: unknown;
    binary?: unknown;
    binaryBytes?: unknown;
    arrays?: Record<string, { dtype: string; offset: number; length: number }>;
    meta?: unknown;
  };
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw new VoxIoError(
      "BAD_VALUE",
      { path, cause: e },
      `not a vox model file (invalid JSON: ${(e as Error).message})`,
    );
  }
  if (typeof json !== "object" || json === null || json.format !== "vox-model")
    throw new VoxIoError(
      "BAD_VALUE",
      { path, column: "format" },
      'not a vox model file (no "format": "vox-model")',
    );
  if (json.version !== MODEL_FILE_VERSION) {
    const v = JSON.stringify(json.version);
    const newer = typeof json.version === "number" && json.version > MODEL_FILE_VERSION;
    throw new VoxIoError(
      "UNSUPPORTED",
      { path, column: "version" },
      newer
        ? `model file format version ${v} was written by a newer vox; this vox reads version ${MODEL_FILE_VERSION} (upgrade vox)`
        : `model file format version ${v} is not supported; this vox reads version ${MODEL_FILE_VERSION} (train the model again with vox train)`,
    );
  }
  if (
    typeof json.binary !== "string" ||
    typeof json.binaryBytes !== "number" ||
    typeof json.arrays !== "object"
  )
    throw new VoxIoError("BAD_VALUE", { path }, "model file lacks its binary, binaryBytes or arrays entries");
  const binPath = join(dirname(path), json.binary);
  checkFile(binPath);
  const bytes = await readFile(binPath);
  if (bytes.length !== json.binaryBytes)
    throw new VoxIoError(
      "TRUNCATED",
      { path: binPath },
      `expected ${json.binaryBytes} bytes as ${basename(path)} says, found ${bytes.length} (copy both files together)`,
    );
  // A private, 8-byte-aligned copy so every typed-array view is aligned.
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  const arrays: Record<string, ModelArray> = {};
  for (const [name, e] of Object.entries(json.arrays)) {
    const d = DTYPES[e.dtype as Dtype];
    if (!d || e.offset % 8 !== 0 || e.offset + e.length * d.size > buffer.byteLength)
      throw new VoxIoError(
        "BAD_VALUE",
        { path, column: `arrays.${name}` },
        `bad array entry ${JSON.stringify(e)}`,
      );
    arrays[name] = d.make(buffer, e.offset, e.length);
  }
  return { meta: json.meta, arrays };
}
