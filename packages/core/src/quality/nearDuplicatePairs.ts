import type { LinalgBackend, RadiusResult } from "../linalg/backend.js";
import { type Features, isCsr } from "../linalg/csr.js";
import { radiusNeighboursInChunks } from "../linalg/radiusNeighboursInChunks.js";
import { knnGraph } from "./knnGraph.js";

/** Options of `nearDuplicatePairs`. */
export interface NearDuplicatePairsOptions {
  /** Cosine similarity at or above which two rows are near duplicates (distance ≤ 1 − similarity). Default 0.95. */
  similarity?: number;
  /** Sparse rows: neighbours examined per row (the pairs are those among them within the radius). Default 10. */
  k?: number;
  /** Backend for dense rows. Default: `getBackend()`. */
  backend?: LinalgBackend;
  signal?: { readonly aborted: boolean; readonly reason?: unknown };
  onProgress?: (done: number, total: number) => void;
}

/**
 * Every pair of rows whose cosine similarity is ≥ `similarity`, as a radius-neighbour CSR of the rows against
 * themselves (self excluded), nearest first. Dense rows (embeddings): an exact radius search through the backend in
 * blocks of rows, O(N²·d). Sparse rows (TF-IDF): the k nearest by the inverted index, kept when within the radius,
 * so a row links to at most k others (larger groups still join up through `duplicateSets`' union–find).
 */
export async function nearDuplicatePairs(
  features: Features,
  options: NearDuplicatePairsOptions = {},
): Promise<RadiusResult> {
  const { similarity = 0.95, k = 10, backend, signal, onProgress } = options;
  if (!(similarity >= -1 && similarity <= 1))
    throw new RangeError(`similarity must be in [-1, 1] (got ${similarity})`);
  const radius = 1 - similarity;
  const extra = { ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) };
  if (!isCsr(features))
    return radiusNeighboursInChunks(features, features, {
      radius,
      metric: "cosine",
      excludeSelf: true,
      ...(backend ? { backend } : {}),
      ...extra,
    });
  const n = features.rows;
  const graph = await knnGraph(features, { k: Math.min(k, n - 1), ...extra });
  const indptr = new Int32Array(n + 1);
  const kk = graph.k;
  for (let i = 0; i < n; i++) {
    let c = 0;
    while (c < kk && graph.distances[i * kk + c]! <= radius) c++;
    indptr[i + 1] = indptr[i]! + c;
  }
  const indices = new Int32Array(indptr[n]!);
  const distances = new Float64Array(indptr[n]!);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < indptr[i + 1]! - indptr[i]!; c++) {
      indices[indptr[i]! + c] = graph.indices[i * kk + c]!;
      distances[indptr[i]! + c] = Math.max(0, graph.distances[i * kk + c]!);
    }
  return { indptr, indices, distances };
}
