import type { Annotations } from "../data/annotations.js";
import type { Matrix } from "../linalg/matrix.js";
import { agreementWeightsFor, type WeightedOptions } from "./agreementOptions.js";
import type { ItemStatistic } from "./bootstrap.js";
import { coefficient } from "./chanceCorrected.js";
import { tableInput, tableStatistic } from "./contingencyTable.js";
import { type AgreementResult, finishResult } from "./result.js";

/** Options for `cohenKappa`. */
export interface CohenKappaOptions extends WeightedOptions {
  /** The two raters to compare (names or codes); default the dataset's only two raters. Ignored for a table. */
  raters?: readonly [string | number, string | number];
}

/** Cohen's κ with its table and null-hypothesis standard error. */
export interface CohenKappaResult extends AgreementResult {
  /** Standard error under H0: κ = 0 (Fleiss, Cohen & Everitt 1969), for z = κ / se0. */
  se0: number;
  /** The q × q contingency table the coefficient was computed from (rows: first rater). */
  table: Matrix;
  /** The two raters' names, for judgments. */
  raters?: [string, string];
}

/** Agreement weight of cell (i, j). */
const weightOf = (w: Float64Array | null, q: number) => (i: number, j: number) =>
  w ? w[i * q + j]! : i === j ? 1 : 0;

/** κ, p_o, p_e and the marginals of a q × q table. O(q²). */
export function cohenParts(t: Float64Array, q: number, w: Float64Array | null) {
  const wt = weightOf(w, q);
  const row = new Float64Array(q);
  const col = new Float64Array(q);
  let n = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const v = t[i * q + j]!;
      row[i]! += v;
      col[j]! += v;
      n += v;
    }
  }
  let po = 0;
  let pe = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const wij = wt(i, j);
      if (wij === 0) continue;
      po += wij * t[i * q + j]!;
      pe += wij * row[i]! * col[j]!;
    }
  }
  po /= n;
  pe /= n * n;
  return { n, po, pe, value: n > 0 ? coefficient(po, pe) : Number.NaN, row, col };
}

/**
 * Fleiss, Cohen & Everitt (1969) large-sample variances of (weighted) κ: non-null
 * [Σ p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κ))² − (κ − p_e(1 − κ))²] / (n (1 − p_e)²) and null
 * [Σ p_i. p_.j (w_ij − (w̄_i. + w̄_.j))² − p_e²] / (n (1 − p_e)²), with w̄_i. = Σ_j p_.j w_ij, w̄_.j = Σ_i p_i. w_ij.
 */
function cohenVariances(t: Float64Array, q: number, w: Float64Array | null) {
  const { n, pe, value: k, row, col } = cohenParts(t, q, w);
  const wt = weightOf(w, q);
  const wRow = new Float64Array(q);
  const wCol = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      wRow[i]! += (col[j]! / n) * wt(i, j);
      wCol[j]! += (row[i]! / n) * wt(i, j);
    }
  }
  let a = 0;
  let a0 = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      const wij = wt(i, j);
      a += (t[i * q + j]! / n) * (wij - (wRow[i]! + wCol[j]!) * (1 - k)) ** 2;
      a0 += (row[i]! / n) * (col[j]! / n) * (wij - (wRow[i]! + wCol[j]!)) ** 2;
    }
  }
  const den = n * (1 - pe) ** 2;
  return { se: Math.sqrt((a - (k - pe * (1 - k)) ** 2) / den), se0: Math.sqrt((a0 - pe * pe) / den) };
}

/**
 * Cohen's κ (Cohen 1960) and weighted κ (Cohen 1968) between two raters, on the items both judged, or from a
 * q × q contingency table: κ = (p_o − p_e)/(1 − p_e) with p_e from each rater's own class distribution. Analytic
 * standard errors from Fleiss, Cohen & Everitt (1969) (the ASE SAS PROC FREQ and statsmodels report). Linear and
 * quadratic weights use class ranks (see `classPositions`). O(n + items + q²).
 */
export function cohenKappa(data: Annotations | Matrix, options: CohenKappaOptions = {}): CohenKappaResult {
  const input = tableInput(data, options.raters);
  const w = agreementWeightsFor(input.classes, options);
  const parts = cohenParts(input.counts, input.q, w);
  const { se, se0 } =
    parts.n > 1 ? cohenVariances(input.counts, input.q, w) : { se: Number.NaN, se0: Number.NaN };
  const result = finishResult(
    { value: parts.value, observed: parts.po, expected: parts.pe, units: parts.n, se },
    () => tableStatistic(input, (t) => cohenParts(t, input.q, w).value),
    options,
  );
  return {
    ...result,
    se0,
    table: { rows: input.q, cols: input.q, data: input.counts },
    ...(input.pair ? { raters: [...input.pair.raterNames] as [string, string] } : {}),
  };
}

/** Cohen's κ as an item statistic, for bootstraps run by the caller. */
export function cohenKappaStatistic(
  data: Annotations | Matrix,
  options: Omit<CohenKappaOptions, "bootstrap" | "seed" | "confidence"> = {},
): ItemStatistic {
  const input = tableInput(data, options.raters);
  const w = agreementWeightsFor(input.classes, options);
  return tableStatistic(input, (t) => cohenParts(t, input.q, w).value);
}
