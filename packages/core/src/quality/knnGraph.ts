import { type Features, isCsr } from "../linalg/csr.js";
import { type ChunkedTopKOptions, topKNeighboursInChunks } from "../linalg/topKNeighboursInChunks.js";
import { knn, knnNeighbours } from "../models/knn.js";
import { correctKnnDuplicates } from "./correctKnnDuplicates.js";
import { exactDuplicateRows } from "./exactDuplicateRows.js";
import type { KnnGraph } from "./knnOutlierScores.js";

/**
 * Options of `knnGraph`: those of `topKNeighboursInChunks` (k default 10, metric default "cosine", cleanlab's
 * choice for more than 3 feature columns; backend, chunkRows, signal, onProgress) without the self options.
 */
export interface KnnGraphOptions extends Omit<ChunkedTopKOptions, "excludeSelf" | "selfOffset"> {
  /** Put exact duplicate rows first at distance 0 (`correctKnnDuplicates`). Default true. */
  correctDuplicates?: boolean;
}

/**
 * The exact k-nearest-neighbour graph of a feature matrix against itself (self excluded), brute force through the
 * linalg backend in blocks of rows, then corrected so exact duplicates are each other's nearest neighbours: the
 * graph cleanlab's Datalab builds (`construct_knn_graph_from_features`) for its outlier and near-duplicate issues.
 * Sparse rows (TF-IDF) take the kNN model's inverted-index search instead (cosine only, one synchronous call, cost
 * the number of row pairs sharing a term). O(N²·d) time dense, O(N·k) memory.
 */
export async function knnGraph(features: Features, options: KnnGraphOptions = {}): Promise<KnnGraph> {
  const { correctDuplicates = true, k = 10, metric = "cosine", ...search } = options;
  if (features.rows < 2) throw new RangeError(`a kNN graph needs at least 2 rows (got ${features.rows})`);
  let graph: KnnGraph;
  if (isCsr(features)) {
    if (metric !== "cosine")
      throw new RangeError(`sparse features support only the cosine metric (got ${metric})`);
    const { model } = knn(features, new Int32Array(features.rows), { classes: 1, k, metric: "cosine" });
    graph = knnNeighbours(model, features, { k, skipSelf: true });
    search.onProgress?.(features.rows, features.rows);
  } else {
    graph = await topKNeighboursInChunks(features, features, { ...search, k, metric, excludeSelf: true });
  }
  return correctDuplicates ? correctKnnDuplicates(graph, exactDuplicateRows(features)) : graph;
}
