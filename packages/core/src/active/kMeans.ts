import { assertInteger } from "../errors/assert.js";
import { type Features, isCsr } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng, type Seed } from "../random/rng.js";
import { densify, forEachDistanceBlock, nearestReference } from "./distances.js";
import { addRowTo } from "./rowOps.js";

/** Result of `kMeans`. */
export interface KMeansResult {
  /** k × d cluster centres (Float64). */
  centroids: Matrix;
  /** Cluster of every row. */
  assignment: Int32Array;
  /** Squared distance of every row to its centre. */
  distance: Float64Array;
  /** Lloyd iterations run. */
  iterations: number;
}

/**
 * k-means (Lloyd 1982) with k-means++ seeding (Arthur & Vassilvitskii 2007: each new seed drawn with probability
 * ∝ squared distance to the nearest seed so far), on dense or CSR rows, distances in chunks through the linalg
 * backend. Stops when no row changes cluster or after `iterations` (default 20). An emptied cluster keeps its
 * centre. O(iterations × rows × k × d) time, O(k × d + chunk × k) extra memory.
 */
export function kMeans(
  x: Features,
  options: { k: number; seed: Seed; iterations?: number; chunkRows?: number | undefined },
): KMeansResult {
  const { k, seed, iterations = 20, chunkRows } = options;
  assertInteger(k, "k", { min: 1, max: Math.max(1, x.rows) });
  const n = x.rows;
  const d = x.cols;
  const rng = createRng(seed);
  // k-means++ seeding.
  const seeds: number[] = [rng.int(n)];
  const minD = new Float64Array(n).fill(Infinity);
  const taken = new Uint8Array(n);
  taken[seeds[0]!] = 1;
  while (seeds.length < k) {
    const last = densify(selectOne(x, seeds[seeds.length - 1]!));
    forEachDistanceBlock({ queries: x, refs: last, chunkRows }, ({ d: block, q0, nq }) => {
      for (let i = 0; i < nq; i++) if (block[i]! < minD[q0 + i]!) minD[q0 + i] = block[i]!;
    });
    const w = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) if (!taken[i]) total += w[i] = minD[i]!;
    let next: number;
    if (total > 0) next = rng.categorical(w);
    else {
      next = rng.int(n);
      while (taken[next]) next = rng.int(n);
    }
    taken[next] = 1;
    seeds.push(next);
  }
  const centroids = new Float64Array(k * d);
  seeds.forEach((s, c) => {
    const row = densify(selectOne(x, s));
    for (let j = 0; j < d; j++) centroids[c * d + j] = row.data[j]!;
  });
  let assignment: Int32Array = new Int32Array(n).fill(-1);
  let distance: Float64Array = new Float64Array(n);
  let it = 0;
  for (; it < iterations; it++) {
    const near = nearestReference(x, { rows: k, cols: d, data: centroids }, chunkRows);
    let changed = 0;
    for (let i = 0; i < n; i++) if (near.index[i] !== assignment[i]) changed++;
    assignment = near.index;
    distance = near.distance;
    if (changed === 0) break;
    const sums = new Float64Array(k * d);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      counts[c]!++;
      addRowTo(x, { row: i, into: sums.subarray(c * d, (c + 1) * d) });
    }
    for (let c = 0; c < k; c++)
      if (counts[c]! > 0) for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j]! / counts[c]!;
  }
  return { centroids: { rows: k, cols: d, data: centroids }, assignment, distance, iterations: it };
}

function selectOne(x: Features, i: number): Features {
  if (isCsr(x)) {
    const p0 = x.indptr[i]!;
    const p1 = x.indptr[i + 1]!;
    return {
      rows: 1,
      cols: x.cols,
      indptr: Int32Array.from([0, p1 - p0]),
      indices: x.indices.subarray(p0, p1),
      data: x.data.subarray(p0, p1),
    };
  }
  return { rows: 1, cols: x.cols, data: x.data.subarray(i * x.cols, (i + 1) * x.cols) };
}
