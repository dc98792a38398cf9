import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { createRng, type Seed } from "../random/rng.js";

/** Options for `mixup`. */
export interface MixupOptions {
  /** λ ~ Beta(α, α). Default 0.2 (Zhang et al. use 0.1–0.4 on ImageNet). */
  alpha?: number;
  /** Default 0. */
  seed?: Seed;
}

/** Mixed rows and targets. */
export interface MixupResult {
  /** λ_i · x_i + (1 − λ_i) · x_partner(i). */
  x: Matrix;
  /** The same mixture of the targets (soft labels). */
  y: Matrix;
  /** λ of each row. */
  lambda: Float64Array;
  /** The row each row was mixed with (a random permutation of the rows). */
  partner: Int32Array;
}

/**
 * mixup (Zhang, Cisse, Dauphin & Lopez-Paz 2018, "mixup: Beyond Empirical Risk Minimization", ICLR): each row is
 * mixed with a partner from a random permutation, x̃ = λx_i + (1−λ)x_j and ỹ = λy_i + (1−λ)y_j, λ ~ Beta(α, α)
 * drawn per row. `y` holds one-hot or soft targets, one row per row of `x`. O(rows · (cols + classes)).
 */
export function mixup(x: Matrix<FloatArray>, y: Matrix<FloatArray>, options: MixupOptions = {}): MixupResult {
  const { alpha = 0.2, seed = 0 } = options;
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`alpha must be > 0 (got ${alpha})`);
  if (x.rows !== y.rows)
    throw new RangeError(`x and y must have the same number of rows (got ${x.rows} and ${y.rows})`);
  const rng = createRng(seed);
  const partner = rng.permutation(x.rows);
  const lambda = new Float64Array(x.rows);
  const mix = (m: Matrix<FloatArray>): Matrix => {
    const data = new Float64Array(m.rows * m.cols);
    for (let i = 0; i < m.rows; i++) {
      const l = lambda[i]!;
      const a = i * m.cols;
      const b = partner[i]! * m.cols;
      for (let j = 0; j < m.cols; j++) data[a + j] = l * m.data[a + j]! + (1 - l) * m.data[b + j]!;
    }
    return { rows: m.rows, cols: m.cols, data };
  };
  for (let i = 0; i < x.rows; i++) lambda[i] = rng.beta(alpha, alpha);
  return { x: mix(x), y: mix(y), lambda, partner };
}
