import type { Annotations } from "../data/annotations.js";
import {
  checkStopping,
  confusionMatrices,
  EPS,
  expectedCounts,
  meanPosterior,
  runConfusionEm,
} from "./confusionEm.js";
import type { DawidSkeneOptions } from "./dawidSkene.js";
import { initialPosteriors } from "./dawidSkene.js";
import { asMatrix, byItem, checkTies, decide, iterationOptions } from "./internal.js";
import type { AggregateResult } from "./types.js";

/** Options for `oneCoinDawidSkene` (as for `dawidSkene`, without smoothing). */
export type OneCoinDawidSkeneOptions = Omit<DawidSkeneOptions, "smoothing">;

/**
 * One-coin Dawid–Skene: each rater has one accuracy s_r; right with probability s_r, otherwise uniformly wrong, so
 * P(answer o | truth t) = s_r if o = t, else (1 − s_r)/(K − 1) (the "one-coin" model; Dawid & Skene 1979's
 * simplest case, analysed by Zhang, Chen, Zhou & Jordan 2016). EM from the soft majority vote; the M-step sets
 * s_r to the mean posterior probability of the answers r gave (as crowd-kit does), with error rates clipped to
 * [1e-10, 1 − 1e-10]. Fewer parameters than full DS: better with sparse raters. `raters.skill` is s_r. The
 * `logLikelihood` trace is as for `dawidSkene`. O(n × classes) per iteration.
 */
export function oneCoinDawidSkene(a: Annotations, options: OneCoinDawidSkeneOptions = {}): AggregateResult {
  checkTies(options.ties);
  const { stopping = "likelihood" } = options;
  checkStopping(stopping);
  const { maxIterations, tolerance } = iterationOptions(options, { maxIterations: 100, tolerance: 1e-5 });
  const d = byItem(a, options);
  const { I, R, K } = d;
  const post = initialPosteriors(d, options.initialPosteriors);
  const prior = meanPosterior(d, post, new Float64Array(K));
  const skill = new Float64Array(R);
  const logE = new Float64Array(R * K * K);
  const counts = new Float64Array(R * K * K);
  // s_r = mean posterior of the answers r gave = Σ_o counts[r][o][o] / judgments of r.
  const mStep = () => {
    skill.fill(0);
    for (let r = 0; r < R; r++) for (let o = 0; o < K; o++) skill[r]! += counts[(r * K + o) * K + o]!;
    for (let r = 0; r < R; r++) skill[r] = d.perRater[r]! > 0 ? skill[r]! / d.perRater[r]! : 1 / K;
    for (let r = 0; r < R; r++) {
      const right = Math.log(clip(skill[r]!));
      const wrong = K > 1 ? Math.log(clip((1 - skill[r]!) / (K - 1))) : 0;
      for (let x = r * K * K; x < (r + 1) * K * K; x++) logE[x] = wrong;
      for (let t = 0; t < K; t++) logE[(r * K + t) * K + t] = right;
    }
  };
  expectedCounts(d, post, counts);
  mStep();
  const { trace, iterations, converged } = runConfusionEm(
    d,
    { post, prior, logE, counts },
    {
      // crowd-kit's stopping objective needs the expected counts, which this M-step does not compute.
      mStep,
      maxIterations,
      tolerance,
      stopping,
    },
  );
  const confusion = confusionMatrices(logE, R, K);
  return {
    method: "onecoin",
    labels: decide(post, d, options),
    posteriors: asMatrix(post, I, K),
    raters: { skill, judgments: d.perRater, confusion },
    classPrior: prior,
    logLikelihood: trace,
    iterations,
    converged,
  };
}

function clip(p: number): number {
  return Math.min(Math.max(p, EPS), 1 - EPS);
}
