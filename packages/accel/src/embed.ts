// Sentence embeddings from a local model folder through @huggingface/transformers (feature-extraction pipeline,
// mean pooling over the attention mask, L2 normalisation). Remote loading is switched off: nothing downloads.
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { FeatureExtractionPipeline } from "@huggingface/transformers";
import type { Matrix } from "@vox/core";

/** Model file precisions, by the suffix transformers.js expects in `onnx/model{suffix}.onnx`, preferred first. */
const PRECISIONS = [
  ["fp32", ""],
  ["q8", "_quantized"],
  ["fp16", "_fp16"],
  ["int8", "_int8"],
  ["uint8", "_uint8"],
  ["q4", "_q4"],
  ["q4f16", "_q4f16"],
  ["bnb4", "_bnb4"],
] as const;

/** A model file precision transformers.js can load (`fp32` reads onnx/model.onnx, `q8` model_quantized.onnx …). */
export type EmbeddingPrecision = (typeof PRECISIONS)[number][0];

/** What `inspectModelFolder` found. */
export interface ModelFolder {
  /** Absolute path of the folder. */
  dir: string;
  /** Precisions whose ONNX file is present, preferred first. */
  precisions: EmbeddingPrecision[];
}

/** A model folder that cannot be used (missing files); the message says which and where. */
export class ModelFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelFolderError";
  }
}

/**
 * Checks that `dir` is a transformers.js model folder: config.json, tokenizer.json and at least one
 * onnx/model*.onnx. Throws a ModelFolderError naming what is missing.
 */
export function inspectModelFolder(dir: string): ModelFolder {
  const abs = resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory())
    throw new ModelFolderError(`${dir}: no such model folder`);
  for (const f of ["config.json", "tokenizer.json"])
    if (!existsSync(join(abs, f)))
      throw new ModelFolderError(`${dir}: missing ${f} (not a transformers.js model folder)`);
  const files = existsSync(join(abs, "onnx")) ? readdirSync(join(abs, "onnx")) : [];
  const precisions = PRECISIONS.filter(([, suffix]) => files.includes(`model${suffix}.onnx`)).map(([p]) => p);
  if (precisions.length === 0)
    throw new ModelFolderError(
      `${dir}: no ONNX model (expected onnx/model.onnx or onnx/model_quantized.onnx)`,
    );
  return { dir: abs, precisions };
}

/** Options of `loadEmbedder`. */
export interface LoadEmbedderOptions {
  /** Which model file to load. Default: the first present of fp32, q8, fp16, int8, uint8, q4, q4f16, bnb4. */
  precision?: EmbeddingPrecision;
  /** onnxruntime threads per operator (0: its choice). Default 0. */
  threads?: number;
}

/** Options of `Embedder.embed` and `embedTexts`. */
export interface EmbedOptions {
  /** Texts per forward pass. Default 32. */
  batchSize?: number;
  /** Called after each batch with the number of texts embedded so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches; the promise then rejects with the signal's reason (an AbortError by default). */
  signal?: AbortSignal;
}

/** A loaded embedding model. */
export interface Embedder {
  /** The model folder. */
  readonly dir: string;
  /** The precision loaded. */
  readonly precision: EmbeddingPrecision;
  /**
   * One unit-length Float32 row per text (texts × dimension), in input order. Texts are batched by length, so
   * little compute goes to padding; the masked mean pooling makes each row independent of its batch.
   */
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Matrix<Float32Array>>;
  /** Releases the onnxruntime session. */
  dispose(): Promise<void>;
}

/**
 * Loads a local sentence-embedding model (a folder with config.json, tokenizer.json and onnx/model*.onnx, as the
 * Hugging Face Hub's transformers.js exports are laid out). Remote loading is off: a missing file is an error,
 * never a download.
 */
export async function loadEmbedder(dir: string, options: LoadEmbedderOptions = {}): Promise<Embedder> {
  const folder = inspectModelFolder(dir);
  const precision = options.precision ?? folder.precisions[0]!;
  if (!folder.precisions.includes(precision))
    throw new ModelFolderError(`${dir}: no ${precision} model file (found ${folder.precisions.join(", ")})`);
  // Loaded on first use: importing @vox/accel for its kernels should not pay for the transformers library.
  const { env, pipeline } = await import("@huggingface/transformers");
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(folder.dir);
  env.useFSCache = false;
  const extractor = (await pipeline("feature-extraction", basename(folder.dir), {
    local_files_only: true,
    device: "cpu",
    dtype: precision,
    session_options: { intraOpNumThreads: options.threads ?? 0 },
  })) as FeatureExtractionPipeline;
  return {
    dir: folder.dir,
    precision,
    embed: (texts, o) => embedWith(extractor, texts, o),
    dispose: () => extractor.dispose(),
  };
}

async function embedWith(
  extractor: FeatureExtractionPipeline,
  texts: readonly string[],
  options: EmbedOptions = {},
): Promise<Matrix<Float32Array>> {
  const { batchSize = 32, onProgress, signal } = options;
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new RangeError(`batchSize must be an integer ≥ 1 (got ${batchSize})`);
  // Longest first: similar lengths share a batch (less padding), and a too-long text fails early.
  const order = Array.from(texts.keys()).sort((a, b) => texts[b]!.length - texts[a]!.length || a - b);
  let data = new Float32Array(0);
  let dim = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    signal?.throwIfAborted();
    const idx = order.slice(start, start + batchSize);
    const out = await extractor(
      idx.map((i) => texts[i]!),
      { pooling: "mean", normalize: true },
    );
    const values = out.data as Float32Array;
    if (start === 0) {
      dim = out.dims[1]!;
      data = new Float32Array(texts.length * dim);
    }
    idx.forEach((i, t) => {
      data.set(values.subarray(t * dim, (t + 1) * dim), i * dim);
    });
    onProgress?.(Math.min(start + batchSize, order.length), order.length);
  }
  signal?.throwIfAborted();
  return { rows: texts.length, cols: dim, data };
}

/**
 * Embeds `texts` with the model in `dir` (loads it, embeds, releases it): unit-length rows, mean pooling, Float32.
 * For several calls on one model, `loadEmbedder` once and call `embed`.
 */
export async function embedTexts(
  dir: string,
  texts: readonly string[],
  options: EmbedOptions & LoadEmbedderOptions = {},
): Promise<Matrix<Float32Array>> {
  const embedder = await loadEmbedder(dir, options);
  try {
    return await embedder.embed(texts, options);
  } finally {
    await embedder.dispose();
  }
}
