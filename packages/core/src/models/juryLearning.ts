import { assertCodes, assertInteger } from "../errors/assert.js";
import { type Features, selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng, type Seed } from "../random/rng.js";
import { type MultiAnnotatorModel, raterProba } from "./multiAnnotator.js";

/** One quota of a jury composition: `count` jurors drawn from `raters` (for example one demographic group). */
export interface JuryQuota {
  readonly raters: ArrayLike<number>;
  readonly count: number;
}

/** Options for `juryVerdicts`. */
export interface JuryOptions {
  /**
   * The jury: a fixed list of rater codes (one jury), or quotas from which `juries` juries are sampled without
   * replacement inside each quota (Gordon et al.'s jury composition, e.g. 6 jurors from one group and 6 from
   * another). Default: one quota of 12 jurors from every rater.
   */
  jury?: ArrayLike<number> | readonly JuryQuota[];
  /** Number of juries sampled from the quotas (ignored for a fixed jury). Default 100. */
  juries?: number;
  /**
   * How a jury reaches its verdict from its jurors' predicted labels: "plurality" (most common label; ties go to
   * the class with the higher summed probability) or "median" (median label code: for ordinal scales, classes in
   * scale order). Default "plurality".
   */
  verdict?: "plurality" | "median";
  /** Seed for sampling juries. Default 0. */
  seed?: Seed;
}

/** Result of `juryVerdicts`. */
export interface JuryResult {
  /** The juries used: juries × jury size rater codes. */
  juries: Int32Array[];
  /** Per row: the verdict most juries reach (ties: the lower class). */
  verdict: Int32Array;
  /** Per row and class: the share of juries whose verdict is that class (rows × classes): the spread over juries. */
  verdictShare: Matrix;
  /** Per row: mean over juries of the share of jurors whose own predicted label equals their jury's verdict. */
  jurorAgreement: Float64Array;
  /** Per row and class: mean over all jurors of all juries of their predicted probability of the class. */
  meanProba: Matrix;
}

function sampleJuries(quotas: readonly JuryQuota[], juries: number, seed: Seed): Int32Array[] {
  const rng = createRng(seed);
  const size = quotas.reduce((s, q) => s + q.count, 0);
  const out: Int32Array[] = [];
  for (let t = 0; t < juries; t++) {
    const jury = new Int32Array(size);
    let at = 0;
    for (const q of quotas) {
      for (const pick of rng.sample(q.raters.length, q.count)) jury[at++] = q.raters[pick]!;
    }
    out.push(jury);
  }
  return out;
}

/**
 * Jury learning (Gordon et al. 2022, "Jury learning: integrating dissenting voices into machine learning models",
 * CHI): predicts each juror's label with a multi-annotator model, lets each jury reach a verdict, and repeats over
 * many sampled juries of the chosen composition, so the result says both what such a jury decides and how much
 * that depends on who sits on it. The same sampled juries judge every row. O(rows · pool · K · h + rows · juries ·
 * size), where the pool is the raters that appear in any jury.
 */
export function juryVerdicts(model: MultiAnnotatorModel, x: Features, options: JuryOptions = {}): JuryResult {
  const { juries: count = 100, verdict: rule = "plurality", seed = 0 } = options;
  const all = Int32Array.from({ length: model.raters }, (_, r) => r);
  const spec = options.jury ?? [{ raters: all, count: Math.min(12, model.raters) }];
  let juries: Int32Array[];
  if (isQuotaList(spec)) {
    assertInteger(count, "juries", { min: 1 });
    for (const q of spec) {
      assertCodes(q.raters, model.raters, "jury quota raters");
      assertInteger(q.count, "quota count", { min: 0, max: q.raters.length });
    }
    juries = sampleJuries(spec, count, seed);
  } else {
    assertCodes(spec, model.raters, "jury");
    juries = [Int32Array.from(spec)];
  }
  const size = juries[0]!.length;
  if (size === 0) throw new RangeError("a jury needs at least one juror");
  // The pool: every rater on some jury, with its column in the per-row prediction block.
  const column = new Int32Array(model.raters).fill(-1);
  const pool: number[] = [];
  for (const jury of juries) for (const r of jury) if (column[r]! < 0) column[r] = pool.push(r) - 1;
  const k = model.classes;
  const n = x.rows;
  const verdict = new Int32Array(n);
  const share = new Float64Array(n * k);
  const agreement = new Float64Array(n);
  const mean = new Float64Array(n * k);
  const block = Math.max(1, Math.floor(262_144 / (pool.length * k)));
  const votes = new Float64Array(k);
  const mass = new Float64Array(k);
  const labels = new Int32Array(size);
  for (let start = 0; start < n; start += block) {
    const rows = Array.from({ length: Math.min(block, n - start) }, (_, t) => start + t);
    const p = raterProba(model, selectRows(x, rows), pool);
    rows.forEach((i, t) => {
      const own = new Int32Array(pool.length);
      for (let a = 0; a < pool.length; a++) {
        const base = (t * pool.length + a) * k;
        let best = 0;
        for (let c = 1; c < k; c++) if (p[base + c]! > p[base + best]!) best = c;
        own[a] = best;
      }
      for (const jury of juries) {
        votes.fill(0);
        mass.fill(0);
        for (let s = 0; s < size; s++) {
          const a = column[jury[s]!]!;
          labels[s] = own[a]!;
          votes[own[a]!]!++;
          for (let c = 0; c < k; c++) {
            const v = p[(t * pool.length + a) * k + c]!;
            mass[c]! += v;
            mean[i * k + c]! += v / (size * juries.length);
          }
        }
        let v = 0;
        if (rule === "median") {
          labels.sort();
          v = labels[(size - 1) >> 1]!;
        } else {
          for (let c = 1; c < k; c++)
            if (votes[c]! > votes[v]! || (votes[c] === votes[v] && mass[c]! > mass[v]!)) v = c;
        }
        share[i * k + v]! += 1 / juries.length;
        agreement[i]! += votes[v]! / size / juries.length;
      }
      let best = 0;
      for (let c = 1; c < k; c++) if (share[i * k + c]! > share[i * k + best]! + 1e-12) best = c;
      verdict[i] = best;
    });
  }
  return {
    juries,
    verdict,
    verdictShare: { rows: n, cols: k, data: share },
    jurorAgreement: agreement,
    meanProba: { rows: n, cols: k, data: mean },
  };
}

function isQuotaList(spec: ArrayLike<number> | readonly JuryQuota[]): spec is readonly JuryQuota[] {
  return spec.length > 0 && typeof spec[0] === "object";
}
