import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng, type Seed } from "../random/rng.js";
import {
  classCount,
  type FitPredict,
  halve,
  heldOut,
  symmetricNoiseFromAgreement,
} from "./noisyCrossValidation.js";

/** Options for `incv`. */
export interface IncvOptions {
  /** Fits on the given rows, predicts the held-out ones. */
  fitPredict: FitPredict;
  /** Number of classes K. Default: the largest label + 1 (at least 2). */
  classes?: number;
  /** Rounds (N of Algorithm 2). Default 4, as in the authors' runs. */
  rounds?: number;
  /**
   * Remove ratio r: each half removes the r·|selected| highest-loss rows it did not select. Default "auto":
   * min(2, ε/(1 − ε)) with ε the noise rate estimated in round 1 (the authors' code). 0 removes nothing (their
   * setting for asymmetric noise).
   */
  removeRatio?: number | "auto";
  /** Seed of the random halvings. Default 0. */
  seed?: Seed;
  /** Called after each round; returning true stops (cancellation). */
  onRound?: (round: IncvRound) => boolean | undefined;
}

/** What one INCV round did. */
export interface IncvRound {
  /** 1-based. */
  round: number;
  /** Candidates at the start of the round. */
  candidates: number;
  /** Rows newly selected (predicted as labelled by the model that did not see them). */
  selected: number;
  /** Rows newly removed (highest held-out loss among the unselected). */
  removed: number;
  /** Share of the round's candidates selected (held-out agreement with the given labels). */
  agreement: number;
  /** Symmetric noise rate among this round's candidates implied by `agreement`. */
  candidateNoise: number;
}

/** Result of `incv`. */
export interface IncvResult {
  /** Status of each row: 2 selected (clean set), 1 still a candidate, 0 removed (probably mislabeled). */
  status: Uint8Array;
  /** Indices of the selected rows (ascending). */
  selected: Int32Array;
  /** Indices of the removed rows (ascending). */
  removed: Int32Array;
  /** Indices of the remaining candidates (ascending). */
  candidates: Int32Array;
  /** Held-out cross-entropy of the given label, from the last round that predicted the row. */
  loss: Float64Array;
  /** Held-out probabilities (rows × classes), from the last round that predicted the row. */
  probs: Matrix;
  /** Rows worst first: removed, then candidates, then selected; by held-out loss (descending), then index. */
  ranked: Int32Array;
  /** Noise rate of the whole data estimated in round 1 (symmetric-noise formula). */
  estimatedNoise: number;
  /** The remove ratio used. */
  removeRatio: number;
  rounds: IncvRound[];
}

/**
 * Iterative noisy cross-validation (Chen, Liao, Chen & Zhang 2019, Algorithm 2, with the details of the authors'
 * code): start with no selected rows and every row a candidate. Each round splits the candidates at random into
 * halves C1 and C2; a model trained on the selected rows plus C1 selects the rows of C2 it predicts as labelled and
 * removes the r·|selected| rows of C2 it did not select with the largest loss; then the same with the halves
 * swapped (trained on the previously selected rows plus C2). Selected and removed rows leave the candidates. The
 * round-1 agreement gives the noise estimate ε and, by default, r = min(2, ε/(1 − ε)). Costs 2 fits per round.
 */
export function incv(labels: Int32Array, options: IncvOptions): IncvResult {
  const k = classCount(labels, options.classes);
  const { rounds = 4, seed = 0, onRound } = options;
  assertInteger(rounds, "rounds", { min: 1 });
  if (options.removeRatio !== undefined && options.removeRatio !== "auto")
    assertFiniteInRange(options.removeRatio, "removeRatio", { min: 0 });
  const n = labels.length;
  if (n < 2) throw new RangeError(`INCV needs at least 2 rows (got ${n})`);
  const rng = createRng(seed);
  const status = new Uint8Array(n).fill(1);
  const loss = new Float64Array(n);
  const probs = new Float64Array(n * k);
  const p = { labels, classes: k, fitPredict: options.fitPredict };
  let removeRatio = typeof options.removeRatio === "number" ? options.removeRatio : Number.NaN;
  let estimatedNoise = Number.NaN;
  const log: IncvRound[] = [];
  for (let round = 1; round <= rounds; round++) {
    const candidates = indicesWith(status, 1);
    if (candidates.length < 2) break;
    const previous = indicesWith(status, 2);
    const [c1, c2] = halve(candidates, rng);
    let agree = 0;
    const newlySelected: number[] = [];
    const newlyRemoved: number[] = [];
    for (const [train, test] of [
      [c1, c2],
      [c2, c1],
    ] as const) {
      if (train.length + previous.length === 0 || test.length === 0) continue;
      const h = heldOut(p, concat(previous, train), test);
      const unselected: number[] = [];
      let picked = 0;
      test.forEach((i, t) => {
        loss[i] = h.loss[t]!;
        probs.set(h.probs.subarray(t * k, (t + 1) * k), i * k);
        if (h.correct[t]) {
          newlySelected.push(i);
          picked++;
        } else unselected.push(i);
      });
      agree += picked;
      if (Number.isNaN(removeRatio)) {
        // Round 1, first half: the authors estimate ε from this half's agreement.
        estimatedNoise = symmetricNoiseFromAgreement(picked / test.length, k);
        removeRatio = Math.min(2, estimatedNoise / Math.max(1e-12, 1 - estimatedNoise));
      }
      unselected.sort((x, y) => loss[y]! - loss[x]! || x - y);
      const drop = Math.min(unselected.length, Math.floor(removeRatio * picked));
      for (let t = 0; t < drop; t++) newlyRemoved.push(unselected[t]!);
    }
    for (const i of newlySelected) status[i] = 2;
    for (const i of newlyRemoved) status[i] = 0;
    const agreement = agree / candidates.length;
    if (Number.isNaN(estimatedNoise)) estimatedNoise = symmetricNoiseFromAgreement(agreement, k);
    const entry: IncvRound = {
      round,
      candidates: candidates.length,
      selected: newlySelected.length,
      removed: newlyRemoved.length,
      agreement,
      candidateNoise: symmetricNoiseFromAgreement(agreement, k),
    };
    log.push(entry);
    if (onRound?.(entry)) break;
  }
  const ranked = Int32Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => status[x]! - status[y]! || loss[y]! - loss[x]! || x - y,
  );
  return {
    status,
    selected: indicesWith(status, 2),
    removed: indicesWith(status, 0),
    candidates: indicesWith(status, 1),
    loss,
    probs: { rows: n, cols: k, data: probs },
    ranked,
    estimatedNoise,
    removeRatio: Number.isNaN(removeRatio) ? 0 : removeRatio,
    rounds: log,
  };
}

function indicesWith(status: Uint8Array, value: number): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < status.length; i++) if (status[i] === value) out.push(i);
  return Int32Array.from(out);
}

function concat(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
