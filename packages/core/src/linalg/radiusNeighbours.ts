import type { RadiusOptions, RadiusResult } from "./backend.js";
import { forEachDistanceTile } from "./distanceTiles.js";
import type { FloatArray, Matrix } from "./matrix.js";
import { resolveRadius } from "./neighbourOptions.js";

/**
 * Collects (query, reference, distance) matches in growable typed arrays and sorts them into a `RadiusResult`:
 * shared by every backend's radius search. O(t log t) for t matches.
 */
export class RadiusCollector {
  q = new Int32Array(1024);
  r = new Int32Array(1024);
  d = new Float64Array(1024);
  length = 0;

  /** Records that reference r lies at distance d from query q. */
  add(q: number, r: number, d: number): void {
    if (this.length === this.q.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.q = grow(this.q);
      this.r = grow(this.r);
      this.d = grow(this.d);
    }
    this.q[this.length] = q;
    this.r[this.length] = r;
    this.d[this.length++] = d;
  }

  /** The matches of `rows` queries in CSR form: counting sort by query, then by distance and index. */
  finish(rows: number): RadiusResult {
    return toCsr(rows, this);
  }
}

function toCsr(rows: number, triples: RadiusCollector): RadiusResult {
  const { q, r, d, length } = triples;
  const indptr = new Int32Array(rows + 1);
  for (let t = 0; t < length; t++) indptr[q[t]! + 1]!++;
  for (let i = 0; i < rows; i++) indptr[i + 1]! += indptr[i]!;
  const next = indptr.slice(0, rows);
  const order = new Int32Array(length);
  for (let t = 0; t < length; t++) order[next[q[t]!]!++] = t;
  const indices = new Int32Array(length);
  const distances = new Float64Array(length);
  const seg: number[] = [];
  for (let i = 0; i < rows; i++) {
    const start = indptr[i]!;
    const end = indptr[i + 1]!;
    seg.length = end - start;
    for (let p = start; p < end; p++) seg[p - start] = order[p]!;
    seg.sort((x, y) => d[x]! - d[y]! || r[x]! - r[y]!);
    for (let p = start; p < end; p++) {
      const t = seg[p - start]!;
      indices[p] = r[t]!;
      distances[p] = d[t]!;
    }
  }
  return { indptr, indices, distances };
}

/**
 * Every reference row within `radius` (inclusive) of each query row: near-duplicate search (cosine distance
 * ≤ 0.05, say) and density counts. Exact brute force over bounded tiles; only the matches are kept.
 * O(nq·nr·d) time, O(nq + matches) memory.
 */
export function radiusNeighbours(
  queries: Matrix<FloatArray>,
  refs: Matrix<FloatArray>,
  options: RadiusOptions,
): RadiusResult {
  const { radius, metric, excludeSelf, selfOffset } = resolveRadius(queries, refs, options);
  const found = new RadiusCollector();
  forEachDistanceTile(queries, refs, {
    metric,
    visit: ({ d, i0, m, j0, n }) => {
      for (let i = 0; i < m; i++) {
        const q = i0 + i;
        for (let j = 0, p = i * n; j < n; j++, p++) {
          const v = d[p]!;
          if (v <= radius && !(excludeSelf && j0 + j === q + selfOffset)) found.add(q, j0 + j, v);
        }
      }
    },
  });
  return found.finish(queries.rows);
}
