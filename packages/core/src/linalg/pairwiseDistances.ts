import type { PairwiseOptions } from "./backend.js";
import { assertMetric, assertRowSets, forEachDistanceTile } from "./distanceTiles.js";
import type { FloatArray, Matrix } from "./matrix.js";

/**
 * The x.rows × y.rows matrix of distances between the rows of x and the rows of y (squared Euclidean or cosine;
 * see `DistanceMetric`), Float32 when both inputs are Float32. Materialises the whole matrix: for large sets use
 * `topKNeighbours` or `radiusNeighbours`, which work tile by tile. O(nx·ny·d) time, O(nx·ny) memory.
 */
export function pairwiseDistances(
  x: Matrix<FloatArray>,
  y: Matrix<FloatArray>,
  options: PairwiseOptions = {},
): Matrix<FloatArray> {
  const { metric = "sqeuclidean" } = options;
  assertMetric(metric);
  assertRowSets(x, y, ["x", "y"]);
  const cols = y.rows;
  const size = x.rows * cols;
  const f32 = x.data instanceof Float32Array && y.data instanceof Float32Array;
  const out = f32 ? new Float32Array(size) : new Float64Array(size);
  forEachDistanceTile(x, y, {
    metric,
    visit: ({ d, i0, m, j0, n }) => {
      for (let i = 0; i < m; i++) {
        const o = (i0 + i) * cols + j0;
        for (let j = 0; j < n; j++) out[o + j] = d[i * n + j]!;
      }
    },
  });
  return { rows: x.rows, cols, data: out };
}
