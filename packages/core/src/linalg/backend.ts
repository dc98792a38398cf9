import type { CsrMatrix } from "./csr.js";
import type { FloatArray, Matrix } from "./matrix.js";

/**
 * Distances between rows: `sqeuclidean` is ‖x − y‖² (computed as ‖x‖² + ‖y‖² − 2x·y, clamped at 0); `cosine` is
 * 1 − x·y / (‖x‖‖y‖), with 1 when either row is all zeros (as scikit-learn's `cosine_distances`).
 */
export type DistanceMetric = "sqeuclidean" | "cosine";

/** Options of `gemm`: C ← alpha · op(A) · op(B) + beta · C (BLAS semantics). */
export interface GemmOptions {
  /** Use Aᵀ instead of A. Default false. */
  transA?: boolean;
  /** Use Bᵀ instead of B. Default false. */
  transB?: boolean;
  /** Scale of the product. Default 1. */
  alpha?: number;
  /** Scale of C's previous contents; only with `c`. Default 0. */
  beta?: number;
  /**
   * Output matrix, overwritten in place (and read first when beta ≠ 0). Default: a new matrix, Float32 when A and B
   * are both Float32, Float64 otherwise.
   */
  c?: Matrix<FloatArray>;
}

/** Options of `spmm`: C ← alpha · op(A) · op(B) + beta · C with A sparse (CSR) and B dense. */
export type SpmmOptions = GemmOptions;

/** Options of `pairwiseDistances`. */
export interface PairwiseOptions {
  /** Default "sqeuclidean". */
  metric?: DistanceMetric;
}

/** Options of `topKNeighbours`. */
export interface TopKOptions {
  /** Neighbours per query row. Default 10 (fewer when the reference set is smaller). */
  k?: number;
  /** Default "sqeuclidean". */
  metric?: DistanceMetric;
  /**
   * The queries are reference rows themselves: never return query i's own row (reference `selfOffset + i`) as
   * its neighbour (outlier scores, near-duplicates within one set). Default false.
   */
  excludeSelf?: boolean;
  /**
   * With `excludeSelf`: query i is reference row `selfOffset + i`, so a block of queries can be searched against
   * the whole set. Default 0.
   */
  selfOffset?: number;
}

/** The k nearest references of each query row, nearest first; equal distances are ordered by reference index. */
export interface TopKResult {
  /** Neighbours per row (the requested k, capped by the number of candidate references). */
  k: number;
  /** queries × k reference indices, row-major. */
  indices: Int32Array;
  /** queries × k distances, row-major, non-decreasing along each row. */
  distances: Float64Array;
}

/** Options of `radiusNeighbours`. */
export interface RadiusOptions {
  /** Keep references whose distance to the query is ≤ radius (required, ≥ 0). */
  radius: number;
  /** Default "sqeuclidean". */
  metric?: DistanceMetric;
  /** As in `TopKOptions`. Default false. */
  excludeSelf?: boolean;
  /** As in `TopKOptions`. Default 0. */
  selfOffset?: number;
}

/**
 * Every reference within a radius of each query, in CSR form: the neighbours of query i are
 * `indices[indptr[i]] … indices[indptr[i + 1] − 1]`, nearest first, equal distances by index.
 */
export interface RadiusResult {
  indptr: Int32Array;
  indices: Int32Array;
  distances: Float64Array;
}

/**
 * The dense kernels every learning method in vox runs on. `@vox/core` ships a pure TypeScript implementation
 * (`pureBackend`); `@vox/accel` registers a faster one (onnxruntime-node). Every method is synchronous, validates
 * its shapes, never modifies its inputs (except `c`), and returns Float32 results only when all inputs are
 * Float32. Implementations must agree with `pureBackend` to floating-point tolerance (differential tests).
 */
export interface LinalgBackend {
  /** A short unique name ("pure-ts", "onnxruntime"). */
  readonly name: string;
  /** Preference when choosing automatically: the registered backend with the highest priority wins. */
  readonly priority: number;
  /** Dense C ← alpha · op(A) · op(B) + beta · C, row-major, Float32 or Float64. O(m·n·k). */
  gemm(a: Matrix<FloatArray>, b: Matrix<FloatArray>, options?: GemmOptions): Matrix<FloatArray>;
  /** Sparse × dense: C ← alpha · op(A) · op(B) + beta · C with A in CSR form. O(nnz(A) · cols of C). */
  spmm(a: CsrMatrix<FloatArray>, b: Matrix<FloatArray>, options?: SpmmOptions): Matrix<FloatArray>;
  /** The full x.rows × y.rows distance matrix (for blocks; use `topKNeighbours` on large sets). O(nx·ny·d). */
  pairwiseDistances(
    x: Matrix<FloatArray>,
    y: Matrix<FloatArray>,
    options?: PairwiseOptions,
  ): Matrix<FloatArray>;
  /** The k nearest reference rows of every query row, in bounded memory. O(nq·nr·d) time, O(nq·k) output. */
  topKNeighbours(queries: Matrix<FloatArray>, refs: Matrix<FloatArray>, options?: TopKOptions): TopKResult;
  /** Every reference row within `radius` of each query row, in bounded working memory. O(nq·nr·d). */
  radiusNeighbours(
    queries: Matrix<FloatArray>,
    refs: Matrix<FloatArray>,
    options: RadiusOptions,
  ): RadiusResult;
}
