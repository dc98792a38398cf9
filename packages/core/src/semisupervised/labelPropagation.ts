import type { FloatArray, Matrix } from "../linalg/matrix.js";
import {
  affinityGraph,
  checkPartialLabels,
  type GraphOptions,
  type GraphSslResult,
  graphColumnSums,
  iterateLabels,
  mapGraph,
  normalizeRowSums,
  oneHotPartial,
} from "./graph.js";

/** Options for `labelPropagation`. */
export interface LabelPropagationOptions extends GraphOptions {
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /** Maximum iterations. Default 1000 (scikit-learn's). */
  maxIter?: number;
  /** Stop when Σ|Y_t − Y_{t−1}| < tol. Default 1e-3. */
  tol?: number;
}

/**
 * Label propagation (Zhu & Ghahramani 2002, "Learning from labeled and unlabeled data with label propagation",
 * CMU-CALD-02-107): with the transition matrix T = W normalised by its column sums (row i divided by Σ_j W_ji, as
 * scikit-learn 1.2.1 does; for a symmetric RBF graph this is row-stochastic), repeat Y ← rownormalise(T·Y) and
 * clamp the labeled rows back to their one-hot labels, until Σ|ΔY| < tol. `labels` holds −1 for unlabeled rows.
 * Transductive: returns a distribution for every row. Matches scikit-learn's `LabelPropagation` (its sparse kNN
 * branch divides by a single constant, which the row normalisation cancels). O(iterations · nnz(W) · K).
 */
export function labelPropagation(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  options: LabelPropagationOptions = {},
): GraphSslResult {
  const k = checkPartialLabels(x.rows, labels, options.classes);
  const { maxIter = 1000, tol = 1e-3 } = options;
  const graph = affinityGraph(x, options);
  const colSums = graphColumnSums(graph);
  mapGraph(graph, (i, _j, v) => (colSums[i]! > 0 ? v / colSums[i]! : v));
  const clamp = oneHotPartial(labels, k);
  return iterateLabels({
    graph,
    start: oneHotPartial(labels, k),
    maxIter,
    tol,
    step: (y) => {
      normalizeRowSums(y);
      for (let i = 0; i < labels.length; i++)
        if (labels[i]! >= 0) for (let c = 0; c < k; c++) y.data[i * k + c] = clamp.data[i * k + c]!;
    },
  });
}
