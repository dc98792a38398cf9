import type { Matrix } from "../linalg/matrix.js";
import { type ClassOrder, classPositions } from "./classPositions.js";

/** Built-in weight schemes: "none" (exact matches only), "linear" and "quadratic" partial credit on ordered classes. */
export type WeightScheme = "none" | "linear" | "quadratic";

/** Agreement weights: a scheme, or an explicit q × q matrix with 1 on the diagonal and values in [0, 1]. */
export type Weights = WeightScheme | Matrix;

/**
 * The q × q agreement-weight matrix of a scheme over classes at ordinal `positions` (ranks 0 … P−1, see
 * `classPositions`): none w = [k = l]; linear w = 1 − |p_k − p_l| / (P − 1) (Cicchetti & Allison 1971);
 * quadratic w = 1 − (p_k − p_l)² / (P − 1)² (Fleiss & Cohen 1973). O(q²).
 */
export function agreementWeights(scheme: WeightScheme, positions: ArrayLike<number>): Matrix {
  const q = positions.length;
  const data = new Float64Array(q * q);
  let lo = Infinity;
  let hi = -Infinity;
  for (let c = 0; c < q; c++) {
    lo = Math.min(lo, positions[c]!);
    hi = Math.max(hi, positions[c]!);
  }
  const span = hi > lo ? hi - lo : 1;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      const d = Math.abs(positions[k]! - positions[l]!) / span;
      switch (scheme) {
        case "none":
          data[k * q + l] = k === l ? 1 : 0;
          break;
        case "linear":
          data[k * q + l] = 1 - d;
          break;
        case "quadratic":
          data[k * q + l] = 1 - d * d;
          break;
      }
    }
  }
  return { rows: q, cols: q, data };
}

/**
 * The weight matrix's data for `classes`, or null for exact-match weights (the fast path). Checks an explicit matrix:
 * q × q, values in [0, 1], 1 on the diagonal.
 */
export function resolveWeights(
  weights: Weights | undefined,
  classes: readonly string[],
  order: ClassOrder = "auto",
): Float64Array | null {
  if (weights === undefined || weights === "none") return null;
  const q = classes.length;
  if (typeof weights === "string") return agreementWeights(weights, classPositions(classes, order)).data;
  if (weights.rows !== q || weights.cols !== q) {
    throw new RangeError(
      `weights must be a ${q} × ${q} matrix, one row per class (got ${weights.rows} × ${weights.cols})`,
    );
  }
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      const w = weights.data[k * q + l]!;
      if (!(w >= 0 && w <= 1)) throw new RangeError(`weights[${k}][${l}] must be in [0, 1] (got ${w})`);
      if (k === l && w !== 1) throw new RangeError(`weights[${k}][${k}] must be 1 (got ${w})`);
    }
  }
  return weights.data;
}
