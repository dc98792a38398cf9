import type { Annotations } from "../data/annotations.js";
import { assertFiniteInRange } from "../errors/assert.js";
import { iterationOptions } from "./internal.js";
import { type NumericOptions, numericByItem } from "./numericInternal.js";
import type { NumericAggregateResult } from "./types.js";

/** Options for `raterBiasPrecision`. */
export interface RaterBiasPrecisionOptions extends NumericOptions {
  /** EM iteration cap. Default 200. */
  maxIterations?: number;
  /** Stop when the objective per judgment improves by less than this. Default 1e-9. */
  tolerance?: number;
  /**
   * Prior scales. With v the variance of all judgment values and w the pooled within-item variance (the typical
   * noise): item values ~ N(mean, itemPrior · v) (default 100: nearly flat), biases ~ N(0, biasPrior · v) (default
   * 1), and each precision ~ Gamma(shape 2, rate precisionPrior · w) (default 1: worth two pseudo-judgments at the
   * typical noise), which keeps raters with one or two judgments from getting infinite precision.
   */
  itemPrior?: number;
  biasPrior?: number;
  precisionPrior?: number;
}

/**
 * A per-rater bias and precision model for numeric labels, fitted by EM: judgment y = μ_item + b_rater + ε with
 * ε ~ N(0, 1/τ_rater), the item values μ latent (Gaussian posterior in the E-step), biases and precisions estimated
 * in the M-step (one conditional maximisation each, so the objective never decreases: an ECM algorithm, Meng &
 * Rubin 1993). It is the continuous analogue of Dawid–Skene (compare Raykar et al. 2010's regression model and
 * Zheng et al. 2017's LFC_N): careless raters get low precision and count less, and a rater who rates
 * everything 10 points high is corrected rather than averaged in. Values are posterior means of μ (NaN without
 * judgments). `logLikelihood` is the log posterior per judgment (marginal log-likelihood with μ integrated out,
 * plus the log priors, up to a constant). O(n) per iteration.
 */
export function raterBiasPrecision(
  a: Annotations,
  options: RaterBiasPrecisionOptions = {},
): NumericAggregateResult {
  const { itemPrior = 100, biasPrior = 1, precisionPrior = 1 } = options;
  assertFiniteInRange(itemPrior, "itemPrior", { min: Number.MIN_VALUE });
  assertFiniteInRange(biasPrior, "biasPrior", { min: Number.MIN_VALUE });
  assertFiniteInRange(precisionPrior, "precisionPrior", { min: Number.MIN_VALUE });
  const { maxIterations, tolerance } = iterationOptions(options, { maxIterations: 200, tolerance: 1e-9 });
  const d = numericByItem(a, options);
  const { I, R, n, offsets, rater, value, perRater } = d;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += value[k]!;
  mean = n > 0 ? mean / n : 0;
  let v = 0;
  for (let k = 0; k < n; k++) v += (value[k]! - mean) ** 2;
  v = n > 1 && v > 0 ? v / n : 1;
  const v0 = itemPrior * v;
  const vb = biasPrior * v;
  const shape = 2;
  const rate = precisionPrior * pooledWithinVariance(d, v);
  const bias = new Float64Array(R);
  const tau = new Float64Array(R).fill(1 / v);
  const mu = new Float64Array(I).fill(Number.NaN);
  const varMu = new Float64Array(I);
  const sum = new Float64Array(R);
  const trace: number[] = [];
  let previous = -Infinity;
  let converged = false;
  let iterations = 0;
  const eStep = (): number => {
    // Posterior of each μ_i given b and τ, and the marginal log-likelihood of the item's judgments.
    let logL = 0;
    for (let i = 0; i < I; i++) {
      const lo = offsets[i]!;
      const hi = offsets[i + 1]!;
      if (hi === lo) continue;
      let precision = 1 / v0;
      let weighted = mean / v0;
      let sumTau = 0;
      let sumTauR = 0;
      let quad = 0;
      let logDet = 0;
      for (let k = lo; k < hi; k++) {
        const r = rater[k]!;
        const t = tau[r]!;
        const res = value[k]! - mean - bias[r]!;
        precision += t;
        weighted += t * (value[k]! - bias[r]!);
        sumTau += t;
        sumTauR += t * res;
        quad += t * res * res;
        logDet -= Math.log(t);
      }
      mu[i] = weighted / precision;
      varMu[i] = 1 / precision;
      // y_i ~ N(mean + b, diag(1/τ) + v0·11ᵀ): determinant and quadratic form by the rank-one update formulas.
      logDet += Math.log1p(v0 * sumTau);
      quad -= (v0 * sumTauR * sumTauR) / (1 + v0 * sumTau);
      logL -= 0.5 * ((hi - lo) * Math.log(2 * Math.PI) + logDet + quad);
    }
    for (let r = 0; r < R; r++) {
      logL -= (0.5 * bias[r]! * bias[r]!) / vb;
      logL += (shape - 1) * Math.log(tau[r]!) - rate * tau[r]!;
    }
    return logL;
  };
  for (let it = 0; it < maxIterations; it++) {
    iterations++;
    const objective = eStep() / Math.max(n, 1);
    trace.push(objective);
    if (objective - previous < tolerance) {
      converged = true;
      break;
    }
    previous = objective;
    // CM step 1: biases given precisions (a ridge mean of the rater's residuals against E[μ]).
    sum.fill(0);
    for (let i = 0; i < I; i++) {
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) sum[rater[k]!]! += value[k]! - mu[i]!;
    }
    for (let r = 0; r < R; r++) bias[r] = (tau[r]! * sum[r]!) / (perRater[r]! * tau[r]! + 1 / vb);
    // CM step 2: precisions given biases (expected squared residuals include the posterior variance of μ).
    sum.fill(0);
    for (let i = 0; i < I; i++) {
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
        const r = rater[k]!;
        sum[r]! += (value[k]! - mu[i]! - bias[r]!) ** 2 + varMu[i]!;
      }
    }
    for (let r = 0; r < R; r++) tau[r] = (shape - 1 + perRater[r]! / 2) / (rate + sum[r]! / 2);
  }
  if (!converged) eStep();
  return {
    method: "bias-precision",
    values: mu,
    bias,
    precision: tau,
    judgments: perRater,
    logLikelihood: Float64Array.from(trace),
    iterations,
    converged,
  };
}

/** Σ squared deviations from each item's mean over Σ (judgments − 1), for items with two or more; else `fallback`. */
function pooledWithinVariance(d: ReturnType<typeof numericByItem>, fallback: number): number {
  let ss = 0;
  let dof = 0;
  for (let i = 0; i < d.I; i++) {
    const lo = d.offsets[i]!;
    const m = d.offsets[i + 1]! - lo;
    if (m < 2) continue;
    let mean = 0;
    for (let k = lo; k < lo + m; k++) mean += d.value[k]!;
    mean /= m;
    for (let k = lo; k < lo + m; k++) ss += (d.value[k]! - mean) ** 2;
    dof += m - 1;
  }
  return dof > 0 && ss > 0 ? ss / dof : fallback;
}
