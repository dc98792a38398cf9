import type { Annotations } from "../data/annotations.js";
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import {
  agreementWith,
  byItem,
  checkTies,
  decide,
  iterationOptions,
  voteResult,
  voteShares,
} from "./internal.js";
import type { AggregateResult, CategoricalOptions } from "./types.js";

/** Options for `zeroBasedSkill`. */
export interface ZeroBasedSkillOptions extends CategoricalOptions {
  /** Iteration cap. Default 100 (crowd-kit's n_iter). */
  maxIterations?: number;
  /** Stop when the hard labels repeat and no skill moves more than this. Default 1e-5. */
  tolerance?: number;
  /** Starting learning rate. Default 1. */
  learningRate?: number;
  /** The learning rate is multiplied by `decay` every `decayEvery` iterations. Defaults 0.5 and 20 (crowd-kit). */
  decay?: number;
  decayEvery?: number;
}

/**
 * Zero-Based Skill (crowd-kit's ZBS): skills start at 1/K + 1e-5 (K = classes used); each iteration runs a
 * skill-weighted majority vote and moves every skill towards the rater's agreement with it by a learning rate
 * (gradient descent on the squared gap), halving the rate every 20 iterations. Converges when the labels stop
 * changing and the skills stop moving. Not a likelihood method: `logLikelihood` is empty. O(n + items × classes)
 * per iteration.
 */
export function zeroBasedSkill(a: Annotations, options: ZeroBasedSkillOptions = {}): AggregateResult {
  checkTies(options.ties);
  const { learningRate = 1, decay = 0.5, decayEvery = 20 } = options;
  assertFiniteInRange(learningRate, "learningRate", { min: 0 });
  assertFiniteInRange(decay, "decay", { min: 0, max: 1 });
  assertInteger(decayEvery, "decayEvery", { min: 1 });
  const { maxIterations, tolerance } = iterationOptions(options, { maxIterations: 100, tolerance: 1e-5 });
  const d = byItem(a, options);
  const usedClasses = new Uint8Array(d.K);
  for (let k = 0; k < d.n; k++) usedClasses[d.label[k]!] = 1;
  let distinct = 0;
  for (const u of usedClasses) distinct += u;
  const skill = new Float64Array(d.R).fill(1 / Math.max(distinct, 1) + 1e-5);
  let labels: Int32Array = new Int32Array(0);
  let rate = learningRate;
  let converged = false;
  let iterations = 0;
  for (let it = 1; it <= maxIterations; it++) {
    iterations++;
    if (it % decayEvery === 0) rate *= decay;
    const votes = voteShares(d, skill);
    const next = decide(votes, d, options);
    const agreement = agreementWith(next, d, { post: votes, ties: options.ties });
    let moved = 0;
    for (let r = 0; r < d.R; r++) {
      if (Number.isNaN(agreement[r]!)) continue;
      const step = rate * (agreement[r]! - skill[r]!);
      skill[r]! += step;
      moved = Math.max(moved, Math.abs(step));
    }
    const same = labels.length === next.length && labels.every((v, i) => v === next[i]);
    labels = next;
    if (same && moved <= tolerance) {
      converged = true;
      break;
    }
  }
  const post = voteShares(d, skill);
  return voteResult("zbs", d, { post, skill, options, iterations, converged });
}
