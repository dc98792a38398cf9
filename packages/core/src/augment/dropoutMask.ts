import { assertFiniteInRange } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { createRng, type Seed } from "../random/rng.js";

/** Options for `dropoutMask`. */
export interface DropoutMaskOptions {
  /** Probability that an entry is zeroed. Default 0.1. */
  p?: number;
  /** Scale the kept entries by 1/(1−p) so expectations are unchanged ("inverted dropout"). Default true. */
  rescale?: boolean;
  /** Default 0. */
  seed?: Seed;
}

/** Masked rows and the mask. */
export interface DropoutMaskResult {
  x: Matrix;
  /** 1 where the entry was kept, 0 where dropped, row-major like `x`. */
  mask: Uint8Array;
}

/**
 * Dropout noise on input features (Srivastava et al. 2014, "Dropout", JMLR): each entry is zeroed with probability
 * p, the rest scaled by 1/(1−p) unless `rescale` is false. O(rows · cols).
 */
export function dropoutMask(x: Matrix<FloatArray>, options: DropoutMaskOptions = {}): DropoutMaskResult {
  const { p = 0.1, rescale = true, seed = 0 } = options;
  assertFiniteInRange(p, "p", { min: 0, max: 1 });
  if (p === 1 && rescale) throw new RangeError("p must be < 1 when rescale is true");
  const rng = createRng(seed);
  const k = rescale ? 1 / (1 - p) : 1;
  const data = new Float64Array(x.rows * x.cols);
  const mask = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    if (rng.float() >= p) {
      mask[i] = 1;
      data[i] = x.data[i]! * k;
    }
  }
  return { x: { rows: x.rows, cols: x.cols, data }, mask };
}
