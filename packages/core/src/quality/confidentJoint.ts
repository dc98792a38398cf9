import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { calibrateConfidentJoint } from "./calibrateConfidentJoint.js";
import { thresholdsUnchecked } from "./confidentThresholds.js";
import { checkLabelsAndProbs } from "./numeric.js";

/** Options for `confidentJoint`. */
export interface ConfidentJointOptions {
  /** Per-class thresholds; default `confidentThresholds(labels, probs)`. */
  thresholds?: Float64Array;
  /** Calibrate the counts so each row sums to the given-label count and the total to N. Default true. */
  calibrate?: boolean;
}

/** The confident joint and what it was built from. */
export interface ConfidentJointResult {
  /**
   * K×K counts: (i, j) = examples given label i whose confident (true-label) guess is j. Calibrated unless
   * `calibrate: false`.
   */
  joint: Matrix;
  /** The uncalibrated counts (equal to `joint` when not calibrating). */
  rawJoint: Matrix;
  /** The thresholds used. */
  thresholds: Float64Array;
  /** Indices (ascending) of the examples counted off the diagonal: confident guess ≠ given label. */
  offDiagonal: Int32Array;
  /** Each example's confident guess, or −1 when no class passed its threshold. */
  guess: Int32Array;
}

/**
 * The confident joint C[given][true] (Northcutt, Jiang & Chuang 2021, JAIR, eq. 1): an example counts toward
 * (given label i, class j) when p_j ≥ t_j − 1e-6; with several classes above threshold it goes to the argmax
 * class. Diagonal entries are at least 1. Follows cleanlab 2.9's `compute_confident_joint`. O(N·K) time.
 */
export function confidentJoint(
  labels: Int32Array,
  probs: Matrix<FloatArray>,
  options: ConfidentJointOptions = {},
): ConfidentJointResult {
  const k = checkLabelsAndProbs(labels, probs);
  const { calibrate = true } = options;
  const thresholds = options.thresholds ?? thresholdsUnchecked(labels, probs, k);
  if (thresholds.length !== k) {
    throw new RangeError(
      `thresholds must have one value per class (got ${thresholds.length}, expected ${k})`,
    );
  }
  const n = labels.length;
  const shifted = thresholds.map((t) => t - 1e-6);
  const counts = new Float64Array(k * k);
  const guess = new Int32Array(n);
  let off = 0;
  const d = probs.data;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let above = 0;
    let firstAbove = -1;
    let argmax = 0;
    let best = d[base]!;
    for (let c = 0; c < k; c++) {
      const p = d[base + c]!;
      if (p >= shifted[c]!) {
        if (above === 0) firstAbove = c;
        above++;
      }
      if (p > best) {
        best = p;
        argmax = c;
      }
    }
    if (above === 0) {
      guess[i] = -1;
      continue;
    }
    const g = above > 1 ? argmax : firstAbove;
    guess[i] = g;
    counts[labels[i]! * k + g]!++;
    if (g !== labels[i]) off++;
  }
  const offDiagonal = new Int32Array(off);
  for (let i = 0, o = 0; i < n; i++) if (guess[i]! >= 0 && guess[i] !== labels[i]) offDiagonal[o++] = i;
  // Every class keeps at least one confidently correct example.
  for (let c = 0; c < k; c++) if (counts[c * k + c]! < 1) counts[c * k + c] = 1;
  const rawJoint: Matrix = { rows: k, cols: k, data: counts };
  const joint = calibrate ? calibrateConfidentJoint(rawJoint, labels) : rawJoint;
  return { joint, rawJoint, thresholds, offDiagonal, guess };
}
