import { assertFiniteInRange } from "../../errors/assert.js";
import type { Matrix } from "../../linalg/matrix.js";
import { crossEntropyLoss } from "./crossEntropyLoss.js";
import type { LossFunction, LossOptions } from "./types.js";

/** Options for `noisyLabelAnnealing`. */
export interface NoisyLabelAnnealingOptions {
  /** The loss applied to the rows that are kept. Default cross-entropy. */
  base?: LossFunction;
  /** Threshold μ at the start of training. Default 0.9 (the paper's). */
  start?: number;
  /** Threshold μ at the end of training. Default 1/K (the paper's), K the number of classes. */
  end?: number;
}

/** A loss that drops rows, with a running count of what it saw and dropped. */
export type AnnealedLoss = LossFunction & {
  /** Rows evaluated and rows dropped, summed over every call (reset them to start a new count). */
  readonly stats: { seen: number; filtered: number };
  /** The loss of the kept rows (what held-out rows are scored with). */
  readonly base: LossFunction;
};

/**
 * Noisy label annealing (Wang, Yu, Firat & Cao 2021, "Towards Zero-Label Language Learning", §3.3), for training
 * on generated or LLM-labelled data: at training progress t ∈ [0, 1] a row is treated as mislabelled and left out of
 * the step when the model's most probable class is not its label and that class's probability exceeds
 * μ_t = start + (end − start)·t. The paper anneals μ from 0.9 to 1/K "over training" without giving the curve; vox
 * anneals it linearly in training progress (a documented choice). Needs `progress`, so it runs under minibatch
 * training only. Dropped rows get weight 0 for that step; the base loss sees the rest. O(rows · K) + the base loss.
 */
export function noisyLabelAnnealing(options: NoisyLabelAnnealingOptions = {}): AnnealedLoss {
  const { base = crossEntropyLoss, start = 0.9 } = options;
  assertFiniteInRange(start, "start", { min: 0, max: 1 });
  if (options.end !== undefined) assertFiniteInRange(options.end, "end", { min: 0, max: 1 });
  const stats = { seen: 0, filtered: 0 };
  const fn = (logits: Matrix, y: ArrayLike<number>, opts: LossOptions = {}): number => {
    const { progress } = opts;
    if (progress === undefined)
      throw new RangeError(
        "noisy label annealing needs the training progress: train with minibatches (not full-batch lbfgs)",
      );
    const { rows, cols: k, data } = logits;
    const end = options.end ?? 1 / k;
    const mu = start + (end - start) * Math.min(1, Math.max(0, progress));
    const weight = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const base = i * k;
      let arg = 0;
      for (let c = 1; c < k; c++) if (data[base + c]! > data[base + arg]!) arg = c;
      // max_c p_c = 1 / Σ_c exp(z_c − z_max)
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(data[base + c]! - data[base + arg]!);
      const drop = arg !== y[i] && 1 / sum > mu;
      weight[i] = drop ? 0 : opts.weight ? opts.weight[i]! : 1;
      if (drop) stats.filtered++;
    }
    stats.seen += rows;
    return base(logits, y, { ...opts, weight });
  };
  return Object.assign(fn, { stats, base });
}
