import { dropoutMask } from "../augment/dropoutMask.js";
import { gaussianNoise } from "../augment/gaussianNoise.js";
import { assertFiniteInRange } from "../errors/assert.js";
import { selectRows } from "../linalg/csr.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import type { Rng } from "../random/rng.js";

/**
 * A stochastic augmentation of feature vectors (embeddings): optionally swap each row for one of its precomputed
 * augmented views (for text: the same sentence after EDA or back-translation, embedded the same way), then add
 * Gaussian noise and zero entries with an input dropout mask.
 */
export interface VectorAugmentation {
  /** Noise standard deviation as a multiple of the features' root-mean-square entry. Default 0. */
  noise?: number;
  /** Probability of zeroing each entry (kept entries scaled by 1/(1 − p)). Default 0. */
  dropout?: number;
  /** Replace each row by a random one of its `views` (when the trainer has views). Default false. */
  useViews?: boolean;
}

/** What `augmentRows` needs besides the augmentation. */
export interface AugmentContext {
  x: Matrix<FloatArray>;
  /** Augmented copies of x (same shape), e.g. EDA'd texts embedded with the same vectorizer. */
  views?: readonly Matrix<FloatArray>[] | undefined;
  /** Root-mean-square entry of x (the unit of `noise`). */
  scale: number;
  rng: Rng;
}

/** Checks an augmentation's settings. */
export function checkAugmentation(a: VectorAugmentation, name: string): void {
  assertFiniteInRange(a.noise ?? 0, `${name}.noise`, { min: 0 });
  assertFiniteInRange(a.dropout ?? 0, `${name}.dropout`, { min: 0, max: 0.95 });
}

/** The rows `rows` of x, augmented (a new matrix). O(rows · cols). */
export function augmentRows(rows: Int32Array, a: VectorAugmentation, ctx: AugmentContext): Matrix {
  const { x, views, rng } = ctx;
  let out: Matrix;
  if (a.useViews && views && views.length > 0) {
    const d = x.cols;
    out = { rows: rows.length, cols: d, data: new Float64Array(rows.length * d) };
    for (let t = 0; t < rows.length; t++) {
      const v = rng.int(views.length + 1);
      const src = v === 0 ? x : views[v - 1]!;
      out.data.set(src.data.subarray(rows[t]! * d, (rows[t]! + 1) * d), t * d);
    }
  } else {
    const picked = selectRows(x, rows);
    out = { rows: picked.rows, cols: picked.cols, data: Float64Array.from(picked.data) };
  }
  if ((a.noise ?? 0) > 0) out = gaussianNoise(out, { sd: a.noise! * ctx.scale, seed: rng.uint32() });
  if ((a.dropout ?? 0) > 0) out = dropoutMask(out, { p: a.dropout!, seed: rng.uint32() }).x;
  return out;
}

/** Root-mean-square entry of a matrix (1 for an all-zero matrix). */
export function rmsEntry(x: Matrix<FloatArray>): number {
  let s = 0;
  for (let q = 0; q < x.data.length; q++) s += x.data[q]! ** 2;
  const r = Math.sqrt(s / Math.max(1, x.data.length));
  return r > 0 ? r : 1;
}
