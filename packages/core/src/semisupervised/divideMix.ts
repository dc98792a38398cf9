import { assertFiniteInRange } from "../errors/assert.js";
import { selectRows } from "../linalg/csr.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { softmaxRows } from "../linalg/matrix.js";
import { mlpLogits } from "../models/mlp.js";
import type { Rng } from "../random/rng.js";
import { type DeepSslOptions, type DeepSslResult, runDeepSsl, type StepContext, sharpen } from "./deepSsl.js";
import { mixMatchSettings, mixMatchStep, oneHot } from "./mixMatch.js";

/** Options for `divideMix`. */
export interface DivideMixOptions extends DeepSslOptions {
  /** Share of the steps trained with plain cross-entropy before the first split. Default 0.2. */
  warmup?: number;
  /** Steps between two clean/noisy splits. Default 50. */
  divideEvery?: number;
  /** Posterior of the low-loss component above which a labeled row counts as clean. Default 0.5. */
  cleanThreshold?: number;
  /** MixMatch's settings. */
  temperature?: number;
  alpha?: number;
}

/** The clean/noisy split of the labeled rows. */
export interface CleanSplit {
  /** Posterior probability that each labeled row is clean (the low-loss component), in labeled order. */
  clean: Float64Array;
  /** Means of the two components (normalised losses). */
  means: [number, number];
}

/** Result of `divideMix`: the deep result plus the last split. */
export interface DivideMixResult extends DeepSslResult {
  /** Clean posterior of every row (NaN for unlabeled rows) at the last split. */
  cleanProbability: Float64Array;
}

/**
 * A DivideMix-style learner for noisy labels (Li, Socher & Hoi 2020, "DivideMix: learning with noisy labels as
 * semi-supervised learning", ICLR, §3.1–3.2), with one network instead of two (no co-divide): after a cross-entropy
 * warm-up, every `divideEvery` steps the per-row cross-entropy of the labeled rows is min–max normalised and fitted
 * with a two-component 1-D Gaussian mixture; rows whose low-loss posterior w exceeds `cleanThreshold` stay labeled
 * with the refined target sharpen(w·y + (1 − w)·p̄), the others join the unlabeled rows, and MixMatch trains on the
 * result. Without DivideMix's uniform-prior penalty. Default λ_u 25, ramped up after the warm-up.
 */
export function divideMix(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  options: DivideMixOptions = {},
): DivideMixResult {
  const { warmup = 0.2, divideEvery = 50, cleanThreshold = 0.5 } = options;
  assertFiniteInRange(warmup, "warmup", { min: 0, max: 1 });
  assertFiniteInRange(cleanThreshold, "cleanThreshold", { min: 0, max: 1 });
  const settings = mixMatchSettings(options);
  const labeled: number[] = [];
  const unlabeled: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i]! >= 0 ? labeled : unlabeled).push(i);
  const labeledRows = Int32Array.from(labeled);
  let clean: Float64Array = new Float64Array(labeled.length).fill(1);
  let pending = 0;
  const result = runDeepSsl(x, labels, {
    options,
    method: {
      lambda: 25,
      rampUp: 0,
      supervised: (ctx) => {
        const k = ctx.options.classes;
        const warm = ctx.progress < warmup;
        if (warm) return ctx.addLoss(ctx.weak(ctx.labeledRows), { kind: "ce", labels: ctx.labeledY });
        const sinceWarm = ctx.step - Math.ceil(warmup * ctx.options.steps);
        if (sinceWarm % divideEvery === 0) clean = splitClean(ctx, { x, labels, labeledRows }).clean;
        const cleanIdx: number[] = [];
        const noisy: number[] = [...unlabeled];
        for (const [t, i] of labeled.entries()) (clean[t]! > cleanThreshold ? cleanIdx : noisy).push(i);
        if (cleanIdx.length === 0)
          return ctx.addLoss(ctx.weak(ctx.labeledRows), { kind: "ce", labels: ctx.labeledY });
        const batchL = draw(ctx.rng, cleanIdx, ctx.options.batchSize);
        const batchU = draw(ctx.rng, noisy, ctx.options.unlabeledBatch);
        const position = new Map(labeled.map((i, t) => [i, t]));
        // Label refinement: w·y + (1 − w)·(mean prediction over two weak views), sharpened.
        const targets = oneHot(
          Int32Array.from(batchL, (i) => labels[i]!),
          k,
        );
        const labeledX = ctx.weak(batchL);
        const p1 = ctx.predict(labeledX);
        const p2 = ctx.predict(ctx.weak(batchL));
        for (const [t, i] of batchL.entries()) {
          const w = clean[position.get(i)!]!;
          for (let c = 0; c < k; c++) {
            const q = t * k + c;
            targets[q] = w * targets[q]! + ((1 - w) * (p1.data[q]! + p2.data[q]!)) / 2;
          }
        }
        sharpen({ rows: batchL.length, cols: k, data: targets }, settings.temperature);
        const ramp = Math.min(1, (ctx.progress - warmup) / Math.max(1e-9, 0.3 * (1 - warmup)));
        const r = mixMatchStep(
          { ...ctx, weight: ctx.weight * Math.exp(-5 * (1 - ramp) ** 2) },
          { labeledX, labeledTargets: targets, unlabeledRows: batchU },
          settings,
        );
        pending = r.unlabeled;
        return r.supervised;
      },
      unlabeled: (ctx) => (ctx.progress < warmup ? 0 : pending),
    },
  });
  const cleanProbability = new Float64Array(labels.length).fill(Number.NaN);
  for (const [t, i] of labeled.entries()) cleanProbability[i] = clean[t]!;
  return { ...result, cleanProbability };
}

function draw(rng: Rng, pool: readonly number[], n: number): Int32Array {
  if (pool.length === 0) return new Int32Array(0);
  return Int32Array.from({ length: n }, () => pool[rng.int(pool.length)]!);
}

/** Per-row cross-entropy of the labeled rows (dropout off), normalised to [0, 1], split by a 2-component GMM. */
function splitClean(
  ctx: StepContext,
  p: { x: Matrix<FloatArray>; labels: Int32Array; labeledRows: Int32Array },
): CleanSplit {
  const k = ctx.options.classes;
  const probs = softmaxRows(mlpLogits(ctx.model, selectRows(p.x, p.labeledRows)));
  const loss = Float64Array.from(
    p.labeledRows,
    (i, t) => -Math.log(Math.max(probs.data[t * k + p.labels[i]!]!, 1e-12)),
  );
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of loss) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  for (let t = 0; t < loss.length; t++) loss[t] = hi > lo ? (loss[t]! - lo) / (hi - lo) : 0;
  return gaussianMixture2(loss);
}

/**
 * Two-component 1-D Gaussian mixture by EM (10 iterations, variance floor 5e-4: DivideMix's
 * `GaussianMixture(n_components=2, max_iter=10, tol=1e-2, reg_covar=5e-4)`), started from the lower and upper
 * quartiles; returns each point's posterior of the lower-mean component.
 */
export function gaussianMixture2(v: Float64Array): CleanSplit {
  const n = v.length;
  const sorted = Float64Array.from(v).sort();
  const mean: [number, number] = [
    sorted[Math.floor(0.25 * (n - 1))] ?? 0,
    sorted[Math.floor(0.75 * (n - 1))] ?? 1,
  ];
  const variance = [0.05, 0.05];
  const weight = [0.5, 0.5];
  const post = new Float64Array(n);
  const density = (x: number, c: number) =>
    (weight[c]! / Math.sqrt(2 * Math.PI * variance[c]!)) *
    Math.exp(-((x - mean[c]!) ** 2) / (2 * variance[c]!));
  for (let it = 0; it < 10; it++) {
    for (let i = 0; i < n; i++) {
      const a = density(v[i]!, 0);
      const b = density(v[i]!, 1);
      post[i] = a + b > 0 ? a / (a + b) : v[i]! < (mean[0] + mean[1]) / 2 ? 1 : 0;
    }
    for (let c = 0; c < 2; c++) {
      let s = 0;
      let sx = 0;
      for (let i = 0; i < n; i++) {
        const r = c === 0 ? post[i]! : 1 - post[i]!;
        s += r;
        sx += r * v[i]!;
      }
      if (s <= 1e-12) continue;
      mean[c] = sx / s;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (c === 0 ? post[i]! : 1 - post[i]!) * (v[i]! - mean[c]!) ** 2;
      variance[c] = ss / s + 5e-4;
      weight[c] = s / n;
    }
  }
  for (let i = 0; i < n; i++) {
    const a = density(v[i]!, 0);
    const b = density(v[i]!, 1);
    post[i] = a + b > 0 ? a / (a + b) : v[i]! < (mean[0] + mean[1]) / 2 ? 1 : 0;
  }
  if (mean[0] > mean[1]) for (let i = 0; i < n; i++) post[i] = 1 - post[i]!;
  return { clean: post, means: mean[0] <= mean[1] ? [mean[0], mean[1]] : [mean[1], mean[0]] };
}
