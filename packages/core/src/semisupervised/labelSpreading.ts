import { assertFiniteInRange } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import {
  affinityGraph,
  checkPartialLabels,
  type GraphOptions,
  type GraphSslResult,
  graphColumnSums,
  iterateLabels,
  mapGraph,
  oneHotPartial,
} from "./graph.js";

/** Options for `labelSpreading`. */
export interface LabelSpreadingOptions extends GraphOptions {
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /** Share of each step taken from the neighbours, in (0, 1); 1 − α comes from the initial labels. Default 0.2. */
  alpha?: number;
  /** Maximum iterations. Default 30 (scikit-learn's). */
  maxIter?: number;
  /** Stop when Σ|Y_t − Y_{t−1}| < tol. Default 1e-3. */
  tol?: number;
}

/**
 * Label spreading (Zhou, Bousquet, Lal, Weston & Schölkopf 2004, "Learning with local and global consistency",
 * NIPS 16, §2 algorithm): S = D^{−1/2}·W·D^{−1/2} with W's diagonal removed and D its column sums (scipy's normalised
 * Laplacian, in-degree), then Y ← α·S·Y + (1 − α)·Y₀ until Σ|ΔY| < tol; rows normalised at the end. Labeled rows are
 * not clamped (they may change: the "soft clamping" that tolerates label noise). Matches scikit-learn 1.2.1's
 * `LabelSpreading`. O(iterations · nnz(W) · K).
 */
export function labelSpreading(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  options: LabelSpreadingOptions = {},
): GraphSslResult {
  const k = checkPartialLabels(x.rows, labels, options.classes);
  const { alpha = 0.2, maxIter = 30, tol = 1e-3 } = options;
  assertFiniteInRange(alpha, "alpha", { min: 0, max: 1 });
  if (alpha === 0 || alpha === 1)
    throw new RangeError(`alpha must be strictly between 0 and 1 (got ${alpha})`);
  const graph = affinityGraph(x, options);
  mapGraph(graph, (i, j, v) => (i === j ? 0 : v));
  const degree = graphColumnSums(graph);
  const root = degree.map((d) => (d === 0 ? 1 : Math.sqrt(d)));
  mapGraph(graph, (i, j, v) => v / (root[i]! * root[j]!));
  const fixed = oneHotPartial(labels, k);
  for (let q = 0; q < fixed.data.length; q++) fixed.data[q]! *= 1 - alpha;
  return iterateLabels({
    graph,
    start: oneHotPartial(labels, k),
    maxIter,
    tol,
    step: (y) => {
      for (let q = 0; q < y.data.length; q++) y.data[q] = alpha * y.data[q]! + fixed.data[q]!;
    },
  });
}
