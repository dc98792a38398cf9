import type { Comparisons } from "../data/comparisons.js";
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { iterationOptions } from "./internal.js";
import { mmStep, rankByScore, type TieHandling, toDuels } from "./pairwiseInternal.js";
import type { RankingResult } from "./types.js";

/** Options for `crowdBradleyTerry`. */
export interface CrowdBradleyTerryOptions {
  /** EM iteration cap. Default 1000. */
  maxIterations?: number;
  /** Stop when the objective per comparison improves by less than this. Default 1e-8. */
  tolerance?: number;
  /**
   * λ: virtual wins and losses of every item against an item of strength 1 (Chen et al.'s regulariser, which
   * keeps strengths finite). Default 0.01.
   */
  regularization?: number;
  /** Starting reliability of every rater (must be > 0.5 to pick the orientation where raters mostly tell the truth). Default 0.8. */
  initialReliability?: number;
  /** Beta(a, a) prior on reliabilities (a = 1: none). Default 1. */
  reliabilityPrior?: number;
  /** MM steps on the strengths per M-step. Default 5. */
  innerSteps?: number;
  /** Ties as half a win for each side ("half", default) or dropped ("ignore"). */
  ties?: TieHandling;
}

/**
 * Crowd-BT (Chen, Bennett, Collins-Thompson & Horvitz 2013, "Pairwise ranking aggregation in a crowdsourced
 * setting"): Bradley–Terry with a reliability η_r per rater, who reports their true preference with probability
 * η_r and the reverse otherwise: P(r says i ≻ j) = η_r σ(s_i − s_j) + (1 − η_r) σ(s_j − s_i). Fitted by
 * generalised EM: the E-step computes the probability that each comparison was reported truthfully, the M-step
 * sets η_r to the rater's mean and moves the strengths by Hunter's MM steps on the resulting fractional wins (each
 * step increases the expected log-likelihood, so the objective never decreases). Scores are e^{s} normalised to
 * sum 1. `reliability` is η. `logLikelihood` is the log posterior per comparison (likelihood plus the virtual
 * comparisons and the Beta prior). Unlike crowd-kit's NoisyBradleyTerry there is no per-rater position bias.
 * O(comparisons + items) per iteration.
 */
export function crowdBradleyTerry(c: Comparisons, options: CrowdBradleyTerryOptions = {}): RankingResult {
  const {
    regularization = 0.01,
    initialReliability = 0.8,
    reliabilityPrior = 1,
    innerSteps = 5,
    ties = "half",
  } = options;
  assertFiniteInRange(regularization, "regularization", { min: Number.MIN_VALUE });
  assertFiniteInRange(initialReliability, "initialReliability", { min: 0.5000001, max: 1 });
  assertFiniteInRange(reliabilityPrior, "reliabilityPrior", { min: 1 });
  assertInteger(innerSteps, "innerSteps", { min: 1 });
  const { maxIterations, tolerance } = iterationOptions(options, { maxIterations: 1000, tolerance: 1e-8 });
  const duels = toDuels(c, ties);
  const R = Math.max(c.raters.length, 1);
  const gamma = new Float64Array(duels.items).fill(1);
  const eta = new Float64Array(R).fill(initialReliability);
  const truthful = new Float64Array(duels.m);
  const sum = new Float64Array(R);
  const weight = new Float64Array(R);
  const trace: number[] = [];
  let previous = -Infinity;
  let converged = false;
  let iterations = 0;
  const a = reliabilityPrior;
  for (let it = 0; it < maxIterations; it++) {
    iterations++;
    // E-step: P(truthful report) per comparison, and the log posterior of the current parameters.
    let objective = 0;
    for (let k = 0; k < duels.m; k++) {
      const gw = gamma[duels.winner[k]!]!;
      const gl = gamma[duels.loser[k]!]!;
      const e = eta[duels.rater[k]!]!;
      const honest = (e * gw) / (gw + gl);
      const flipped = ((1 - e) * gl) / (gw + gl);
      truthful[k] = honest / (honest + flipped);
      objective += duels.weight[k]! * Math.log(honest + flipped);
    }
    for (const g of gamma) objective += regularization * (Math.log(g / (g + 1)) + Math.log(1 / (g + 1)));
    if (a > 1) for (const e of eta) objective += (a - 1) * (Math.log(e) + Math.log(1 - e));
    objective /= Math.max(duels.count, 1);
    trace.push(objective);
    if (objective - previous < tolerance) {
      converged = true;
      break;
    }
    previous = objective;
    // M-step: reliabilities in closed form, strengths by MM on the fractional wins.
    sum.fill(0);
    weight.fill(0);
    for (let k = 0; k < duels.m; k++) {
      sum[duels.rater[k]!]! += duels.weight[k]! * truthful[k]!;
      weight[duels.rater[k]!]! += duels.weight[k]!;
    }
    for (let r = 0; r < R; r++) {
      if (weight[r]! > 0) eta[r] = (sum[r]! + a - 1) / (weight[r]! + 2 * (a - 1));
      eta[r] = Math.min(Math.max(eta[r]!, 1e-12), 1 - 1e-12);
    }
    for (let s = 0; s < innerSteps; s++) mmStep(duels, { gamma, wins: truthful, regularization });
  }
  let total = 0;
  for (const g of gamma) total += g;
  const scores = gamma.map((g) => g / total);
  return {
    method: "noisybt",
    scores,
    ranking: rankByScore(scores),
    reliability: eta.subarray(0, c.raters.length),
    judgments: duels.perRater,
    logLikelihood: Float64Array.from(trace),
    iterations,
    converged,
  };
}
