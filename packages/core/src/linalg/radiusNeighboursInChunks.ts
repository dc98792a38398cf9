import type { LinalgBackend, RadiusOptions, RadiusResult } from "./backend.js";
import type { FloatArray, Matrix } from "./matrix.js";
import { getBackend } from "./registry.js";
import type { ChunkedTopKOptions } from "./topKNeighboursInChunks.js";

// A web-standard global (browsers, Node, Deno); core's compiler settings declare no host APIs.
declare const setTimeout: (callback: () => void, ms: number) => unknown;

/** Options of `radiusNeighboursInChunks`: the radius search's plus the chunking ones of `topKNeighboursInChunks`. */
export interface ChunkedRadiusOptions
  extends RadiusOptions,
    Pick<ChunkedTopKOptions, "chunkRows" | "signal" | "onProgress"> {
  /** Backend to search with. Default: `getBackend()`. */
  backend?: LinalgBackend;
}

/**
 * `radiusNeighbours` over blocks of query rows through the backend, returning to the event loop between blocks
 * (progress, Ctrl-C), the blocks' CSR results concatenated. Equals one call; `excludeSelf` carries over through
 * `selfOffset`. O(nq·nr·d) time, O(nq + matches) memory.
 */
export async function radiusNeighboursInChunks(
  queries: Matrix<FloatArray>,
  refs: Matrix<FloatArray>,
  options: ChunkedRadiusOptions,
): Promise<RadiusResult> {
  const { backend = getBackend(), chunkRows = 4096, signal, onProgress, ...search } = options;
  if (!(Number.isInteger(chunkRows) && chunkRows >= 1))
    throw new RangeError(`chunkRows must be an integer ≥ 1 (got ${chunkRows})`);
  const baseOffset = search.selfOffset ?? 0;
  const parts: RadiusResult[] = [];
  let matches = 0;
  if (queries.rows === 0) return backend.radiusNeighbours(queries, refs, search);
  for (let i0 = 0; i0 < queries.rows; i0 += chunkRows) {
    if (i0 > 0) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
    }
    const n = Math.min(chunkRows, queries.rows - i0);
    const view = {
      rows: n,
      cols: queries.cols,
      data: queries.data.subarray(i0 * queries.cols, (i0 + n) * queries.cols),
    };
    const part = backend.radiusNeighbours(view, refs, { ...search, selfOffset: baseOffset + i0 });
    parts.push(part);
    matches += part.indices.length;
    onProgress?.(i0 + n, queries.rows);
  }
  const indptr = new Int32Array(queries.rows + 1);
  const indices = new Int32Array(matches);
  const distances = new Float64Array(matches);
  let row = 0;
  let at = 0;
  for (const part of parts) {
    const rows = part.indptr.length - 1;
    for (let i = 1; i <= rows; i++) indptr[row + i] = at + part.indptr[i]!;
    indices.set(part.indices, at);
    distances.set(part.distances, at);
    row += rows;
    at += part.indices.length;
  }
  return { indptr, indices, distances };
}
