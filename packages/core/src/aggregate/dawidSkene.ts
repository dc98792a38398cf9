import type { Annotations } from "../data/annotations.js";
import { assertFiniteInRange } from "../errors/assert.js";
import type { Matrix } from "../linalg/matrix.js";
import {
  checkStopping,
  confusionMatrices,
  EPS,
  expectedCounts,
  meanPosterior,
  runConfusionEm,
  usedAnswers,
} from "./confusionEm.js";
import { asMatrix, byItem, checkTies, clampKnown, decide, iterationOptions, voteShares } from "./internal.js";
import type { AggregateResult, CategoricalOptions } from "./types.js";

/** When EM stops. */
export type EmStopping = "likelihood" | "crowd-kit";

/** Options for `dawidSkene`. */
export interface DawidSkeneOptions extends CategoricalOptions {
  /** EM iteration cap. Default 100 (crowd-kit's n_iter). */
  maxIterations?: number;
  /** Stop when the objective (per judgment) improves by less than this. Default 1e-5 (crowd-kit's tol). */
  tolerance?: number;
  /**
   * Dirichlet smoothing: pseudo-count added to every cell of every confusion matrix (a symmetric Dirichlet(1 + α)
   * prior, so EM finds the MAP estimate). Default 0: maximum likelihood as in Dawid & Skene (1979) and crowd-kit,
   * where answers a rater never gave get probability 0 and observed ones are floored at 1e-10.
   */
  smoothing?: number;
  /**
   * What `tolerance` is compared with: "likelihood" (default) the log-likelihood per judgment under the current
   * parameters, which EM never decreases; "crowd-kit" the objective crowd-kit 1.4.1 stops on (see
   * `crowdKitObjective`), to reproduce its iteration counts exactly.
   */
  stopping?: EmStopping;
  /** Initial posteriors (items × classes, rows summing to 1). Default: soft majority vote (vote shares). */
  initialPosteriors?: Matrix;
}

/**
 * Dawid–Skene (Dawid & Skene 1979, "Maximum likelihood estimation of observer error-rates using the EM
 * algorithm"): each rater has a full confusion matrix, items have a latent true class with a shared prior, and EM
 * alternates posteriors over true classes (E-step) with priors and confusion matrices from expected counts
 * (M-step). Initialised from the soft majority vote, as in the paper and in crowd-kit; known labels are clamped in
 * every E-step. `raters.skill` is each rater's estimated accuracy Σ_t prior_t · P(answer t | truth t).
 * `logLikelihood[t]` is the log-likelihood per judgment of the parameters used in iteration t's E-step (plus the
 * log Dirichlet prior when smoothing), which never decreases. O(n × classes) per iteration, plus
 * O(raters × classes²) for the M-step.
 */
export function dawidSkene(a: Annotations, options: DawidSkeneOptions = {}): AggregateResult {
  checkTies(options.ties);
  const { smoothing = 0, stopping = "likelihood" } = options;
  assertFiniteInRange(smoothing, "smoothing", { min: 0 });
  checkStopping(stopping);
  const { maxIterations, tolerance } = iterationOptions(options, { maxIterations: 100, tolerance: 1e-5 });
  const d = byItem(a, options);
  const { I, R, K } = d;
  const post = initialPosteriors(d, options.initialPosteriors);
  const prior = meanPosterior(d, post, new Float64Array(K));
  const counts = new Float64Array(R * K * K);
  const logE = new Float64Array(R * K * K);
  const used = usedAnswers(d);
  const mStep = () => confusionFromCounts(counts, logE, { R, K, smoothing, used });
  expectedCounts(d, post, counts);
  mStep();
  const { trace, iterations, converged } = runConfusionEm(
    d,
    { post, prior, logE, counts },
    {
      mStep,
      ...(smoothing > 0 ? { logPrior: () => smoothing * sumFinite(logE) } : {}),
      maxIterations,
      tolerance,
      stopping,
    },
  );
  const confusion = confusionMatrices(logE, R, K);
  const skill = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    for (let t = 0; t < K; t++) skill[r]! += prior[t]! * confusion[(r * K + t) * K + t]!;
  }
  return {
    method: "ds",
    labels: decide(post, d, options),
    posteriors: asMatrix(post, I, K),
    raters: { skill, judgments: d.perRater, confusion },
    classPrior: prior,
    logLikelihood: trace,
    iterations,
    converged,
  };
}

/** The starting posteriors: given ones (checked, known items clamped) or the soft majority vote. */
export function initialPosteriors(d: ReturnType<typeof byItem>, given: Matrix | undefined): Float64Array {
  if (!given) return voteShares(d);
  if (given.rows !== d.I || given.cols !== d.K) {
    throw new RangeError(
      `initialPosteriors must be items × classes = ${d.I} × ${d.K} (got ${given.rows} × ${given.cols})`,
    );
  }
  const post = Float64Array.from(given.data);
  for (let i = 0; i < d.I; i++) {
    let s = 0;
    for (let c = 0; c < d.K; c++) {
      const p = post[i * d.K + c]!;
      if (!(p >= 0)) throw new RangeError(`initialPosteriors[${i}, ${c}] must be ≥ 0 (got ${p})`);
      s += p;
    }
    if (!(Math.abs(s - 1) < 1e-6))
      throw new RangeError(`initialPosteriors row ${i} must sum to 1 (got ${s})`);
  }
  clampKnown(post, d.known, d.K);
  return post;
}

/**
 * M-step for full confusion matrices from expected counts, writing log error rates. With smoothing α > 0:
 * (count + α) / (Σ_o count + Kα). With α = 0 (crowd-kit): answers a rater never gave get probability 0 and the
 * answers it gave are floored at 1e-10 before normalising over them.
 */
function confusionFromCounts(
  counts: Float64Array,
  logE: Float64Array,
  shape: { R: number; K: number; smoothing: number; used: Uint8Array },
): void {
  const { R, K, smoothing, used } = shape;
  for (let r = 0; r < R; r++) {
    for (let t = 0; t < K; t++) {
      let total = 0;
      for (let o = 0; o < K; o++) {
        const x = (r * K + o) * K + t;
        if (smoothing > 0) total += counts[x]! + smoothing;
        else if (used[r * K + o]) total += Math.max(counts[x]!, EPS);
      }
      for (let o = 0; o < K; o++) {
        const x = (r * K + o) * K + t;
        if (total === 0)
          logE[x] = -Math.log(K); // a rater without judgments: uninformative
        else if (smoothing > 0) logE[x] = Math.log((counts[x]! + smoothing) / total);
        else logE[x] = used[r * K + o] ? Math.log(Math.max(counts[x]!, EPS) / total) : -Infinity;
      }
    }
  }
}

function sumFinite(x: Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) if (x[k]! > -Infinity) s += x[k]!;
  return s;
}
