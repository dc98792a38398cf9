import type { Annotations } from "../data/annotations.js";
import type { Matrix } from "../linalg/matrix.js";
import { agreementWeightsFor } from "./agreementOptions.js";
import type { ItemStatistic } from "./bootstrap.js";
import { coefficient } from "./chanceCorrected.js";
import type { CohenKappaOptions } from "./cohenKappa.js";
import { tableInput, tableStatistic } from "./contingencyTable.js";
import { type AgreementResult, finishResult } from "./result.js";

/** Options for `scottPi` (the same as Cohen's κ). */
export interface ScottPiOptions extends CohenKappaOptions {}

/** Scott's π with its table. */
export interface ScottPiResult extends AgreementResult {
  table: Matrix;
  raters?: [string, string];
}

/** π, p_o, p_e and the pooled class distribution of a q × q table. O(q²). */
export function scottParts(t: Float64Array, q: number, w: Float64Array | null) {
  const pi = new Float64Array(q);
  let n = 0;
  let po = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const v = t[i * q + j]!;
      pi[i]! += v;
      pi[j]! += v;
      n += v;
      po += v * (w ? w[i * q + j]! : i === j ? 1 : 0);
    }
  }
  for (let k = 0; k < q; k++) pi[k]! /= 2 * n;
  let pe = 0;
  for (let k = 0; k < q; k++) {
    if (!w) pe += pi[k]! * pi[k]!;
    else for (let l = 0; l < q; l++) pe += w[k * q + l]! * pi[k]! * pi[l]!;
  }
  po /= n;
  return { n, po, pe, pi, value: n > 0 ? coefficient(po, pe) : Number.NaN };
}

/**
 * Scott's π (Scott 1955) between two raters on the items both judged, or from a q × q table: like Cohen's κ but
 * with one class distribution pooled over both raters, p_e = Σ_kl w_kl π_k π_l. It equals Fleiss' κ on the two
 * raters. Standard error: Gwet (2014)'s two-rater linearisation, Σ_u (κ*_u − π)² / n² over the n shared items (as
 * irrCAC's `scott2.table`; the multi-rater form in `fleissKappa` divides by n(n − 1) instead). O(n + items + q²).
 */
export function scottPi(data: Annotations | Matrix, options: ScottPiOptions = {}): ScottPiResult {
  const input = tableInput(data, options.raters);
  const { q, counts: t } = input;
  const w = agreementWeightsFor(input.classes, options);
  const { n, po, pe, pi, value } = scottParts(t, q, w);
  let se = Number.NaN;
  if (n > 1 && Number.isFinite(value)) {
    // Per-unit parts for an item in cell (i, j): p_a,u = (w_ij + w_ji)/2, p_e,u = (π̄w_i + π̄w_j)/2.
    const piW = new Float64Array(q);
    for (let k = 0; k < q; k++) {
      if (!w) piW[k] = pi[k]!;
      else for (let l = 0; l < q; l++) piW[k]! += ((w[k * q + l]! + w[l * q + k]!) / 2) * pi[l]!;
    }
    let ss = 0;
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < q; j++) {
        const c = t[i * q + j]!;
        if (c === 0) continue;
        const pa = w ? (w[i * q + j]! + w[j * q + i]!) / 2 : i === j ? 1 : 0;
        const peU = (piW[i]! + piW[j]!) / 2;
        const k = (pa - pe) / (1 - pe) - (2 * (1 - value) * (peU - pe)) / (1 - pe);
        ss += c * (k - value) ** 2;
      }
    }
    se = Math.sqrt(ss / (n * n));
  }
  const result = finishResult(
    { value, observed: po, expected: pe, units: n, se },
    () => tableStatistic(input, (tt) => scottParts(tt, q, w).value),
    options,
  );
  return {
    ...result,
    table: { rows: q, cols: q, data: t },
    ...(input.pair ? { raters: [...input.pair.raterNames] as [string, string] } : {}),
  };
}

/** Scott's π as an item statistic, for bootstraps run by the caller. */
export function scottPiStatistic(
  data: Annotations | Matrix,
  options: Omit<ScottPiOptions, "bootstrap" | "seed" | "confidence"> = {},
): ItemStatistic {
  const input = tableInput(data, options.raters);
  const w = agreementWeightsFor(input.classes, options);
  return tableStatistic(input, (t) => scottParts(t, input.q, w).value);
}
