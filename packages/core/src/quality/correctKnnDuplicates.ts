import type { KnnGraph } from "./knnOutlierScores.js";

/**
 * Makes exact duplicates each other's nearest neighbours at distance 0, as cleanlab 2.9's
 * `correct_knn_distances_and_indices` does (floating-point rounding can leave a tiny non-zero distance, or push a
 * copy out of the k nearest when many rows tie): row i's first min(copies, k) slots become its other copies in
 * ascending index order at distance 0, and the remaining slots keep its original neighbours that are not copies,
 * in order. `group` is `exactDuplicateRows`' output. Returns a new graph; O(N·k + Σ copies).
 */
export function correctKnnDuplicates(graph: KnnGraph, group: Int32Array): KnnGraph {
  const { k } = graph;
  const n = group.length;
  if (graph.indices.length !== n * k)
    throw new RangeError(`the kNN graph has ${graph.indices.length / k} rows but group has ${n}`);
  // members of each group in ascending order, as CSR over group representatives
  const count = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) count[group[i]! + 1]!++;
  for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
  const next = count.slice(0, n);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[next[group[i]!]!++] = i;
  const indices = Int32Array.from(graph.indices);
  const distances = Float64Array.from(graph.distances);
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    const start = count[g]!;
    const size = count[g + 1]! - start;
    if (size <= 1) continue;
    const base = i * k;
    let slot = 0;
    for (let m = start; m < start + size && slot < k; m++) {
      const j = members[m]!;
      if (j === i) continue;
      indices[base + slot] = j;
      distances[base + slot++] = 0;
    }
    for (let s = 0; s < k && slot < k; s++) {
      const j = graph.indices[base + s]!;
      if (group[j] === g) continue;
      indices[base + slot] = j;
      distances[base + slot++] = graph.distances[base + s]!;
    }
  }
  return { k, indices, distances };
}
