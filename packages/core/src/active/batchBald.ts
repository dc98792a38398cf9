import type { Matrix } from "../linalg/matrix.js";
import { createRng, type Rng } from "../random/rng.js";
import { baldScores } from "./bald.js";
import { committeeProbs, entropyOf } from "./committee.js";
import { defineStrategy } from "./context.js";
import { topByScore } from "./rank.js";

/**
 * Joint label configurations of the rows chosen so far, each with its probability under every posterior sample k,
 * kept normalised (mean over k = 1) with the log of the mean stored apart so long batches do not underflow.
 */
interface Configurations {
  /** configurations × K normalised probabilities. */
  weights: Float64Array;
  /** log p(configuration) = log mean_k P_m(k). */
  logMass: Float64Array;
  /** Sampled configurations: the sample k each was drawn under (empty while enumerated exactly). */
  drawnFrom: Int32Array | null;
  count: number;
}

/** Probability of class c for candidate i under sample k, laid out [i][k][c]. */
type SampleProbs = { data: Float64Array; samples: number; classes: number };

function extend(
  conf: Configurations,
  row: { probs: SampleProbs; i: number; rng: Rng; limit: number },
): Configurations {
  const { probs, i, rng, limit } = row;
  const { samples: K, classes: C } = probs;
  const p = (k: number, c: number) => probs.data[(i * K + k) * C + c]!;
  const exact = conf.drawnFrom === null && conf.count * C <= limit;
  const outCount = exact ? conf.count * C : conf.drawnFrom ? conf.count : limit;
  const weights = new Float64Array(outCount * K);
  const logMass = new Float64Array(outCount);
  const drawnFrom = exact ? null : new Int32Array(outCount);
  let kept = 0;
  const push = (m: number, c: number, k0: number) => {
    let s = 0;
    for (let k = 0; k < K; k++) s += conf.weights[m * K + k]! * p(k, c);
    s /= K;
    if (!(s > 0)) return;
    for (let k = 0; k < K; k++) weights[kept * K + k] = (conf.weights[m * K + k]! * p(k, c)) / s;
    logMass[kept] = conf.logMass[m]! + Math.log(s);
    if (drawnFrom) drawnFrom[kept] = k0;
    kept++;
  };
  const draw = (k: number) => {
    const r = rng.float();
    let acc = 0;
    for (let c = 0; c < C; c++) {
      acc += p(k, c);
      if (r < acc) return c;
    }
    return C - 1;
  };
  if (exact) {
    for (let m = 0; m < conf.count; m++) for (let c = 0; c < C; c++) push(m, c, 0);
  } else if (conf.drawnFrom) {
    for (let m = 0; m < conf.count; m++) push(m, draw(conf.drawnFrom[m]!), conf.drawnFrom[m]!);
  } else {
    // Switch to sampling: draw `limit` configurations from the exact ones (∝ their mass), each under a sample k
    // drawn ∝ its weight, then extend by a label drawn under that k.
    const mass = Float64Array.from(conf.logMass, (l) => Math.exp(l - Math.max(...conf.logMass)));
    for (let t = 0; t < limit; t++) {
      const m = rng.categorical(mass);
      const k = rng.categorical(conf.weights.subarray(m * K, (m + 1) * K));
      push(m, draw(k), k);
    }
  }
  return {
    weights: weights.subarray(0, kept * K),
    logMass: logMass.subarray(0, kept),
    drawnFrom,
    count: kept,
  };
}

/**
 * H(y₁ … y_{n−1}, y_i) for every candidate i: −Σ_m v_m [log p_m + Σ_c r_mc log r_mc] with r_mc = mean_k
 * P̂_m(k) p_k(i, c), v_m = p_m when the configurations are enumerated and 1/M when they are sampled from the joint
 * (the importance-sampled estimator of Kirsch et al. 2019, §4).
 */
function jointEntropy(conf: Configurations, probs: SampleProbs, i: number): number {
  const { samples: K, classes: C } = probs;
  let h = 0;
  for (let m = 0; m < conf.count; m++) {
    const v = conf.drawnFrom ? 1 / conf.count : Math.exp(conf.logMass[m]!);
    let inner = conf.logMass[m]!;
    for (let c = 0; c < C; c++) {
      let r = 0;
      for (let k = 0; k < K; k++) r += conf.weights[m * K + k]! * probs.data[(i * K + k) * C + c]!;
      r /= K;
      if (r > 0) inner += r * Math.log(r);
    }
    h -= v * inner;
  }
  return h;
}

function interleave(samples: readonly Matrix[], rows: Int32Array): SampleProbs {
  const K = samples.length;
  const C = samples[0]!.cols;
  const data = new Float64Array(rows.length * K * C);
  rows.forEach((row, i) => {
    for (let k = 0; k < K; k++)
      for (let c = 0; c < C; c++) data[(i * K + k) * C + c] = samples[k]!.data[row * C + c]!;
  });
  return { data, samples: K, classes: C };
}

/**
 * BatchBALD (Kirsch, van Amersfoort & Gal 2019, "BatchBALD: efficient and diverse batch acquisition for deep
 * Bayesian active learning", NeurIPS, Algorithm 1): greedily adds the row that most increases the mutual information
 * between the batch's joint labels and the model, I(y₁…yₙ; ω) = H(y₁…yₙ) − Σ E_ω H(yᵢ|ω). Joint configurations are
 * enumerated exactly up to `options.configurations` (default 512), then sampled. Candidates: the
 * `candidateFactor` × batch (default 10×) rows with the highest BALD score, to bound the cost (the paper scores the
 * whole pool). Posterior samples as for `bald`. Scores are each pick's gain in joint mutual information.
 * O(batch × candidates × configurations × samples × classes).
 */
export const batchBaldStrategy = defineStrategy({
  name: "batch-bald",
  summary: "greedy batch maximising joint mutual information with the model (BALD without redundant picks)",
  reference: "Kirsch, van Amersfoort & Gal 2019, BatchBALD (NeurIPS), Algorithm 1",
  requires: ["committee"],
  choose(context) {
    const { pool, take } = context;
    const rng = createRng(context.seed);
    const samples = committeeProbs(context, true);
    const bald = baldScores(samples);
    const factor = context.options?.candidateFactor ?? 10;
    const limit = context.options?.configurations ?? 512;
    const ranked = topByScore(
      Int32Array.from(pool, (_, i) => i),
      bald,
      {
        take: Math.min(pool.length, Math.max(take, Math.ceil(factor * take))),
        rng,
      },
    );
    const cand = ranked.indices;
    const probs = interleave(samples, cand);
    const K = samples.length;
    const C = probs.classes;
    const cond = Float64Array.from(cand, (_, i) => {
      let s = 0;
      for (let k = 0; k < K; k++) s += entropyOf(probs.data, (i * K + k) * C, C) / K;
      return s;
    });
    let conf: Configurations = {
      weights: new Float64Array(K).fill(1),
      logMass: new Float64Array(1),
      drawnFrom: null,
      count: 1,
    };
    const chosen = new Uint8Array(cand.length);
    const indices = new Int32Array(take);
    const scores = new Float64Array(take);
    let condSum = 0;
    let previous = 0;
    for (let t = 0; t < take; t++) {
      let best = -1;
      let bestScore = -Infinity;
      for (let i = 0; i < cand.length; i++) {
        if (chosen[i]) continue;
        const s = jointEntropy(conf, probs, i) - condSum - cond[i]!;
        if (s > bestScore) {
          bestScore = s;
          best = i;
        }
      }
      chosen[best] = 1;
      indices[t] = pool[cand[best]!]!;
      scores[t] = bestScore - previous;
      previous = bestScore;
      condSum += cond[best]!;
      if (t < take - 1) conf = extend(conf, { probs, i: best, rng, limit });
    }
    return { indices, scores };
  },
});
