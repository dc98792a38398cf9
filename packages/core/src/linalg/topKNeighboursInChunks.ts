import type { LinalgBackend, TopKOptions, TopKResult } from "./backend.js";
import type { FloatArray, Matrix } from "./matrix.js";
import { getBackend } from "./registry.js";

// A web-standard global (browsers, Node, Deno); core's compiler settings declare no host APIs.
declare const setTimeout: (callback: () => void, ms: number) => unknown;

/** Options of `topKNeighboursInChunks`. */
export interface ChunkedTopKOptions extends TopKOptions {
  /** Backend to search with. Default: `getBackend()`. */
  backend?: LinalgBackend;
  /** Query rows per backend call. Default 4096. */
  chunkRows?: number;
  /** Checked between chunks: once aborted, the promise rejects with the signal's reason. */
  signal?: { readonly aborted: boolean; readonly reason?: unknown };
  /** Called after each chunk with the queries done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * `topKNeighbours` over blocks of query rows, returning to the event loop between blocks so that a long search
 * (100k × 100k takes about a minute even on onnxruntime) shows progress and stops on Ctrl-C. Rows are independent,
 * so the result equals one `topKNeighbours` call; `excludeSelf` carries over through `selfOffset`.
 * O(nq·nr·d) time, O(nq·k) memory.
 */
export async function topKNeighboursInChunks(
  queries: Matrix<FloatArray>,
  refs: Matrix<FloatArray>,
  options: ChunkedTopKOptions = {},
): Promise<TopKResult> {
  const { backend = getBackend(), chunkRows = 4096, signal, onProgress, ...search } = options;
  if (!(Number.isInteger(chunkRows) && chunkRows >= 1))
    throw new RangeError(`chunkRows must be an integer ≥ 1 (got ${chunkRows})`);
  const baseOffset = search.selfOffset ?? 0;
  // The first call validates everything and fixes k (capped by the number of references).
  const firstRows = Math.min(chunkRows, queries.rows);
  const view = (i0: number, n: number) => ({
    rows: n,
    cols: queries.cols,
    data: queries.data.subarray(i0 * queries.cols, (i0 + n) * queries.cols),
  });
  const first = backend.topKNeighbours(view(0, firstRows), refs, search);
  const k = first.k;
  const indices = new Int32Array(queries.rows * k);
  const distances = new Float64Array(queries.rows * k);
  indices.set(first.indices);
  distances.set(first.distances);
  onProgress?.(firstRows, queries.rows);
  for (let i0 = firstRows; i0 < queries.rows; i0 += chunkRows) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (signal?.aborted) throw signal.reason ?? new Error("aborted");
    const n = Math.min(chunkRows, queries.rows - i0);
    const part = backend.topKNeighbours(view(i0, n), refs, { ...search, selfOffset: baseOffset + i0 });
    indices.set(part.indices, i0 * k);
    distances.set(part.distances, i0 * k);
    onProgress?.(i0 + n, queries.rows);
  }
  return { k, indices, distances };
}
