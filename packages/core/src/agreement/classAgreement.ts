import type { Annotations } from "../data/annotations.js";
import { type CategoryCounts, toCategoryCounts } from "./categoryCounts.js";

/** Agreement on each class. */
export interface ClassAgreementResult {
  readonly classes: readonly string[];
  /** Judgments of each class in pairable units (items with ≥ 2 judgments). */
  judgments: Float64Array;
  /** The class's share p_k of those judgments. */
  share: Float64Array;
  /**
   * Specific agreement P_k = Σ_u n_uk (n_uk − 1) / Σ_u n_uk (m_u − 1): given one judgment of class k, the chance that
   * another judgment of the same item is also k. NaN for a class never used on a pairable item.
   */
  specificAgreement: Float64Array;
  /** Category κ_k = (P_k − p_k)/(1 − p_k) (Fleiss 1971, eq. 17 generalised to varying m); NaN when undefined. */
  kappa: Float64Array;
}

/**
 * Per-class agreement (Fleiss 1971's category kappas and specific agreement, Uebersax 1982): which classes raters
 * agree on and which they confuse. A class with high κ_k is used consistently; a low one is where the guidelines
 * are unclear. O(n + q).
 */
export function classAgreement(data: Annotations | CategoryCounts): ClassAgreementResult {
  const { classes, offsets, category, count, total } = toCategoryCounts(data);
  const q = classes.length;
  const judgments = new Float64Array(q);
  const same = new Float64Array(q);
  const pairs = new Float64Array(q);
  let n = 0;
  for (let u = 0; u < total.length; u++) {
    const m = total[u]!;
    if (m < 2) continue;
    n += m;
    for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
      const c = category[e]!;
      const x = count[e]!;
      judgments[c]! += x;
      same[c]! += x * (x - 1);
      pairs[c]! += x * (m - 1);
    }
  }
  const share = new Float64Array(q);
  const specificAgreement = new Float64Array(q);
  const kappa = new Float64Array(q);
  for (let c = 0; c < q; c++) {
    share[c] = n > 0 ? judgments[c]! / n : Number.NaN;
    specificAgreement[c] = pairs[c]! > 0 ? same[c]! / pairs[c]! : Number.NaN;
    kappa[c] = share[c]! < 1 ? (specificAgreement[c]! - share[c]!) / (1 - share[c]!) : Number.NaN;
  }
  return { classes, judgments, share, specificAgreement, kappa };
}
