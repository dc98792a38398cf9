import type { Annotations } from "../data/annotations.js";
import type { Matrix } from "../linalg/matrix.js";
import { type CategoryCounts, toCategoryCounts } from "./categoryCounts.js";

/**
 * Krippendorff's (2011) coincidence matrix: o_ck = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1) over pairable units (m_u ≥ 2),
 * the number of c–k pairs of values within units, each unit contributing m_u values. Rows sum to the pairable
 * marginals n_c and the total is n; off-diagonal mass shows which values coders confuse. α at any level is
 * 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck. O(Σ_u d_u² + q²) (d_u = distinct values in unit u).
 */
export function coincidenceMatrix(data: Annotations | CategoryCounts): Matrix {
  const { classes, offsets, category, count, total } = toCategoryCounts(data);
  const q = classes.length;
  const o = new Float64Array(q * q);
  for (let u = 0; u < total.length; u++) {
    const m = total[u]!;
    if (m < 2) continue;
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
      const c = category[e]!;
      for (let f = offsets[u]!; f < offsets[u + 1]!; f++) {
        const k = category[f]!;
        o[c * q + k]! += (count[e]! * (count[f]! - (c === k ? 1 : 0))) / (m - 1);
      }
    }
  }
  return { rows: q, cols: q, data: o };
}
