import { groupBy } from "../data/groupBy.js";
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { type ConfidentJointResult, confidentJoint } from "./confidentJoint.js";
import { scoresUnchecked } from "./labelQualityScores.js";
import {
  argmaxRow,
  checkLabelsAndProbs,
  markSmallest,
  pairwiseSum,
  roundPreservingRowTotals,
} from "./numeric.js";

/** How `findLabelIssues` decides which labels are issues (cleanlab's `filter_by`). */
export type FilterBy =
  | "prune_by_noise_rate"
  | "prune_by_class"
  | "both"
  | "confident_learning"
  | "predicted_neq_given"
  | "low_normalized_margin"
  | "low_self_confidence";

/** Every filter, in the order the docs list them. */
export const FILTER_BY: readonly FilterBy[] = [
  "prune_by_noise_rate",
  "prune_by_class",
  "both",
  "confident_learning",
  "predicted_neq_given",
  "low_normalized_margin",
  "low_self_confidence",
];

/** Options for `findLabelIssues`. */
export interface FindLabelIssuesOptions {
  /** Which examples to flag. Default "prune_by_noise_rate" (cleanlab's default). */
  filterBy?: FilterBy;
  /**
   * Keep only this fraction of the estimated noise in every off-diagonal cell before pruning (prune_by_* and
   * both only; the others ignore it, as in cleanlab). Default 1.
   */
  fracNoise?: number;
  /** Exactly how many issues to flag per given class (prune_by_* and both only). Default: estimated. */
  numToRemovePerClass?: ArrayLike<number>;
  /** Leave at least this many examples labeled with each class (prune_by_* and both). Default 1. */
  minExamplesPerClass?: number;
  /** A confident joint C[given][true] to prune with instead of the calibrated one computed here. */
  confidentJoint?: Matrix;
}

/** Which examples are label issues, and the estimates behind the decision. */
export interface FindLabelIssuesResult {
  /** 1 where the given label is flagged as an issue. */
  mask: Uint8Array;
  /** The flagged indices, ascending. */
  indices: Int32Array;
  filterBy: FilterBy;
  /** The confident joint (calibrated and raw), thresholds and off-diagonal examples. */
  confident: ConfidentJointResult;
  /** prune_by_* and both: how many examples to prune per (given, true) cell, K×K, [given][true]. */
  pruneCounts?: Matrix;
}

/**
 * Finds label issues with confident learning (Northcutt, Jiang & Chuang 2021, JAIR, §3.2), reproducing cleanlab
 * 2.9's `find_label_issues` for every `filter_by` mode:
 * - prune_by_noise_rate: for each off-diagonal cell (given i, true j) of the calibrated confident joint, the
 *   C[i][j] examples labeled i with the largest margin p_j − p_i;
 * - prune_by_class: for each class i, the Σ_{j≠i} C[i][j] examples labeled i with the smallest p_i;
 * - both: flagged by both; confident_learning: the off-diagonal examples of the (raw) confident joint;
 * - predicted_neq_given: argmax p ≠ given label;
 * - low_normalized_margin / low_self_confidence: the n lowest scores, n = off-diagonal count of the raw joint.
 * All but the last two then unflag examples whose argmax is the given label. Ties (equal probabilities or scores)
 * go to the lower index, where numpy's unstable sort leaves them unspecified. O(N·K) expected time (linear-time
 * selection, no full sort), O(N) extra memory.
 */
export function findLabelIssues(
  labels: Int32Array,
  probs: Matrix<FloatArray>,
  options: FindLabelIssuesOptions = {},
): FindLabelIssuesResult {
  const k = checkLabelsAndProbs(labels, probs);
  const filterBy: FilterBy = options.filterBy ?? "prune_by_noise_rate";
  const { fracNoise = 1, minExamplesPerClass = 1 } = options;
  assertFiniteInRange(fracNoise, "fracNoise", { min: 0, max: 1 });
  assertInteger(minExamplesPerClass, "minExamplesPerClass", { min: 0 });
  const n = labels.length;
  const confident = confidentJoint(labels, probs);
  const d = probs.data;
  let mask = new Uint8Array(n);
  let pruneCounts: Matrix | undefined;
  switch (filterBy) {
    case "confident_learning":
      for (const i of confident.offDiagonal) mask[i] = 1;
      break;
    case "predicted_neq_given":
      for (let i = 0; i < n; i++) if (argmaxRow(d, i, k) !== labels[i]) mask[i] = 1;
      break;
    case "low_normalized_margin":
    case "low_self_confidence": {
      const scores = scoresUnchecked(
        labels,
        probs,
        filterBy === "low_self_confidence" ? "self_confidence" : "normalized_margin",
      );
      markSmallest(scores, confident.offDiagonal.length, { mask });
      break;
    }
    case "prune_by_noise_rate":
    case "prune_by_class":
    case "both": {
      const cj = options.confidentJoint ?? confident.joint;
      if (cj.rows !== k || cj.cols !== k) {
        throw new RangeError(`confidentJoint must be ${k}×${k} (got ${cj.rows}×${cj.cols})`);
      }
      const pcm = pruneCountMatrix(cj, {
        labels,
        minExamples: minExamplesPerClass,
        fracNoise,
        numToRemove: options.numToRemovePerClass,
      });
      pruneCounts = transposeK(pcm, k);
      const groups = groupBy(labels, k);
      const byClass = filterBy !== "prune_by_noise_rate";
      const byCount = filterBy !== "prune_by_class";
      const classMask = byClass ? new Uint8Array(n) : undefined;
      const countMask = byCount ? new Uint8Array(n) : undefined;
      for (let c = 0; c < k; c++) {
        const start = groups.offsets[c]!;
        const size = groups.offsets[c + 1]! - start;
        // cleanlab ignores the mask of a class with a single example
        if (size <= minExamplesPerClass || size <= 1) continue;
        const idx = groups.order.subarray(start, start + size);
        const values = new Float64Array(size);
        if (classMask) {
          const numIssues = size - pcm[c * k + c]!;
          if (numIssues >= 1) {
            for (let t = 0; t < size; t++) values[t] = d[idx[t]! * k + c]!;
            markSmallest(values, numIssues, { idx, mask: classMask });
          }
        }
        if (countMask) {
          for (let j = 0; j < k; j++) {
            const prune = pcm[j * k + c]!;
            if (j === c || prune <= 0) continue;
            // largest margin p_j − p_c first: the smallest negated margins
            for (let t = 0; t < size; t++) {
              const b = idx[t]! * k;
              values[t] = -(d[b + j]! - d[b + c]!);
            }
            markSmallest(values, prune, { idx, mask: countMask });
          }
        }
      }
      if (classMask && countMask) {
        for (let i = 0; i < n; i++) mask[i] = classMask[i]! & countMask[i]!;
      } else mask = (classMask ?? countMask)!;
      break;
    }
  }
  if (filterBy !== "low_normalized_margin" && filterBy !== "low_self_confidence") {
    for (let i = 0; i < n; i++) if (mask[i] && argmaxRow(d, i, k) === labels[i]) mask[i] = 0;
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += mask[i]!;
  const indices = new Int32Array(count);
  for (let i = 0, o = 0; i < n; i++) if (mask[i]) indices[o++] = i;
  return { mask, indices, filterBy, confident, ...(pruneCounts ? { pruneCounts } : {}) };
}

function transposeK(m: Float64Array, k: number): Matrix {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[j * k + i] = m[i * k + j]!;
  return { rows: k, cols: k, data: out };
}

/**
 * The prune-count matrix P[true][given] (the confident joint transposed) after cleanlab's
 * `_keep_at_least_n_per_class`, `_reduce_prune_counts` (fracNoise) and the `num_to_remove_per_class` rescaling.
 */
function pruneCountMatrix(
  cj: Matrix,
  o: {
    labels: Int32Array;
    minExamples: number;
    fracNoise: number;
    numToRemove: ArrayLike<number> | undefined;
  },
): Float64Array {
  const k = cj.rows;
  const pcm = transposeK(Float64Array.from(cj.data, Math.round), k).data;
  // Raise each diagonal to at least minExamples, taking the difference evenly from the column's non-zero cells.
  const newDiag = new Float64Array(k);
  const shift = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const diag = pcm[c * k + c]!;
    newDiag[c] = Math.max(diag, o.minExamples);
    let nonzero = 0;
    for (let r = 0; r < k; r++) if (pcm[r * k + c] !== 0) nonzero++;
    shift[c] = (newDiag[c]! - diag) / Math.max(nonzero - 1, 1);
  }
  const kept = new Float64Array(k * k);
  for (let r = 0; r < k; r++)
    for (let c = 0; c < k; c++) {
      const v = pcm[r * k + c]! - shift[c]!;
      kept[r * k + c] = r === c ? newDiag[c]! : Math.max(v, 0);
    }
  // Keep fracNoise of each off-diagonal cell; the removed part returns to the diagonal; truncate to integers.
  const reduced = new Float64Array(k * k);
  for (let r = 0; r < k; r++)
    for (let c = 0; c < k; c++)
      reduced[r * k + c] = r === c ? kept[r * k + c]! : kept[r * k + c]! * o.fracNoise;
  const colLoss = new Float64Array(k);
  for (let r = 0; r < k; r++)
    for (let c = 0; c < k; c++) colLoss[c]! += kept[r * k + c]! - reduced[r * k + c]!;
  for (let c = 0; c < k; c++) reduced[c * k + c] = kept[c * k + c]! + colLoss[c]!;
  let out = roundPreservingRowTotals(reduced.map(Math.trunc), k);
  if (o.numToRemove !== undefined) {
    const ntr = o.numToRemove;
    if (ntr.length !== k) {
      throw new RangeError(
        `numToRemovePerClass must have one count per class (got ${ntr.length}, expected ${k})`,
      );
    }
    for (let c = 0; c < k; c++) assertInteger(ntr[c]!, `numToRemovePerClass[${c}]`, { min: 0 });
    const counts = new Float64Array(k);
    for (const l of o.labels) counts[l]!++;
    const rowSums = new Float64Array(k);
    for (let r = 0; r < k; r++) rowSums[r] = pairwiseSum(out, r * k, k);
    // numpy broadcasting in cleanlab: column c is divided by row c's total.
    const psy = new Float64Array(k * k);
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) psy[r * k + c] = out[r * k + c]! / rowSums[c]!;
    const tmp = new Float64Array(k * k);
    for (let r = 0; r < k; r++) {
      const noisePerS = pairwiseSum(psy, r * k, k) - psy[r * k + r]!;
      for (let c = 0; c < k; c++) tmp[r * k + c] = (psy[r * k + c]! * ntr[r]!) / noisePerS;
      tmp[r * k + r] = counts[r]! - ntr[r]!;
    }
    out = roundPreservingRowTotals(tmp, k);
  }
  return out;
}
