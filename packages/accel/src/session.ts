// Synchronous onnxruntime sessions over in-memory models, cached by a key that names the graph (op, dtype, flags).
//
// onnxruntime-node's public API is asynchronous, but the native binding under it runs synchronously (its typings
// say so: "a simple synchronized inference session object wrap"); the public run() only defers it with
// setImmediate. vox's linalg interface is synchronous (models call it inside their training loops), so this module
// drives the binding directly. The version is pinned exactly in package.json, and the differential tests load
// and run real sessions, so a change of that internal surface fails the tests, not a user's run.
import { Tensor } from "onnxruntime-node";
import { binding, initOrt } from "onnxruntime-node/dist/binding.js";
import { encodeModel, type OnnxGraph } from "./onnx/model.js";

/** A typed array onnxruntime can read or write. */
export type OrtData = Float32Array | Float64Array | BigInt64Array | Int32Array;

/** A loaded model that runs synchronously. */
export interface SyncSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /**
   * Runs the model. `outputs` may pre-allocate output tensors (results are then written straight into them);
   * returns every output.
   */
  run(feeds: Record<string, Tensor>, outputs?: Record<string, Tensor>): Record<string, Tensor>;
  dispose(): void;
}

/** Options of `createSession`. */
export interface SessionOptions {
  /** Threads for one operator (0: onnxruntime's choice, one per physical core). Default 0. */
  threads?: number;
}

/** Loads an ONNX model (its bytes) on the CPU execution provider, with every graph optimisation on. */
export function createSession(model: Uint8Array, options: SessionOptions = {}): SyncSession {
  initOrt();
  const s = new binding.InferenceSession();
  s.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    intraOpNumThreads: options.threads ?? 0,
  });
  const inputNames = s.inputMetadata.map((m) => m.name);
  const outputNames = s.outputMetadata.map((m) => m.name);
  return {
    inputNames,
    outputNames,
    run(feeds, outputs = {}) {
      const fetches: Record<string, Tensor | null> = {};
      for (const name of outputNames) fetches[name] = outputs[name] ?? null;
      const res = s.run(feeds, fetches, {}) as Record<string, Tensor>;
      return res;
    },
    dispose: () => s.dispose(),
  };
}

/** A tensor over `data` (no copy) with the given dims. */
export function tensor(data: OrtData, dims: readonly number[]): Tensor {
  const type =
    data instanceof Float32Array
      ? "float32"
      : data instanceof Float64Array
        ? "float64"
        : data instanceof Int32Array
          ? "int32"
          : "int64";
  return new Tensor(type, data, dims);
}

/**
 * Sessions by key, built on first use from the graph `build()` returns; the least recently used are disposed
 * beyond `capacity`. Keys name everything that changes the graph (op, dtype, transposes, constants): shapes are
 * symbolic, so one session serves every size.
 */
export class SessionCache {
  private readonly sessions = new Map<string, SyncSession>();

  constructor(private readonly options: SessionOptions & { capacity?: number } = {}) {}

  /** The session for `key`, building it with `build` if needed. */
  get(key: string, build: () => OnnxGraph): SyncSession {
    const hit = this.sessions.get(key);
    if (hit) {
      this.sessions.delete(key);
      this.sessions.set(key, hit);
      return hit;
    }
    const s = createSession(encodeModel(build()), this.options);
    this.sessions.set(key, s);
    const capacity = this.options.capacity ?? 64;
    for (const [k, old] of this.sessions) {
      if (this.sessions.size <= capacity) break;
      old.dispose();
      this.sessions.delete(k);
    }
    return s;
  }

  /** How many sessions are loaded. */
  get size(): number {
    return this.sessions.size;
  }

  /** Disposes every session. */
  clear(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
  }
}
