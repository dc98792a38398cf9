import { assertFiniteInRange } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { createRng, type Seed } from "../random/rng.js";

/** Options for `gaussianNoise`. */
export interface GaussianNoiseOptions {
  /** Standard deviation of the noise. Default 0.1. */
  sd?: number;
  /** Scale the noise of each column by that column's standard deviation (for unscaled features). Default false. */
  perColumn?: boolean;
  /** Default 0. */
  seed?: Seed;
}

/** x + ε with ε ~ N(0, sd²) per entry (times the column's sd with `perColumn`); a new matrix. O(rows · cols). */
export function gaussianNoise(x: Matrix<FloatArray>, options: GaussianNoiseOptions = {}): Matrix {
  const { sd = 0.1, perColumn = false, seed = 0 } = options;
  assertFiniteInRange(sd, "sd", { min: 0 });
  const scale = new Float64Array(x.cols).fill(sd);
  if (perColumn && x.rows > 1) {
    for (let j = 0; j < x.cols; j++) {
      let mean = 0;
      for (let i = 0; i < x.rows; i++) mean += x.data[i * x.cols + j]!;
      mean /= x.rows;
      let ss = 0;
      for (let i = 0; i < x.rows; i++) ss += (x.data[i * x.cols + j]! - mean) ** 2;
      scale[j] = sd * Math.sqrt(ss / (x.rows - 1));
    }
  }
  const rng = createRng(seed);
  const data = new Float64Array(x.rows * x.cols);
  for (let k = 0; k < data.length; k++) data[k] = x.data[k]! + rng.normal(0, scale[k % x.cols]!);
  return { rows: x.rows, cols: x.cols, data };
}
