import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { Features } from "../linalg/csr.js";
import type { Seed } from "../random/rng.js";
import type { Learner } from "./learner.js";
import { type Model, predictProba } from "./predict.js";
import { checkTrainingInput } from "./shared.js";

/** Options for `pruneLowConfidence`. */
export interface PruneLowConfidenceOptions {
  /** Fits a model with the given row weights (pruned rows get weight 0). Required. */
  learner: Learner;
  /** k: rows whose probability of their own label is at most k are pruned. Default 0.5 (the paper's). */
  threshold?: number;
  /** Refits after the first fit, at most (it stops earlier when the kept rows no longer change). Default 2. */
  rounds?: number;
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /** Per-row weights, multiplied by the 0/1 pruning weights. Default: all 1. */
  sampleWeight?: Float64Array;
  /** Seed passed to the learner. Default 0. */
  seed?: Seed;
}

/** Result of `pruneLowConfidence`. */
export interface PruneLowConfidenceResult {
  model: Model;
  /** 1 for the rows the final model was trained on. */
  kept: Uint8Array;
  /** Fits made (1 + refits). */
  iterations: number;
  /** True when the kept rows stopped changing before the round cap. */
  converged: boolean;
  /** Rows kept for each fit (the first fit keeps every row). */
  keptTrace: number[];
}

/**
 * The truncated L_q loss of Zhang & Sabuncu (2018, §3.3, Algorithm 1), optimised as they do by alternating between
 * the model and 0/1 row weights: fit on the kept rows, then keep only the rows whose probability of their own label
 * exceeds k (L_q(p_y) < L_q(k)), and refit. With a learner that fits GCE this is their truncated GCE; any learner
 * works (with cross-entropy it is plain self-pruning). The paper prunes every 10 epochs from epoch 40 and keeps the
 * network's weights between rounds; here each round refits from the learner's start. Cost: (1 + rounds) fits plus
 * one prediction per round.
 */
export function pruneLowConfidence(
  x: Features,
  y: Int32Array,
  options: PruneLowConfidenceOptions,
): PruneLowConfidenceResult {
  const k = checkTrainingInput(x, y, options);
  const { learner, threshold = 0.5, rounds = 2, sampleWeight, seed = 0 } = options;
  assertFiniteInRange(threshold, "threshold", { min: 0, max: 1 });
  assertInteger(rounds, "rounds", { min: 0 });
  const n = y.length;
  const kept = new Uint8Array(n).fill(1);
  const weight = new Float64Array(n);
  const keptTrace: number[] = [];
  const fit = () => {
    let count = 0;
    for (let i = 0; i < n; i++) {
      weight[i] = kept[i] ? (sampleWeight ? sampleWeight[i]! : 1) : 0;
      count += kept[i]!;
    }
    keptTrace.push(count);
    return learner(x, y, { classes: k, seed, sampleWeight: weight.slice() });
  };
  let model = fit();
  let converged = false;
  for (let r = 0; r < rounds; r++) {
    const p = predictProba(model, x);
    let changed = 0;
    let total = 0;
    const next = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      next[i] = p.data[i * k + y[i]!]! > threshold ? 1 : 0;
      total += next[i]!;
      if (next[i] !== kept[i]) changed++;
    }
    if (changed === 0) {
      converged = true;
      break;
    }
    // Pruning every row would leave nothing to fit: keep the last model.
    if (total === 0) break;
    kept.set(next);
    model = fit();
  }
  return { model, kept, iterations: keptTrace.length, converged, keptTrace };
}
