import type { Annotations } from "../data/annotations.js";
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { createRng } from "../random/rng.js";
import type { ByItem } from "./internal.js";
import { asMatrix, byItem, checkTies, decide, digamma, iterationOptions } from "./internal.js";
import type { AggregateResult, CategoricalOptions } from "./types.js";

/** Options for `mace`. */
export interface MaceOptions extends CategoricalOptions {
  /** "vb" (default, as crowd-kit) variational Bayes with Beta/Dirichlet priors, or "em" (MAP with smoothing). */
  method?: "vb" | "em";
  /** Independent random starts; the one with the best final log marginal likelihood wins. Default 10. */
  restarts?: number;
  /** Iterations per start. Default 50 (crowd-kit's n_iter). */
  maxIterations?: number;
  /**
   * Stop a start early when the log marginal likelihood per judgment changes by less than this. Default 1e-7;
   * 0 always runs `maxIterations` (crowd-kit).
   */
  tolerance?: number;
  /** Beta(α, β) prior on each rater's spamming probability (VB). Defaults 0.5 and 0.5 (Hovy et al. 2013). */
  alpha?: number;
  beta?: number;
  /** Symmetric Dirichlet prior on each rater's spamming strategy (VB). Default 10 (crowd-kit). */
  strategyPrior?: number;
  /** Initial values are drawn from U(1, 2 + noise) and normalised. Default 0.5 (crowd-kit's default_noise). */
  noise?: number;
  /**
   * Fixed unnormalised starting values instead of random ones, used for every restart: spamming (raters × 2:
   * spamming, knowing) and strategy (raters × classes). Lets a test start exactly where crowd-kit does.
   */
  init?: { spamming: Float64Array; strategy: Float64Array };
}

/**
 * MACE, Multi-Annotator Competence Estimation (Hovy, Berg-Kirkpatrick, Vaswani & Hovy 2013, "Learning whom to
 * trust with MACE"): each item has a uniformly distributed true class; on each judgment the rater is either
 * knowing (answers the truth) or spamming with probability s_r, in which case they answer from their own
 * strategy distribution ξ_r. Fitted by EM (with crowd-kit's smoothing 0.01/K) or variational Bayes (Beta(α, β)
 * on s_r, Dirichlet on ξ_r), from several random starts. `raters.spamming` is s_r, `raters.skill` = 1 − s_r,
 * `raters.strategy` ξ_r. `logLikelihood` is the log marginal likelihood per judgment of the chosen start (with
 * "em" plus the log smoothing prior, which never decreases; VB maximises a different bound, so its trace may dip).
 * O(n + items × classes) per iteration and start.
 */
export function mace(a: Annotations, options: MaceOptions = {}): AggregateResult {
  checkTies(options.ties);
  const {
    method = "vb",
    restarts = 10,
    alpha = 0.5,
    beta = 0.5,
    strategyPrior = 10,
    noise = 0.5,
    seed = 0,
    init,
  } = options;
  if (method !== "vb" && method !== "em") {
    throw new RangeError(`method must be "vb" or "em" (got ${JSON.stringify(method)})`);
  }
  assertInteger(restarts, "restarts", { min: 1 });
  for (const [v, name] of [
    [alpha, "alpha"],
    [beta, "beta"],
    [strategyPrior, "strategyPrior"],
  ] as const) {
    assertFiniteInRange(v, name, { min: Number.MIN_VALUE });
  }
  assertFiniteInRange(noise, "noise", { min: 0 });
  const { maxIterations, tolerance } = iterationOptions(options, { maxIterations: 50, tolerance: 1e-7 });
  const d = byItem(a, options);
  const { I, R, K, n } = d;
  if (init && (init.spamming.length !== R * 2 || init.strategy.length !== R * K)) {
    throw new RangeError(
      `init must hold raters × 2 spamming and raters × classes strategy values (got ${init.spamming.length} and ${init.strategy.length}, expected ${R * 2} and ${R * K})`,
    );
  }
  const rng = createRng(seed);
  const state = new MaceState(d);
  let best: { spam: Float64Array; strategy: Float64Array; trace: number[]; converged: boolean } | undefined;
  let bestScore = -Infinity;
  let iterations = 0;
  for (let s = 0; s < restarts; s++) {
    if (init) state.start(init.spamming, init.strategy);
    else {
      const raw = (m: number) => Float64Array.from({ length: m }, () => 1 + (1 + noise) * rng.float());
      state.start(raw(R * 2), raw(R * K));
    }
    const trace: number[] = [];
    let score = state.eStep();
    let converged = false;
    let runs = 0;
    for (let it = 0; it < maxIterations; it++) {
      runs++;
      if (method === "vb") state.variationalMStep({ alpha, beta, strategyPrior });
      else state.mStep(0.01 / K);
      const next = state.eStep();
      const objective = method === "em" ? next + state.logSmoothingPrior(0.01 / K) : next;
      trace.push(n > 0 ? objective / n : 0);
      const change = Math.abs(next - score) / Math.max(n, 1);
      score = next;
      if (change < tolerance) {
        converged = true;
        break;
      }
    }
    if (!best || score > bestScore) {
      bestScore = score;
      best = { spam: state.spam.slice(), strategy: state.strategy.slice(), trace, converged };
      iterations = runs;
    }
  }
  state.spam.set(best!.spam);
  state.strategy.set(best!.strategy);
  state.eStep();
  const spamming = new Float64Array(R);
  const strategy = new Float64Array(R * K);
  for (let r = 0; r < R; r++) {
    spamming[r] = state.spam[2 * r]! / (state.spam[2 * r]! + state.spam[2 * r + 1]!);
    let t = 0;
    for (let c = 0; c < K; c++) t += state.strategy[r * K + c]!;
    for (let c = 0; c < K; c++) strategy[r * K + c] = state.strategy[r * K + c]! / t;
  }
  return {
    method: "mace",
    labels: decide(state.post, d, options),
    posteriors: asMatrix(state.post, I, K),
    raters: { skill: spamming.map((p) => 1 - p), judgments: d.perRater, spamming, strategy },
    logLikelihood: Float64Array.from(best!.trace),
    iterations,
    converged: best!.converged,
  };
}

/** Parameters, posteriors and expected counts of one MACE run, on typed arrays. */
class MaceState {
  /** spam[2r] = P(spamming), spam[2r + 1] = P(knowing) (VB leaves them unnormalised, as crowd-kit does). */
  readonly spam: Float64Array;
  /** strategy[r * K + c]: P(answer c | spamming). */
  readonly strategy: Float64Array;
  readonly post: Float64Array;
  private readonly spamCounts: Float64Array;
  private readonly strategyCounts: Float64Array;

  constructor(private readonly d: ByItem) {
    this.spam = new Float64Array(d.R * 2);
    this.strategy = new Float64Array(d.R * d.K);
    this.post = new Float64Array(d.I * d.K);
    this.spamCounts = new Float64Array(d.R * 2);
    this.strategyCounts = new Float64Array(d.R * d.K);
  }

  /** Starts from unnormalised values (each row is normalised). */
  start(spam: Float64Array, strategy: Float64Array): void {
    const { R, K } = this.d;
    for (let r = 0; r < R; r++) {
      const t = spam[2 * r]! + spam[2 * r + 1]!;
      this.spam[2 * r] = spam[2 * r]! / t;
      this.spam[2 * r + 1] = spam[2 * r + 1]! / t;
      let u = 0;
      for (let c = 0; c < K; c++) u += strategy[r * K + c]!;
      for (let c = 0; c < K; c++) this.strategy[r * K + c] = strategy[r * K + c]! / u;
    }
  }

  /**
   * Posteriors over true classes and expected spamming/strategy counts; returns the log marginal likelihood.
   * Per judgment, A = s_r ξ_r(answer) and B = A + (1 − s_r): the item's likelihood under class c multiplies B for
   * judgments answering c and A for the others, so each item costs O(judgments + K) in log space.
   */
  eStep(): number {
    const { I, K, offsets, rater, label, known } = this.d;
    const { spam, strategy, post, spamCounts, strategyCounts } = this;
    spamCounts.fill(0);
    strategyCounts.fill(0);
    let logL = 0;
    const logK = Math.log(K);
    for (let i = 0; i < I; i++) {
      const base = i * K;
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      let common = -logK;
      post.fill(0, base, base + K);
      for (let k = start; k < end; k++) {
        const r = rater[k]!;
        const A = spam[2 * r]! * strategy[r * K + label[k]!]!;
        const B = A + spam[2 * r + 1]!;
        const la = Math.log(A);
        common += la;
        post[base + label[k]!]! += Math.log(B) - la;
      }
      let max = -Infinity;
      for (let c = 0; c < K; c++) if (post[base + c]! > max) max = post[base + c]!;
      let z = 0;
      for (let c = 0; c < K; c++) {
        post[base + c] = Math.exp(post[base + c]! - max);
        z += post[base + c]!;
      }
      for (let c = 0; c < K; c++) post[base + c]! /= z;
      const c0 = known ? known[i]! : -1;
      if (c0 >= 0) {
        // The clamped class's own log-likelihood: log of its unnormalised weight.
        logL += common + max + Math.log(post[base + c0]! * z);
      } else if (end > start) logL += common + max + Math.log(z);
      if (c0 >= 0) {
        post.fill(0, base, base + K);
        post[base + c0] = 1;
      }
      for (let k = start; k < end; k++) {
        const r = rater[k]!;
        const o = label[k]!;
        const A = spam[2 * r]! * strategy[r * K + o]!;
        const B = A + spam[2 * r + 1]!;
        const p = post[base + o]!;
        const spamming = p * (A / B) + (1 - p);
        spamCounts[2 * r]! += spamming;
        spamCounts[2 * r + 1]! += 1 - spamming;
        strategyCounts[r * K + o]! += spamming;
      }
    }
    return logL;
  }

  /** EM M-step with additive smoothing (crowd-kit: 0.01 / K). */
  mStep(smoothing: number): void {
    const { R, K } = this.d;
    for (let r = 0; r < R; r++) {
      const a = this.spamCounts[2 * r]! + smoothing;
      const b = this.spamCounts[2 * r + 1]! + smoothing;
      this.spam[2 * r] = a / (a + b);
      this.spam[2 * r + 1] = b / (a + b);
      let t = 0;
      for (let c = 0; c < K; c++) t += this.strategyCounts[r * K + c]! + smoothing;
      for (let c = 0; c < K; c++)
        this.strategy[r * K + c] = (this.strategyCounts[r * K + c]! + smoothing) / t;
    }
  }

  /** Variational M-step: exp(ψ(count + prior)) / exp(ψ(Σ count + prior)), as in Hovy et al. and crowd-kit. */
  variationalMStep(priors: { alpha: number; beta: number; strategyPrior: number }): void {
    const { R, K } = this.d;
    const { alpha, beta, strategyPrior } = priors;
    for (let r = 0; r < R; r++) {
      const a = this.spamCounts[2 * r]! + alpha;
      const b = this.spamCounts[2 * r + 1]! + beta;
      const norm = digamma(a + b);
      this.spam[2 * r] = Math.exp(digamma(a) - norm);
      this.spam[2 * r + 1] = Math.exp(digamma(b) - norm);
      let t = 0;
      for (let c = 0; c < K; c++) t += this.strategyCounts[r * K + c]! + strategyPrior;
      const tn = digamma(t);
      for (let c = 0; c < K; c++) {
        this.strategy[r * K + c] = Math.exp(digamma(this.strategyCounts[r * K + c]! + strategyPrior) - tn);
      }
    }
  }

  /** Log density (up to a constant) of the Dirichlet(1 + s) priors that additive smoothing s maximises. */
  logSmoothingPrior(s: number): number {
    let total = 0;
    for (const v of this.spam) total += s * Math.log(v);
    for (const v of this.strategy) total += s * Math.log(v);
    return total;
  }
}
