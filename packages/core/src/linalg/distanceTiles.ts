// Distances between two row sets, one bounded tile at a time: the shared driver of pairwiseDistances,
// topKNeighbours and radiusNeighbours in the pure-TS backend (never more than QB × RB distances in memory).
import type { DistanceMetric } from "./backend.js";
import { dotTile, packRows, rowSquaredNorms } from "./dotTile.js";
import type { FloatArray, Matrix } from "./matrix.js";

/** Checks two row sets for a distance computation: valid dense matrices with the same number of columns. */
export function assertRowSets(
  x: Matrix<FloatArray>,
  y: Matrix<FloatArray>,
  names = ["queries", "refs"],
): void {
  const [nx, ny] = names;
  for (const [m, name] of [
    [x, nx],
    [y, ny],
  ] as const) {
    if (!(m.data instanceof Float64Array || m.data instanceof Float32Array))
      throw new TypeError(`${name} must be backed by a Float64Array or Float32Array`);
    if (m.data.length !== m.rows * m.cols)
      throw new RangeError(`${name} has ${m.data.length} values, expected rows × cols = ${m.rows * m.cols}`);
  }
  if (x.cols !== y.cols)
    throw new RangeError(
      `${nx} and ${ny} must have the same number of columns (got ${x.cols} and ${y.cols})`,
    );
}

/** Checks a metric name (callers may pass strings from the command line). */
export function assertMetric(metric: string): asserts metric is DistanceMetric {
  if (metric !== "sqeuclidean" && metric !== "cosine")
    throw new RangeError(`metric must be "sqeuclidean" or "cosine" (got ${JSON.stringify(metric)})`);
}

/** One tile of distances: rows [i0, i0 + m) of the queries against rows [j0, j0 + n) of the references. */
export interface DistanceTile {
  /** m × n distances, row stride n. */
  d: Float64Array;
  i0: number;
  m: number;
  j0: number;
  n: number;
}

/** Tile sizes: QB query rows × RB reference rows (2 MiB of Float64 distances). */
const QB = 256;
const RB = 1024;

/** Scales each packed row to unit length (all-zero rows stay zero, so their cosine distance is 1). */
function normalizePacked(rows: Float64Array, count: number, length: number): void {
  const norms = rowSquaredNorms(rows, count, length);
  for (let r = 0; r < count; r++) {
    const s = norms[r]!;
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let t = r * length, e = t + length; t < e; t++) rows[t]! *= inv;
  }
}

/**
 * Calls `visit` with every tile of the queries × refs distance matrix, queries block by block (tiles of one query
 * block arrive in reference order). The tile's buffer is reused: copy what you keep. O(nq·nr·d).
 */
export function forEachDistanceTile(
  queries: Matrix<FloatArray>,
  refs: Matrix<FloatArray>,
  options: { metric: DistanceMetric; visit: (tile: DistanceTile) => void },
): void {
  const { metric, visit } = options;
  const d = queries.cols;
  const nq = queries.rows;
  const nr = refs.rows;
  if (nq === 0 || nr === 0) return;
  const qp = new Float64Array(Math.min(QB, nq) * d);
  const rp = new Float64Array(Math.min(RB, nr) * d);
  const dist = new Float64Array(Math.min(QB, nq) * Math.min(RB, nr));
  const qSrc = { data: queries.data, cols: d, transposed: false };
  const rSrc = { data: refs.data, cols: d, transposed: false };
  const cosine = metric === "cosine";
  for (let i0 = 0; i0 < nq; i0 += QB) {
    const m = Math.min(QB, nq - i0);
    packRows(qSrc, { row0: i0, count: m, length: d }, qp);
    if (cosine) normalizePacked(qp, m, d);
    const qn = cosine ? undefined : rowSquaredNorms(qp, m, d);
    for (let j0 = 0; j0 < nr; j0 += RB) {
      const n = Math.min(RB, nr - j0);
      packRows(rSrc, { row0: j0, count: n, length: d }, rp);
      if (cosine) normalizePacked(rp, n, d);
      dotTile({ a: qp, m, b: rp, n, k: d, out: dist });
      if (qn) {
        const rn = rowSquaredNorms(rp, n, d);
        for (let i = 0; i < m; i++) {
          const base = qn[i]!;
          for (let j = 0, p = i * n; j < n; j++, p++) {
            const v = base + rn[j]! - 2 * dist[p]!;
            dist[p] = Math.max(v, 0);
          }
        }
      } else {
        // Rounding can push 1 − cos a hair outside [0, 2]: clip as scikit-learn does.
        for (let p = 0, e = m * n; p < e; p++) dist[p] = Math.min(2, Math.max(0, 1 - dist[p]!));
      }
      visit({ d: dist, i0, m, j0, n });
    }
  }
}
