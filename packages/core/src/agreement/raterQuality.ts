import type { Annotations } from "../data/annotations.js";
import { groupBy } from "../data/groupBy.js";
import { raterAgreement } from "./raterAgreement.js";
import { spammerScore } from "./spammerScore.js";

/** Options for `raterQuality`. */
export interface RaterQualityOptions {
  /** Gold class code per item code (−1 = unknown), as `encodeGold(a, pairs).truth` gives. Default: no gold. */
  gold?: Int32Array;
  /** The class table gold codes index (`encodeGold`'s classes: the dataset's, then gold-only ones). Default `a.classes`. */
  goldClasses?: readonly string[];
}

/** What the confusion matrix and spammer score of a rater were measured against. */
export type QualityBasis = "gold" | "consensus" | "none";

/** One row per rater (arrays indexed by rater code). */
export interface RaterQualityResult {
  readonly raters: readonly string[];
  /** Class table of the confusion matrices (the gold classes when gold is given). */
  readonly classes: readonly string[];
  judgments: Int32Array;
  /** Judgments on items another rater also judged. */
  pairable: Int32Array;
  /** Rater vs rest agreement and its chance-corrected form (see `raterAgreement`). */
  restAgreement: Float64Array;
  restKappa: Float64Array;
  /** Agreement with the leave-one-out consensus (ties credited 1/t; see `raterAgreement`). */
  consensusAgreement: Float64Array;
  /** The rater's judgments on items with a gold label. */
  goldItems: Int32Array;
  /** Share of those judgments that match gold; NaN without any. */
  accuracy: Float64Array;
  /** Raykar & Yu (2012) spammer score (0 spammer … 1 informative) against `basis`. */
  spammerScore: Float64Array;
  /**
   * "gold" when the rater judged gold items of at least two gold classes, else "consensus" (the leave-one-out
   * plurality of the other raters) when those cover two classes, else "none" (score NaN).
   */
  basis: QualityBasis[];
  /** raters × q × q confusion matrices against `basis` (rows: truth or consensus, columns: the rater's label). */
  confusion: Float64Array;
  /** Median duration of the rater's judgments in ms; NaN when none has one. */
  medianDurationMs: Float64Array;
}

/**
 * Rater quality in one pass: judgments, agreement with the rest and with the leave-one-out consensus, accuracy and
 * confusion matrix against gold, Raykar & Yu's (2012) spammer score (against gold where the rater has enough, else
 * against the consensus), and median duration. O(Σ_j d_i(j) + n log n + raters × q²).
 */
export function raterQuality(a: Annotations, options: RaterQualityOptions = {}): RaterQualityResult {
  const { gold, goldClasses = a.classes } = options;
  if (gold && gold.length !== a.items.length) {
    throw new RangeError(
      `gold must have one entry per item (got ${gold.length} for ${a.items.length} items)`,
    );
  }
  if (goldClasses.length < a.classes.length) {
    throw new RangeError(
      `goldClasses must extend the dataset's ${a.classes.length} classes (got ${goldClasses.length})`,
    );
  }
  const raters = a.raters.length;
  const qa = a.classes.length;
  const q = goldClasses.length;
  const agreement = raterAgreement(a);

  const goldItems = new Int32Array(raters);
  const accuracy = new Float64Array(raters).fill(Number.NaN);
  const goldConfusion = new Float64Array(raters * q * q);
  if (gold) {
    for (let j = 0; j < a.item.length; j++) {
      const t = gold[a.item[j]!]!;
      if (t < 0) continue;
      if (t >= q) throw new RangeError(`gold code ${t} is outside goldClasses (size ${q})`);
      const g = a.rater[j]!;
      goldItems[g]!++;
      goldConfusion[g * q * q + t * q + a.label[j]!]!++;
    }
    for (let g = 0; g < raters; g++) {
      if (goldItems[g] === 0) continue;
      let right = 0;
      for (let c = 0; c < qa; c++) right += goldConfusion[g * q * q + c * q + c]!;
      accuracy[g] = right / goldItems[g]!;
    }
  }

  const score = new Float64Array(raters).fill(Number.NaN);
  const basis: QualityBasis[] = new Array(raters).fill("none");
  const confusion = new Float64Array(raters * q * q);
  const rowsUsed = (m: Float64Array, off: number, size: number) => {
    let used = 0;
    for (let c = 0; c < size; c++) {
      let s = 0;
      for (let k = 0; k < size; k++) s += m[off + c * size + k]!;
      if (s > 0) used++;
    }
    return used;
  };
  for (let g = 0; g < raters; g++) {
    const off = g * q * q;
    if (gold && rowsUsed(goldConfusion, off, q) >= 2) {
      basis[g] = "gold";
      confusion.set(goldConfusion.subarray(off, off + q * q), off);
    } else if (rowsUsed(agreement.consensusConfusion, g * qa * qa, qa) >= 2) {
      basis[g] = "consensus";
      for (let s = 0; s < qa; s++) {
        for (let c = 0; c < qa; c++)
          confusion[off + s * q + c] = agreement.consensusConfusion[g * qa * qa + s * qa + c]!;
      }
    } else continue;
    score[g] = spammerScore({ rows: q, cols: q, data: confusion.subarray(off, off + q * q) });
  }

  const medianDurationMs = new Float64Array(raters).fill(Number.NaN);
  if (a.durationMs) {
    const byRater = groupBy(a.rater, raters);
    const scratch = new Float64Array(a.item.length);
    for (let g = 0; g < raters; g++) {
      let m = 0;
      for (let x = byRater.offsets[g]!; x < byRater.offsets[g + 1]!; x++) {
        const d = a.durationMs[byRater.order[x]!]!;
        if (!Number.isNaN(d)) scratch[m++] = d;
      }
      if (m === 0) continue;
      const s = scratch.subarray(0, m).sort();
      medianDurationMs[g] = m % 2 ? s[(m - 1) / 2]! : (s[m / 2 - 1]! + s[m / 2]!) / 2;
    }
  }

  return {
    raters: a.raters,
    classes: goldClasses,
    judgments: agreement.judgments,
    pairable: agreement.pairable,
    restAgreement: agreement.restAgreement,
    restKappa: agreement.restKappa,
    consensusAgreement: agreement.consensusAgreement,
    goldItems,
    accuracy,
    spammerScore: score,
    basis,
    confusion,
    medianDurationMs,
  };
}
