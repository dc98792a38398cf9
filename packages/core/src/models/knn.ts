import { assertInteger } from "../errors/assert.js";
import {
  type CsrMatrix,
  csrFromDense,
  csrNormalizeRows,
  csrToDense,
  type Features,
  isCsr,
} from "../linalg/csr.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { timesTransposed } from "./kernels.js";
import { checkTrainingInput, checkWidth } from "./shared.js";

/** A k-nearest-neighbour classifier: the training rows (unit-normalised for cosine) and their labels. */
export interface KnnModel {
  readonly kind: "knn";
  readonly classes: number;
  readonly features: number;
  /** Neighbours that vote. */
  readonly k: number;
  readonly metric: "cosine" | "euclidean";
  /** "uniform": one vote each; "distance": votes weighted by 1/distance (exact matches take all the weight). */
  readonly weighting: "uniform" | "distance";
  /** Training rows (cosine: scaled to unit length). */
  readonly x: Features;
  readonly y: Int32Array;
}

/** Options for `knn`. */
export interface KnnOptions {
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /** Neighbours that vote. Default 5. */
  k?: number;
  /** "cosine" (1 − cosine similarity) or "euclidean". Default "cosine". */
  metric?: "cosine" | "euclidean";
  /** Vote weighting. Default "uniform". */
  weighting?: "uniform" | "distance";
}

/** Fits (stores) a kNN classifier (Fix & Hodges 1951; Cover & Hart 1967). O(nnz) to copy the rows. */
export function knn(x: Features, y: Int32Array, options: KnnOptions = {}): { model: KnnModel } {
  const classes = checkTrainingInput(x, y, options);
  const { k = 5, metric = "cosine", weighting = "uniform" } = options;
  assertInteger(k, "k", { min: 1 });
  let stored: Features = x;
  if (metric === "cosine") stored = isCsr(x) ? csrNormalizeRows(copyCsr(x)) : normalizeDense(x);
  return { model: { kind: "knn", classes, features: x.cols, k, metric, weighting, x: stored, y: y.slice() } };
}

function copyCsr(x: CsrMatrix<FloatArray>): CsrMatrix {
  return {
    rows: x.rows,
    cols: x.cols,
    indptr: x.indptr.slice(),
    indices: x.indices.slice(),
    data: Float64Array.from(x.data),
  };
}

function normalizeDense(x: Matrix<FloatArray>): Matrix {
  const data = Float64Array.from(x.data);
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    for (let j = i * x.cols; j < (i + 1) * x.cols; j++) s += data[j]! * data[j]!;
    if (s > 0) for (let j = i * x.cols, inv = 1 / Math.sqrt(s); j < (i + 1) * x.cols; j++) data[j]! *= inv;
  }
  return { rows: x.rows, cols: x.cols, data };
}

function squaredNorms(x: Features): Float64Array {
  const out = new Float64Array(x.rows);
  if (isCsr(x)) {
    for (let i = 0; i < x.rows; i++)
      for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) out[i]! += x.data[p]! ** 2;
  } else {
    for (let i = 0; i < x.rows; i++)
      for (let j = i * x.cols; j < (i + 1) * x.cols; j++) out[i]! += x.data[j]! ** 2;
  }
  return out;
}

/** Transposed CSR (rows ↔ columns): the posting lists of an inverted index. O(nnz + cols). */
function transposeCsr(x: CsrMatrix<FloatArray>): CsrMatrix {
  const indptr = new Int32Array(x.cols + 1);
  for (let p = 0; p < x.indices.length; p++) indptr[x.indices[p]! + 1]!++;
  for (let j = 0; j < x.cols; j++) indptr[j + 1]! += indptr[j]!;
  const cursor = indptr.slice(0, x.cols);
  const indices = new Int32Array(x.indices.length);
  const data = new Float64Array(x.indices.length);
  for (let i = 0; i < x.rows; i++) {
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) {
      const q = cursor[x.indices[p]!]!++;
      indices[q] = i;
      data[q] = x.data[p]!;
    }
  }
  return { rows: x.cols, cols: x.rows, indptr, indices, data };
}

/** Neighbours of each query row: indices and distances, nearest first (rows × k, row-major). */
export interface Neighbours {
  readonly k: number;
  readonly indices: Int32Array;
  readonly distances: Float64Array;
}

/**
 * The k nearest training rows of each query row. Dense rows: blocks of query·trainingᵀ products; sparse rows: an
 * inverted index over the training rows, so the cost is the number of (query term, training row) pairs that share
 * a term. Ties are broken by the lower training index. With `skipSelf`, query row i never returns training row i
 * (leave-one-out on the training set). O(queries · training · d) dense.
 */
export function knnNeighbours(
  model: KnnModel,
  queries: Features,
  options: { k?: number; skipSelf?: boolean } = {},
): Neighbours {
  checkWidth(queries, model.features);
  const { k = model.k, skipSelf = false } = options;
  const n = model.x.rows;
  const kk = Math.min(k, n - (skipSelf ? 1 : 0));
  if (kk < 1) throw new RangeError("not enough training rows for one neighbour");
  const cosine = model.metric === "cosine";
  let q: Features = queries;
  if (cosine) q = isCsr(q) ? csrNormalizeRows(copyCsr(q)) : normalizeDense(q);
  const trainNorms = cosine ? undefined : squaredNorms(model.x);
  const queryNorms = cosine ? undefined : squaredNorms(q);
  const indices = new Int32Array(queries.rows * kk);
  const distances = new Float64Array(queries.rows * kk);
  const toDistance = (i: number, j: number, dot: number): number =>
    cosine ? 1 - dot : Math.sqrt(Math.max(0, queryNorms![i]! + trainNorms![j]! - 2 * dot));
  const best = new TopK(kk);
  const scores = new Float64Array(n);
  const emit = (i: number) => {
    best.reset();
    for (let j = 0; j < n; j++) if (!(skipSelf && j === i)) best.offer(j, toDistance(i, j, scores[j]!));
    best.writeSorted(indices, distances, i * kk);
  };
  if (isCsr(model.x)) {
    const posting = transposeCsr(model.x);
    const qs = isCsr(q) ? q : csrFromDense(q);
    for (let i = 0; i < qs.rows; i++) {
      scores.fill(0);
      for (let p = qs.indptr[i]!; p < qs.indptr[i + 1]!; p++) {
        const t = qs.indices[p]!;
        const v = qs.data[p]!;
        for (let r = posting.indptr[t]!; r < posting.indptr[t + 1]!; r++)
          scores[posting.indices[r]!]! += v * posting.data[r]!;
      }
      emit(i);
    }
  } else {
    const train = model.x as Matrix<FloatArray>;
    const block = 64;
    const dense = isCsr(q) ? csrToDense(q) : q;
    for (let start = 0; start < dense.rows; start += block) {
      const rows = Math.min(block, dense.rows - start);
      const sub: Matrix<FloatArray> = {
        rows,
        cols: dense.cols,
        data: dense.data.subarray(start * dense.cols, (start + rows) * dense.cols),
      };
      const dots = timesTransposed(sub, train);
      for (let r = 0; r < rows; r++) {
        scores.set(dots.data.subarray(r * n, (r + 1) * n));
        emit(start + r);
      }
    }
  }
  return { k: kk, indices, distances };
}

/** Class probabilities (rows × classes) from the votes of each query row's k nearest training rows. */
export function knnProba(model: KnnModel, queries: Features, options: { skipSelf?: boolean } = {}): Matrix {
  const nb = knnNeighbours(model, queries, options);
  const K = model.classes;
  const out = new Float64Array(queries.rows * K);
  for (let i = 0; i < queries.rows; i++) {
    const base = i * nb.k;
    let exact = false;
    if (model.weighting === "distance")
      for (let t = 0; t < nb.k; t++) if (nb.distances[base + t]! <= 0) exact = true;
    let total = 0;
    for (let t = 0; t < nb.k; t++) {
      const d = nb.distances[base + t]!;
      const w = model.weighting === "uniform" ? 1 : exact ? (d <= 0 ? 1 : 0) : 1 / d;
      out[i * K + model.y[nb.indices[base + t]!]!]! += w;
      total += w;
    }
    for (let c = 0; c < K; c++) out[i * K + c]! /= total;
  }
  return { rows: queries.rows, cols: K, data: out };
}

/** The k smallest (distance, index) pairs seen, ties to the lower index; a bounded max-heap, O(log k) per offer. */
class TopK {
  private readonly idx: Int32Array;
  private readonly dist: Float64Array;
  private size = 0;
  constructor(private readonly k: number) {
    this.idx = new Int32Array(k);
    this.dist = new Float64Array(k);
  }
  reset(): void {
    this.size = 0;
  }
  /** Whether (d, i) ranks after the pair in heap slot s: a larger distance, or the same and a larger index. */
  private after(d: number, i: number, s: number): boolean {
    const e = this.dist[s]!;
    return d > e || (d === e && i > this.idx[s]!);
  }
  offer(i: number, d: number): void {
    if (this.size < this.k) {
      let c = this.size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (!this.after(d, i, parent)) break;
        this.dist[c] = this.dist[parent]!;
        this.idx[c] = this.idx[parent]!;
        c = parent;
      }
      this.dist[c] = d;
      this.idx[c] = i;
      return;
    }
    // The root holds the worst kept pair; replace it only by a better one.
    if (this.after(d, i, 0) || (d === this.dist[0] && i === this.idx[0])) return;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= this.k) break;
      const r = l + 1;
      const m = r < this.k && this.after(this.dist[r]!, this.idx[r]!, l) ? r : l;
      // Move the worse child up while it ranks after the new pair.
      if (!(this.dist[m]! > d || (this.dist[m] === d && this.idx[m]! > i))) break;
      this.dist[c] = this.dist[m]!;
      this.idx[c] = this.idx[m]!;
      c = m;
    }
    this.dist[c] = d;
    this.idx[c] = i;
  }
  writeSorted(indices: Int32Array, distances: Float64Array, at: number): void {
    const order = Array.from({ length: this.size }, (_, t) => t).sort(
      (a, b) => this.dist[a]! - this.dist[b]! || this.idx[a]! - this.idx[b]!,
    );
    order.forEach((t, r) => {
      indices[at + r] = this.idx[t]!;
      distances[at + r] = this.dist[t]!;
    });
  }
}
