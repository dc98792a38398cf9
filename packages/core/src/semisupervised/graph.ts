// The similarity graphs of graph-based semi-supervised learning (label propagation, label spreading) and the
// product of a graph with a label matrix. kNN graphs are sparse (CSR, k entries per row); RBF graphs are dense.
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { CsrMatrix } from "../linalg/csr.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { getBackend } from "../linalg/registry.js";

/** How the graph between rows is built. */
export type GraphKernel = "knn" | "rbf";

/** Options every graph method shares (the names and defaults of scikit-learn's `LabelPropagation`). */
export interface GraphOptions {
  /** "knn": W_ij = 1 when j is among the k nearest rows of i (i itself included); "rbf": exp(−γ‖x_i − x_j‖²). */
  kernel?: GraphKernel;
  /** k of the kNN graph, counting the row itself (as scikit-learn's `kneighbors_graph` on the fitted rows). Default 7. */
  neighbours?: number;
  /** γ of the RBF kernel. Default 20. */
  gamma?: number;
}

/** A graph: sparse for kNN, dense for RBF. */
export type Graph = { kind: "sparse"; w: CsrMatrix } | { kind: "dense"; w: Matrix };

/**
 * The affinity graph between the rows of x. kNN: a 0/1 CSR matrix with the k nearest rows of each row (the row
 * itself first, squared Euclidean distance, ties by index), not symmetrised (scikit-learn's `kneighbors_graph`).
 * RBF: the dense n × n kernel, exp(−γ·‖x_i − x_j‖²). O(n²·d) either way; memory O(n·k) or O(n²).
 */
export function affinityGraph(x: Matrix<FloatArray>, options: GraphOptions = {}): Graph {
  const { neighbours = 7, gamma = 20 } = options;
  const kernel: GraphKernel = options.kernel ?? "knn";
  switch (kernel) {
    case "knn": {
      assertInteger(neighbours, "neighbours", { min: 1 });
      const k = Math.min(neighbours, x.rows);
      const { indices } = getBackend().topKNeighbours(x, x, { k });
      const indptr = new Int32Array(x.rows + 1);
      const cols = new Int32Array(x.rows * k);
      for (let i = 0; i < x.rows; i++) {
        indptr[i + 1] = (i + 1) * k;
        const row = Array.from(indices.subarray(i * k, (i + 1) * k)).sort((a, b) => a - b);
        cols.set(row, i * k);
      }
      const w: CsrMatrix = {
        rows: x.rows,
        cols: x.rows,
        indptr,
        indices: cols,
        data: new Float64Array(x.rows * k).fill(1),
      };
      return { kind: "sparse", w };
    }
    case "rbf": {
      assertFiniteInRange(gamma, "gamma", { min: 0 });
      const d = getBackend().pairwiseDistances(x, x, { metric: "sqeuclidean" });
      const data = new Float64Array(d.data.length);
      for (let p = 0; p < data.length; p++) data[p] = Math.exp(-gamma * d.data[p]!);
      // The diagonal is exactly exp(0) = 1 whatever rounding the distance kernel left.
      for (let i = 0; i < x.rows; i++) data[i * x.rows + i] = 1;
      return { kind: "dense", w: { rows: x.rows, cols: x.rows, data } };
    }
  }
}

/** Column sums of a graph (scikit-learn normalises by `sum(axis=0)`). */
export function graphColumnSums(g: Graph): Float64Array {
  const n = g.w.rows;
  const s = new Float64Array(n);
  if (g.kind === "sparse") {
    const { indices, data } = g.w;
    for (let p = 0; p < indices.length; p++) s[indices[p]!]! += data[p]!;
  } else {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[j]! += g.w.data[i * n + j]!;
  }
  return s;
}

/** Multiplies every entry (i, j) of the graph by f(i, j, value), in place. */
export function mapGraph(g: Graph, f: (i: number, j: number, v: number) => number): void {
  const n = g.w.rows;
  if (g.kind === "sparse") {
    const { indptr, indices, data } = g.w;
    for (let i = 0; i < n; i++)
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) data[p] = f(i, indices[p]!, data[p]!);
  } else {
    const d = g.w.data;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = f(i, j, d[i * n + j]!);
  }
}

/** out = W · Y (n × K). O(nnz·K) sparse, O(n²·K) dense (through the linalg backend). */
export function graphTimes(g: Graph, y: Matrix): Matrix {
  const n = g.w.rows;
  const k = y.cols;
  if (g.kind === "dense") return getBackend().gemm(g.w, y) as Matrix;
  const out = new Float64Array(n * k);
  const { indptr, indices, data } = g.w;
  for (let i = 0; i < n; i++)
    for (let p = indptr[i]!; p < indptr[i + 1]!; p++) {
      const v = data[p]!;
      const j = indices[p]! * k;
      for (let c = 0; c < k; c++) out[i * k + c]! += v * y.data[j + c]!;
    }
  return { rows: n, cols: k, data: out };
}

/** Checks partial labels (−1 = unlabeled) against the rows and returns the class count K. */
export function checkPartialLabels(rows: number, labels: Int32Array, classes?: number): number {
  if (labels.length !== rows)
    throw new RangeError(`labels must have one entry per row (got ${labels.length} for ${rows} rows)`);
  let max = -1;
  for (const c of labels) {
    if (c < -1) throw new RangeError(`labels must be −1 (unlabeled) or a class index (got ${c})`);
    if (c > max) max = c;
  }
  if (max < 0) throw new RangeError("at least one row must be labeled");
  const k = classes ?? max + 1;
  assertInteger(k, "classes", { min: max + 1 });
  return k;
}

/** One-hot rows for labeled rows, zeros for unlabeled ones (n × K). */
export function oneHotPartial(labels: Int32Array, classes: number): Matrix {
  const data = new Float64Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) if (labels[i]! >= 0) data[i * classes + labels[i]!] = 1;
  return { rows: labels.length, cols: classes, data };
}

/** Divides each row by its sum (rows summing to 0 are left as they are). */
export function normalizeRowSums(m: Matrix): void {
  const { rows, cols, data } = m;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += data[i * cols + c]!;
    if (s === 0) continue;
    for (let c = 0; c < cols; c++) data[i * cols + c]! /= s;
  }
}

/** What label propagation and label spreading return. */
export interface GraphSslResult {
  /** Label distributions, rows × K, each row summing to 1 (all zeros for rows the graph never reached). */
  probs: Matrix;
  /** argmax of each row (ties to the lower class). */
  labels: Int32Array;
  /** Iterations run (scikit-learn's `n_iter_`). */
  iterations: number;
  /** True when Σ|Y_t − Y_{t−1}| fell below the tolerance before `maxIter`. */
  converged: boolean;
}

/** The iteration both graph methods share: Y ← step(W·Y) until Σ|ΔY| < tol (scikit-learn's stopping rule). */
export function iterateLabels(p: {
  graph: Graph;
  start: Matrix;
  step: (product: Matrix) => void;
  maxIter: number;
  tol: number;
}): GraphSslResult {
  const { graph, start, step, maxIter, tol } = p;
  assertInteger(maxIter, "maxIter", { min: 1 });
  assertFiniteInRange(tol, "tol", { min: 0 });
  let y = start;
  let previous: Float64Array = new Float64Array(y.data.length);
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIter; iterations++) {
    let change = 0;
    for (let q = 0; q < previous.length; q++) change += Math.abs(y.data[q]! - previous[q]!);
    if (change < tol) {
      converged = true;
      break;
    }
    previous = y.data;
    y = graphTimes(graph, y);
    step(y);
  }
  normalizeRowSums(y);
  const k = y.cols;
  const labels = new Int32Array(y.rows);
  for (let i = 0; i < y.rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (y.data[i * k + c]! > y.data[i * k + best]!) best = c;
    labels[i] = best;
  }
  return { probs: y, labels, iterations, converged };
}
