import type { TopKOptions, TopKResult } from "./backend.js";
import { forEachDistanceTile } from "./distanceTiles.js";
import type { FloatArray, Matrix } from "./matrix.js";
import { NeighbourHeap } from "./neighbourHeap.js";
import { resolveTopK } from "./neighbourOptions.js";

/**
 * The k nearest reference rows of every query row (exact brute force), nearest first with equal distances ordered
 * by reference index. Distances are computed tile by tile (256 × 1024) and merged into a bounded heap per query,
 * so memory stays O(nq·k) whatever the sizes: 100k × 100k never materialises. O(nq·nr·d + nq·nr·log k) time.
 */
export function topKNeighbours(
  queries: Matrix<FloatArray>,
  refs: Matrix<FloatArray>,
  options: TopKOptions = {},
): TopKResult {
  const { k, metric, excludeSelf, selfOffset } = resolveTopK(queries, refs, options);
  const heap = new NeighbourHeap(queries.rows, k);
  if (k === 0) return heap.finish();
  forEachDistanceTile(queries, refs, {
    metric,
    visit: ({ d, i0, m, j0, n }) => {
      for (let i = 0; i < m; i++) {
        const q = i0 + i;
        let bound = heap.bound(q);
        for (let j = 0, p = i * n; j < n; j++, p++) {
          const v = d[p]!;
          // Equal to the bound can still win on a lower index; the heap decides.
          if (v > bound) continue;
          const r = j0 + j;
          if (excludeSelf && r === q + selfOffset) continue;
          heap.push(q, v, r);
          bound = heap.bound(q);
        }
      }
    },
  });
  return heap.finish();
}
