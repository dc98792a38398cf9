import type { Annotations } from "../data/annotations.js";
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { ByItem } from "./internal.js";
import { asMatrix, byItem, checkTies, decide, iterationOptions } from "./internal.js";
import type { AggregateResult, CategoricalOptions } from "./types.js";

/** Options for `glad`. */
export interface GladOptions extends CategoricalOptions {
  /** EM iteration cap. Default 100 (crowd-kit's n_iter). */
  maxIterations?: number;
  /** Stop when the objective per judgment improves by less than this. Default 1e-5 (crowd-kit's tol). */
  tolerance?: number;
  /** Class prior (fixed, as in the paper). Default uniform. */
  classPrior?: Float64Array;
  /** Means of the unit-variance Gaussian priors on abilities α and log inverse difficulties log β. Defaults 1, 1. */
  alphaPriorMean?: number;
  betaPriorMean?: number;
  /** Coordinate-Newton sweeps per M-step (each updates every α, then every log β; one already increases the
   * expected log-likelihood, which is all EM needs). Default 1. */
  mStepSweeps?: number;
}

/**
 * GLAD, Generative model of Labels, Abilities and Difficulties (Whitehill, Ruvolo, Wu, Bergsma & Movellan 2009,
 * "Whose vote should count more"): rater r answers item i correctly with probability σ(α_r β_i) (ability α_r ∈ ℝ,
 * inverse difficulty β_i = e^{b_i} > 0) and otherwise picks one of the other K − 1 classes uniformly. EM: the
 * E-step computes posteriors over true classes; the M-step maximises the expected log-likelihood plus N(1, 1)
 * priors on α and b = log β (crowd-kit's parametrisation and defaults) by coordinate Newton steps with step
 * halving: every α given b, then every b given α, each a set of independent one-dimensional problems, so a sweep
 * is O(n) and the objective never decreases. (crowd-kit instead runs ≤ 25 conjugate-gradient steps with gradient
 * tolerance 1e-2, so its estimates stop short of the M-step optimum.) `raters.skill` is α,
 * `itemParameters` is β. `logLikelihood` is the log posterior per judgment (marginal log-likelihood plus the log
 * priors), which never decreases. O(n + items × classes) per E-step and per sweep.
 */
export function glad(a: Annotations, options: GladOptions = {}): AggregateResult {
  checkTies(options.ties);
  const { alphaPriorMean = 1, betaPriorMean = 1, mStepSweeps = 1 } = options;
  assertFiniteInRange(alphaPriorMean, "alphaPriorMean");
  assertFiniteInRange(betaPriorMean, "betaPriorMean");
  assertInteger(mStepSweeps, "mStepSweeps", { min: 1 });
  const { maxIterations, tolerance } = iterationOptions(options, { maxIterations: 100, tolerance: 1e-5 });
  const d = byItem(a, options);
  const { I, K, n } = d;
  const logPrior = new Float64Array(K).fill(-Math.log(K));
  if (options.classPrior) {
    const p = options.classPrior;
    if (p.length !== K)
      throw new RangeError(`classPrior must have one entry per class (got ${p.length} for ${K})`);
    let s = 0;
    for (const v of p) {
      if (!(v > 0)) throw new RangeError(`classPrior entries must be > 0 (got ${v})`);
      s += v;
    }
    for (let c = 0; c < K; c++) logPrior[c] = Math.log(p[c]! / s);
  }
  const m = new GladModel(d, { alphaPriorMean, betaPriorMean, logPrior });
  const trace: number[] = [];
  let previous = -Infinity;
  let converged = false;
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    iterations++;
    const objective = (m.eStep() + m.logParameterPrior()) / Math.max(n, 1);
    trace.push(objective);
    if (objective - previous < tolerance) {
      converged = true;
      break;
    }
    previous = objective;
    for (let s = 0; s < mStepSweeps; s++) if (m.sweep() < 1e-9) break;
  }
  if (!converged) m.eStep();
  const beta = m.b.map(Math.exp);
  return {
    method: "glad",
    labels: decide(m.post, d, options),
    posteriors: asMatrix(m.post, I, K),
    raters: { skill: Float64Array.from(m.alpha), judgments: d.perRater },
    classPrior: logPrior.map(Math.exp),
    itemParameters: beta,
    logLikelihood: Float64Array.from(trace),
    iterations,
    converged,
  };
}

/** log σ(z), stable for large |z|. */
function logSigmoid(z: number): number {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

/** GLAD's parameters and posteriors on typed arrays. */
class GladModel {
  readonly alpha: Float64Array;
  readonly b: Float64Array;
  readonly post: Float64Array;
  /** Posterior probability that judgment k (item order) is correct. */
  private readonly right: Float64Array;
  private readonly logWrongShare: number;
  private readonly gA: Float64Array;
  private readonly hA: Float64Array;
  private readonly fA: Float64Array;
  private readonly gB: Float64Array;
  private readonly hB: Float64Array;
  private readonly fB: Float64Array;

  constructor(
    private readonly d: ByItem,
    private readonly priors: { alphaPriorMean: number; betaPriorMean: number; logPrior: Float64Array },
  ) {
    this.alpha = new Float64Array(d.R).fill(1);
    this.b = new Float64Array(d.I).fill(1);
    this.post = new Float64Array(d.I * d.K);
    this.right = new Float64Array(d.n);
    this.logWrongShare = d.K > 1 ? Math.log(d.K - 1) : 0;
    this.gA = new Float64Array(d.R);
    this.hA = new Float64Array(d.R);
    this.fA = new Float64Array(d.R);
    this.gB = new Float64Array(d.I);
    this.hB = new Float64Array(d.I);
    this.fB = new Float64Array(d.I);
  }

  /** Posteriors over true classes; returns the marginal log-likelihood of the judgments (and known labels). */
  eStep(): number {
    const { I, K, offsets, rater, label, known } = this.d;
    const { alpha, b, post, right } = this;
    const { logPrior } = this.priors;
    let logL = 0;
    for (let i = 0; i < I; i++) {
      const base = i * K;
      const beta = Math.exp(b[i]!);
      let common = 0;
      for (let c = 0; c < K; c++) post[base + c] = logPrior[c]!;
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
        const z = alpha[rater[k]!]! * beta;
        const logS = logSigmoid(z);
        const wrong = logS - z - this.logWrongShare;
        common += wrong;
        post[base + label[k]!]! += logS - wrong;
      }
      let max = -Infinity;
      for (let c = 0; c < K; c++) if (post[base + c]! > max) max = post[base + c]!;
      let z = 0;
      for (let c = 0; c < K; c++) {
        post[base + c] = Math.exp(post[base + c]! - max);
        z += post[base + c]!;
      }
      const c0 = known ? known[i]! : -1;
      if (c0 >= 0) logL += common + max + Math.log(post[base + c0]!);
      else if (offsets[i + 1]! > offsets[i]!) logL += common + max + Math.log(z);
      for (let c = 0; c < K; c++) post[base + c] = c0 >= 0 ? (c === c0 ? 1 : 0) : post[base + c]! / z;
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) right[k] = post[base + label[k]!]!;
    }
    return logL;
  }

  /** Log density of the N(μ, 1) priors on α and b (without the constant). */
  logParameterPrior(): number {
    let s = 0;
    for (const v of this.alpha) s -= 0.5 * (v - this.priors.alphaPriorMean) ** 2;
    for (const v of this.b) s -= 0.5 * (v - this.priors.betaPriorMean) ** 2;
    return s;
  }

  /** One coordinate-Newton sweep over α then b; returns the largest gradient magnitude seen. */
  sweep(): number {
    const ga = this.newtonBlock("alpha");
    const gb = this.newtonBlock("b");
    return Math.max(ga, gb);
  }

  /**
   * Newton step for every α_r (or every b_i) at once; each coordinate's objective is separate given the other
   * block, so steps are halved per coordinate until that coordinate's objective does not decrease.
   */
  private newtonBlock(which: "alpha" | "b"): number {
    const { I, offsets, rater } = this.d;
    const onAlpha = which === "alpha";
    const v = onAlpha ? this.alpha : this.b;
    const g = onAlpha ? this.gA : this.gB;
    const h = onAlpha ? this.hA : this.hB;
    const f = onAlpha ? this.fA : this.fB;
    const mu = onAlpha ? this.priors.alphaPriorMean : this.priors.betaPriorMean;
    const { alpha, b, right } = this;
    g.fill(0);
    h.fill(0);
    f.fill(0);
    for (let i = 0; i < I; i++) {
      const beta = Math.exp(b[i]!);
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
        const r = rater[k]!;
        const z = alpha[r]! * beta;
        // One exp and one log1p give log σ(z), log σ(−z) = log σ(z) − z and σ(z).
        const e = Math.exp(-Math.abs(z));
        const logS = Math.min(z, 0) - Math.log1p(e);
        const s = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        const p = right[k]!;
        const at = onAlpha ? r : i;
        f[at]! += p * logS + (1 - p) * (logS - z);
        if (onAlpha) {
          g[at]! += (p - s) * beta;
          h[at]! -= s * (1 - s) * beta * beta;
        } else {
          g[at]! += (p - s) * z;
          h[at]! += (p - s) * z - s * (1 - s) * z * z;
        }
      }
    }
    let gmax = 0;
    const step = new Float64Array(v.length);
    const old = v.slice();
    for (let x = 0; x < v.length; x++) {
      f[x]! -= 0.5 * (v[x]! - mu) ** 2;
      g[x]! -= v[x]! - mu;
      h[x]! -= 1;
      gmax = Math.max(gmax, Math.abs(g[x]!));
      // Newton where the block is locally concave, else a gradient step of the same scale.
      step[x] = h[x]! < 0 ? -g[x]! / h[x]! : g[x]!;
    }
    const pending = new Uint8Array(v.length).fill(1);
    const trial = new Float64Array(v.length);
    for (let halvings = 0; halvings < 30; halvings++) {
      for (let x = 0; x < v.length; x++) if (pending[x]) v[x] = old[x]! + step[x]!;
      trial.fill(0);
      for (let i = 0; i < I; i++) {
        const beta = Math.exp(b[i]!);
        for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
          const r = rater[k]!;
          const at = onAlpha ? r : i;
          if (!pending[at]) continue;
          const z = alpha[r]! * beta;
          const logS = logSigmoid(z);
          trial[at]! += right[k]! * logS + (1 - right[k]!) * (logS - z);
        }
      }
      let any = false;
      for (let x = 0; x < v.length; x++) {
        if (!pending[x]) continue;
        const value = trial[x]! - 0.5 * (v[x]! - mu) ** 2;
        if (value >= f[x]! - 1e-12 * Math.abs(f[x]!)) pending[x] = 0;
        else {
          step[x]! /= 2;
          any = true;
        }
      }
      if (!any) break;
    }
    for (let x = 0; x < v.length; x++) if (pending[x]) v[x] = old[x]!;
    return gmax;
  }
}
