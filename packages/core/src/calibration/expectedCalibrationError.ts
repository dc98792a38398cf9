import { assertInteger, assertSameLength } from "../errors/assert.js";

/** Options for `expectedCalibrationError`. */
export interface EceOptions {
  /** Equal-width confidence bins over [0, 1]. Default 15 (Guo et al. 2017). */
  bins?: number;
}

/** ECE and the reliability diagram behind it. */
export interface EceResult {
  /** Σ_b |B_b|/n · |accuracy(B_b) − confidence(B_b)|. NaN for no items. */
  ece: number;
  /** Largest |accuracy − confidence| over non-empty bins (MCE). */
  mce: number;
  /** Items per bin. */
  count: Int32Array;
  /** Mean confidence per bin (NaN when empty). */
  confidence: Float64Array;
  /** Share correct per bin (NaN when empty). */
  accuracy: Float64Array;
}

/**
 * Expected calibration error of top-label confidences (Naeini, Cooper & Hauskrecht 2015; Guo, Pleiss, Sun &
 * Weinberger 2017, "On Calibration of Modern Neural Networks", ICML, eq. 3): items are put into equal-width bins by
 * confidence (bin b holds (b/B, (b+1)/B], confidence 0 in the first), and the gaps between accuracy and mean
 * confidence are averaged, weighted by bin size. `correct[i]` is 1 when the predicted label was right. O(n + B).
 */
export function expectedCalibrationError(
  confidence: ArrayLike<number>,
  correct: ArrayLike<number>,
  options: EceOptions = {},
): EceResult {
  const { bins = 15 } = options;
  assertInteger(bins, "bins", { min: 1, max: 10_000 });
  assertSameLength(confidence, correct, "confidence and correct");
  const count = new Int32Array(bins);
  const confSum = new Float64Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < confidence.length; i++) {
    const c = confidence[i]!;
    if (!(c >= 0 && c <= 1)) throw new RangeError(`confidence[${i}] must be in [0, 1] (got ${c})`);
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(c * bins) - 1));
    count[b]!++;
    confSum[b]! += c;
    hits[b]! += correct[i]! ? 1 : 0;
  }
  const n = confidence.length;
  const conf = new Float64Array(bins).fill(Number.NaN);
  const acc = new Float64Array(bins).fill(Number.NaN);
  let ece = 0;
  let mce = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    conf[b] = confSum[b]! / count[b]!;
    acc[b] = hits[b]! / count[b]!;
    const gap = Math.abs(acc[b]! - conf[b]!);
    ece += (count[b]! / n) * gap;
    if (gap > mce) mce = gap;
  }
  return { ece: n === 0 ? Number.NaN : ece, mce, count, confidence: conf, accuracy: acc };
}
