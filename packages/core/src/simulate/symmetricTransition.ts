import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { Matrix } from "../linalg/matrix.js";

/**
 * The K×K transition matrix of symmetric (uniform) label noise at rate r: T[i][i] = 1 − r and T[i][j] = r/(K − 1)
 * for j ≠ i, so a label is kept with probability 1 − r and otherwise replaced by one of the other classes chosen
 * uniformly (the "symmetry flipping" of Han et al. 2018 and the uniform noise of Zhang & Sabuncu 2018). Rows are
 * true classes, columns observed ones. O(K²).
 */
export function symmetricTransition(classes: number, rate: number): Matrix {
  assertInteger(classes, "classes", { min: 2 });
  assertFiniteInRange(rate, "rate", { min: 0, max: 1 });
  const k = classes;
  const data = new Float64Array(k * k).fill(rate / (k - 1));
  for (let i = 0; i < k; i++) data[i * k + i] = 1 - rate;
  return { rows: k, cols: k, data };
}
