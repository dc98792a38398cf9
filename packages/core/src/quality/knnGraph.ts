import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { type ChunkedTopKOptions, topKNeighboursInChunks } from "../linalg/topKNeighboursInChunks.js";
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
 * O(N²·d) time, O(N·k) memory.
 */
export async function knnGraph(
  features: Matrix<FloatArray>,
  options: KnnGraphOptions = {},
): Promise<KnnGraph> {
  const { correctDuplicates = true, k = 10, metric = "cosine", ...search } = options;
  if (features.rows < 2) throw new RangeError(`a kNN graph needs at least 2 rows (got ${features.rows})`);
  const graph = await topKNeighboursInChunks(features, features, { ...search, k, metric, excludeSelf: true });
  return correctDuplicates ? correctKnnDuplicates(graph, exactDuplicateRows(features)) : graph;
}
