// The E-step and bookkeeping shared by the confusion-matrix EM methods (Dawid–Skene and one-coin DS). Private:
// not re-exported.
import type { ByItem } from "./internal.js";
import { softmaxInPlace } from "./internal.js";

/** The floor crowd-kit 1.4.1 applies to error rates, priors and posteriors (1e-10). */
export const EPS = 1e-10;

/**
 * E-step: posterior over true classes for every item from log priors and the log error table
 * (`logE[(r * K + o) * K + t]` = log P(rater r answers o | truth t)). Known items are clamped to one-hot. Returns
 * the log-likelihood of all judgments (and known labels) under these parameters. With `counts`, also accumulates
 * the M-step's expected counts (as `expectedCounts` would) while each item's judgments are still in cache, saving a
 * second pass over the judgments. O(n × classes).
 */
export function eStep(
  d: ByItem,
  params: { logPrior: Float64Array; logE: Float64Array; counts?: Float64Array },
  post: Float64Array,
): number {
  const { logPrior, logE, counts } = params;
  const { I, K, offsets, rater, label, known } = d;
  let logL = 0;
  counts?.fill(0);
  for (let i = 0; i < I; i++) {
    const base = i * K;
    for (let t = 0; t < K; t++) post[base + t] = logPrior[t]!;
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    for (let k = start; k < end; k++) {
      const off = (rater[k]! * K + label[k]!) * K;
      for (let t = 0; t < K; t++) post[base + t]! += logE[off + t]!;
    }
    const c = known ? known[i]! : -1;
    if (c >= 0) {
      logL += post[base + c]!;
      post.fill(0, base, base + K);
      post[base + c] = 1;
    } else if (start === end) {
      // No evidence: the posterior is the prior and the item adds nothing to the likelihood.
      softmaxInPlace(post, base, K);
    } else logL += softmaxInPlace(post, base, K);
    if (counts) {
      for (let k = start; k < end; k++) {
        const off = (rater[k]! * K + label[k]!) * K;
        for (let t = 0; t < K; t++) counts[off + t]! += post[base + t]!;
      }
    }
  }
  return logL;
}

/**
 * Class prior as the mean posterior over items that have judgments or a known label (items with neither carry no
 * information). Writes `prior` and returns it.
 */
export function meanPosterior(d: ByItem, post: Float64Array, prior: Float64Array): Float64Array {
  const { I, K, offsets, known } = d;
  prior.fill(0);
  let m = 0;
  for (let i = 0; i < I; i++) {
    if (offsets[i] === offsets[i + 1] && !(known && known[i]! >= 0)) continue;
    m++;
    for (let t = 0; t < K; t++) prior[t]! += post[i * K + t]!;
  }
  if (m === 0) prior.fill(1 / K);
  else for (let t = 0; t < K; t++) prior[t]! /= m;
  return prior;
}

/** Expected counts `counts[(r * K + o) * K + t]` = Σ over r's judgments answering o of P(truth = t). O(n × K). */
export function expectedCounts(d: ByItem, post: Float64Array, counts: Float64Array): void {
  const { I, K, offsets, rater, label } = d;
  counts.fill(0);
  for (let i = 0; i < I; i++) {
    const base = i * K;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const off = (rater[k]! * K + label[k]!) * K;
      for (let t = 0; t < K; t++) counts[off + t]! += post[base + t]!;
    }
  }
}

/** Which (rater, answer) pairs occur: `used[r * K + o]`. */
export function usedAnswers(d: ByItem): Uint8Array {
  const used = new Uint8Array(d.R * d.K);
  for (let k = 0; k < d.n; k++) used[d.rater[k]! * d.K + d.label[k]!] = 1;
  return used;
}

/**
 * crowd-kit 1.4.1's stopping objective for its Dawid–Skene family, per judgment: Σ_j Σ_t q(i_j, t) (log e + log p_t)
 * plus the entropy of q (floored at 1e-10). It counts the log prior once per judgment rather than once per item, so
 * it is not the textbook ELBO; vox uses it only to stop where crowd-kit stops (`stopping: "crowd-kit"`).
 */
export function crowdKitObjective(
  d: ByItem,
  state: { post: Float64Array; counts: Float64Array; logE: Float64Array; prior: Float64Array },
): number {
  const { I, R, K, offsets } = d;
  const { post, counts, logE, prior } = state;
  let total = 0;
  for (let x = 0; x < R * K * K; x++) if (counts[x]! !== 0) total += counts[x]! * logE[x]!;
  const perJudgment = new Float64Array(K);
  let entropy = 0;
  for (let i = 0; i < I; i++) {
    const m = offsets[i + 1]! - offsets[i]!;
    if (m === 0) continue;
    for (let t = 0; t < K; t++) {
      const q = Math.max(post[i * K + t]!, EPS);
      perJudgment[t]! += m * post[i * K + t]!;
      entropy -= q * Math.log(q);
    }
  }
  for (let t = 0; t < K; t++) total += perJudgment[t]! * Math.log(Math.max(prior[t]!, EPS));
  return (total + entropy) / d.n;
}

/** The state an EM run over confusion matrices updates in place. */
export interface ConfusionEmState {
  readonly post: Float64Array;
  readonly prior: Float64Array;
  readonly logE: Float64Array;
  readonly counts: Float64Array;
}

/**
 * The EM loop shared by Dawid–Skene and one-coin DS: E-step (posteriors, the log-likelihood of the current
 * parameters and the expected counts in one pass), prior = mean posterior, then the method's M-step from
 * `state.counts`, until the objective per judgment improves by less than `tolerance`. `logPrior()` adds a log prior
 * over parameters to the objective (MAP); `stopping: "crowd-kit"` stops on crowd-kit's objective instead.
 */
export function runConfusionEm(
  d: ByItem,
  state: ConfusionEmState,
  run: {
    mStep: () => void;
    logPrior?: () => number;
    maxIterations: number;
    tolerance: number;
    stopping: "likelihood" | "crowd-kit";
  },
): { trace: Float64Array; iterations: number; converged: boolean } {
  const { post, prior, logE } = state;
  const K = d.K;
  const logPrior = new Float64Array(K);
  const trace: number[] = [];
  let previous = -Infinity;
  let iterations = 0;
  for (let it = 0; it < run.maxIterations; it++) {
    iterations++;
    for (let t = 0; t < K; t++) logPrior[t] = Math.log(Math.max(prior[t]!, EPS));
    let objective = eStep(d, { logPrior, logE, counts: state.counts }, post);
    if (run.logPrior) objective += run.logPrior();
    if (d.n > 0) objective /= d.n;
    meanPosterior(d, post, prior);
    run.mStep();
    trace.push(objective);
    const current = run.stopping === "crowd-kit" ? crowdKitObjective(d, state) : objective;
    if (current - previous < run.tolerance)
      return { trace: Float64Array.from(trace), iterations, converged: true };
    previous = current;
  }
  return { trace: Float64Array.from(trace), iterations, converged: false };
}

/** Confusion matrices raters × truth × answer (the result's layout) from the log error table (answer-major). */
export function confusionMatrices(logE: Float64Array, R: number, K: number): Float64Array {
  const confusion = new Float64Array(R * K * K);
  for (let r = 0; r < R; r++) {
    for (let t = 0; t < K; t++) {
      for (let o = 0; o < K; o++) confusion[(r * K + t) * K + o] = Math.exp(logE[(r * K + o) * K + t]!);
    }
  }
  return confusion;
}

/** Checks the `stopping` option. */
export function checkStopping(stopping: string): void {
  if (stopping !== "likelihood" && stopping !== "crowd-kit") {
    throw new RangeError(`stopping must be "likelihood" or "crowd-kit" (got ${JSON.stringify(stopping)})`);
  }
}
