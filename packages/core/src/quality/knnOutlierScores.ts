import { assertFiniteInRange } from "../errors/assert.js";
import type { DistanceMetric } from "../linalg/backend.js";
import { median, pairwiseSum, percentileOfSorted } from "./numeric.js";

/** A k-nearest-neighbour graph without self matches: `rows × k` distances, nearest first (as `TopKResult`). */
export interface KnnGraph {
  k: number;
  indices: Int32Array;
  distances: Float64Array;
}

/** Options of `knnOutlierScores`. */
export interface KnnOutlierOptions {
  /** Use the first k neighbours of each row (≤ the graph's k). Default: all of them. */
  k?: number;
  /** Sharpness of the distance → score map exp(−t·d/scale). Default 1. */
  t?: number;
  /**
   * In (0, 1]: a row is an outlier when its mean kNN distance exceeds Q3 + (1/threshold − 1)·IQR of all rows' mean
   * distances; 0 flags nothing. Default 0.37037 (cleanlab's, ≈ Q3 + 1.7·IQR).
   */
  threshold?: number;
  /** The distance scale; default the median mean distance (at least 100·2⁻⁵²). */
  scalingFactor?: number;
  /**
   * The metric of the graph's distances: mean distances below floating-point noise (cosine 100·2⁻⁵³, Euclidean
   * √(100·2⁻⁵²), squared Euclidean 100·2⁻⁵²) score exactly 1, as cleanlab's precision correction does.
   * Default "cosine".
   */
  metric?: DistanceMetric | "euclidean";
}

/** Per-row outlier scores and the issue rule's outcome. */
export interface KnnOutlierResult {
  /** exp(−t·meanDistance/scalingFactor) in (0, 1]: low = far from its neighbours (likely outlier). */
  scores: Float64Array;
  /** Mean distance to the first k neighbours. */
  meanDistances: Float64Array;
  /** 1 where meanDistance > issueThreshold. */
  isIssue: Uint8Array;
  /** The mean-distance cut-off Q3 + (1/threshold − 1)·IQR. */
  issueThreshold: number;
  scalingFactor: number;
  /** The mean score (cleanlab's summary score). */
  meanScore: number;
}

const EPS = 2 ** -52;

/**
 * kNN-distance outlier scores as cleanlab 2.9's Datalab outlier issue computes them from features (Kuan & Mueller
 * 2022, "Back to the Basics: Revisiting Out-of-Distribution Detection Baselines"; cleanlab docs, `OutOfDistribution`
 * and `OutlierIssueManager`): score = exp(−t·d̄/s) with d̄ the mean distance to the k nearest neighbours and s the
 * median d̄; an issue when d̄ > Q3(d̄) + (1/threshold − 1)·IQR(d̄), quartiles interpolated linearly as numpy.
 * O(N·k) plus an O(N log N) sort for the quartiles.
 */
export function knnOutlierScores(graph: KnnGraph, options: KnnOutlierOptions = {}): KnnOutlierResult {
  const { t = 1, threshold = 0.37037, metric = "cosine" } = options;
  const kGraph = graph.k;
  const k = options.k ?? kGraph;
  if (!(Number.isInteger(k) && k >= 1 && k <= kGraph))
    throw new RangeError(`k must be an integer in [1, ${kGraph}] (the graph's neighbours), got ${k}`);
  assertFiniteInRange(t, "t", { min: 0 });
  assertFiniteInRange(threshold, "threshold", { min: 0, max: 1 });
  const n = graph.distances.length / kGraph;
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError("the kNN graph is empty or its distances are not rows × k");
  const mean = new Float64Array(n);
  for (let i = 0; i < n; i++) mean[i] = pairwiseSum(graph.distances, i * kGraph, k) / k;
  const scalingFactor = options.scalingFactor ?? Math.max(median(mean), 100 * EPS);
  if (!(scalingFactor > 0)) throw new RangeError(`scalingFactor must be > 0 (got ${scalingFactor})`);
  const tolerance =
    metric === "cosine" ? 100 * (EPS / 2) : metric === "euclidean" ? Math.sqrt(100 * EPS) : 100 * EPS;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++)
    scores[i] = mean[i]! < tolerance ? 1 : Math.exp((-t * mean[i]!) / scalingFactor);
  const sorted = Float64Array.from(mean).sort();
  const q3 = percentileOfSorted(sorted, 75);
  const iqr = q3 - percentileOfSorted(sorted, 25);
  const issueThreshold = threshold === 0 ? Infinity : q3 + (1 / threshold - 1) * iqr;
  const isIssue = new Uint8Array(n);
  for (let i = 0; i < n; i++) isIssue[i] = mean[i]! > issueThreshold ? 1 : 0;
  return {
    scores,
    meanDistances: mean,
    isIssue,
    issueThreshold,
    scalingFactor,
    meanScore: pairwiseSum(scores) / n,
  };
}
