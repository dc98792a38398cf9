// A seeded synthetic classification set for the label-noise tests: K Gaussian clusters in d dimensions.
import type { Matrix } from "@vox/core";

/**
 * n rows (class i mod K), x = centre_c + N(0, spread²) per coordinate, centre_c = 2·e_(c mod d) + 0.5·e_((c+1) mod d)
 * (d ≥ 2): classes overlap a little at spread 1, so a linear model reaches about 90% accuracy.
 */
export function gaussianBlobs(p: {
  n: number;
  d: number;
  k: number;
  spread?: number;
  /** A seeded generator (core's createRng(seed)). */
  rng: { normal(mean?: number, sd?: number): number };
}): {
  x: Matrix;
  y: Int32Array;
} {
  const { n, d, k, spread = 1, rng } = p;
  const x = new Float64Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = rng.normal(0, spread);
    x[i * d + (c % d)]! += 2;
    x[i * d + ((c + 1) % d)]! += 0.5;
  }
  return { x: { rows: n, cols: d, data: x }, y };
}
