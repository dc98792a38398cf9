import type { Comparisons } from "../data/comparisons.js";
import { assertFiniteInRange } from "../errors/assert.js";
import { iterationOptions } from "./internal.js";
import { mmStep, rankByScore, type TieHandling, toDuels } from "./pairwiseInternal.js";
import type { RankingResult } from "./types.js";

/** Options for `bradleyTerry`. */
export interface BradleyTerryOptions {
  /** MM iteration cap. Default 1000. */
  maxIterations?: number;
  /** Stop when the scores (normalised to sum 1) move less than this in L1 norm. Default 1e-8. */
  tolerance?: number;
  /**
   * λ ≥ 0: every item also wins and loses λ comparisons against a virtual item of strength 1 (a conjugate prior),
   * so items that never win (or never lose) keep finite, positive strengths. Default 0: plain maximum likelihood,
   * as in Hunter (2004) and crowd-kit, where an item that never wins gets strength 0.
   */
  regularization?: number;
  /** A tie counts as half a win for each side ("half", default) or is dropped ("ignore"). */
  ties?: TieHandling;
}

/**
 * Bradley–Terry (Bradley & Terry 1952): P(i beats j) = γ_i / (γ_i + γ_j), fitted by Hunter's (2004) MM algorithm
 * from uniform strengths, each step one pass over the comparisons (no items × items matrix). Scores are γ
 * normalised to sum to 1, with a ranking from strongest to weakest. `logLikelihood` is the log-likelihood per
 * comparison (plus the virtual comparisons when regularised), which MM never decreases. The MLE exists only when
 * the "beats" graph is strongly connected; otherwise use `regularization`. O(comparisons + items) per iteration.
 */
export function bradleyTerry(c: Comparisons, options: BradleyTerryOptions = {}): RankingResult {
  const { regularization = 0, ties = "half" } = options;
  assertFiniteInRange(regularization, "regularization", { min: 0 });
  const { maxIterations, tolerance } = iterationOptions(options, { maxIterations: 1000, tolerance: 1e-8 });
  const duels = toDuels(c, ties);
  const n = duels.items;
  const gamma = new Float64Array(n).fill(regularization > 0 ? 1 : 1 / Math.max(n, 1));
  const wins = new Float64Array(duels.m).fill(1);
  const trace: number[] = [];
  let converged = false;
  let iterations = 0;
  const normalised = (g: Float64Array) => {
    let s = 0;
    for (const v of g) s += v;
    return g.map((v) => (s > 0 ? v / s : 0));
  };
  let before = normalised(gamma);
  for (let it = 0; it < maxIterations; it++) {
    iterations++;
    mmStep(duels, { gamma, wins, regularization });
    trace.push(logLikelihood(duels, gamma, regularization) / Math.max(duels.count, 1));
    const after = normalised(gamma);
    let moved = 0;
    for (let i = 0; i < n; i++) moved += Math.abs(after[i]! - before[i]!);
    before = after;
    if (moved < tolerance) {
      converged = true;
      break;
    }
  }
  const scores = normalised(gamma);
  return {
    method: "bt",
    scores,
    ranking: rankByScore(scores),
    judgments: duels.perRater,
    logLikelihood: Float64Array.from(trace),
    iterations,
    converged,
  };
}

function logLikelihood(duels: ReturnType<typeof toDuels>, gamma: Float64Array, lambda: number): number {
  let s = 0;
  for (let k = 0; k < duels.m; k++) {
    const a = gamma[duels.winner[k]!]!;
    const b = gamma[duels.loser[k]!]!;
    s += duels.weight[k]! * Math.log(a / (a + b));
  }
  if (lambda > 0) for (const g of gamma) s += lambda * (Math.log(g / (g + 1)) + Math.log(1 / (g + 1)));
  return s;
}
