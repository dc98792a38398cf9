// The training loop every deep semi-supervised method shares: an MLP (models/network.ts layers) trained by Adam on
// a labeled minibatch (cross-entropy on weakly augmented rows) plus a method-specific loss on an unlabeled
// minibatch μ times larger, weighted by λ·ramp(t). A method is a small record of hooks (see `DeepSslMethod`).
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { softmaxRows } from "../linalg/matrix.js";
import { Adam } from "../models/adam.js";
import { type MlpModel, mlpLogits, mlpObjective } from "../models/mlp.js";
import { checkNetworkOptions, initLayers } from "../models/network.js";
import { createRng, type Rng, type Seed } from "../random/rng.js";
import {
  type AugmentContext,
  augmentRows,
  checkAugmentation,
  rmsEntry,
  type VectorAugmentation,
} from "./augmentation.js";
import { checkPartialLabels } from "./graph.js";

/** Options every deep method takes. */
export interface DeepSslOptions {
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /** Hidden layer sizes (one or two; [] = softmax regression on the features). Default [64]. */
  hidden?: readonly number[];
  /** Dropout on the hidden units in training. Default 0.1. */
  dropout?: number;
  /** L2 penalty λ/2·‖W‖² on the weights. Default 5e-4. */
  weightDecay?: number;
  /** Adam's step size. Default 0.003. */
  learningRate?: number;
  /** Optimiser steps. Default 600. */
  steps?: number;
  /** Labeled rows per step (capped by the labeled count). Default 32. */
  batchSize?: number;
  /** Unlabeled rows per step as a multiple of `batchSize` (FixMatch's μ). Default 4. */
  unlabeledRatio?: number;
  /** Weight λ of the unlabeled loss (each method has its own default). */
  lambda?: number;
  /**
   * Share of the steps over which λ ramps up as exp(−5(1 − t)²) (Laine & Aila 2017, §3.1); 0 for no ramp. Default
   * 0.3 (methods that gate by confidence use 0).
   */
  rampUp?: number;
  /** Weak augmentation (labeled rows, pseudo-label targets). Default: noise 0.1. */
  weak?: VectorAugmentation;
  /** Strong augmentation (the rows the consistency loss trains). Default: noise 0.4, dropout 0.3, views. */
  strong?: VectorAugmentation;
  /** Augmented copies of the features (same shape as x) for `useViews` augmentations, e.g. EDA'd texts embedded. */
  views?: readonly Matrix<FloatArray>[];
  /** Seed of the initial weights, batches, augmentations and dropout. Default 0. */
  seed?: Seed;
  /** Called before every step (progress, cancellation); returning true stops training there. */
  shouldStop?: (step: number, steps: number) => boolean;
}

/** The settings a method reads (defaults resolved). */
export interface ResolvedDeepOptions {
  classes: number;
  steps: number;
  batchSize: number;
  unlabeledBatch: number;
  lambda: number;
  rampUp: number;
  weak: VectorAugmentation;
  strong: VectorAugmentation;
}

/** A loss on a batch's softmax outputs, per row; `scale` multiplies it (λ·ramp), `mask` gates rows (0/1 or soft). */
export type RowLoss =
  | { kind: "ce"; labels: Int32Array }
  | { kind: "softCe"; targets: Float64Array }
  | { kind: "mse"; targets: Float64Array }
  | { kind: "entropy" };

/** What a method's hooks see at every step. */
export interface StepContext {
  model: MlpModel;
  rng: Rng;
  options: ResolvedDeepOptions;
  /** 0-based step and the share of training done. */
  step: number;
  progress: number;
  /** λ·ramp(progress). */
  weight: number;
  /** This step's labeled rows (indices into x) and their labels. */
  labeledRows: Int32Array;
  labeledY: Int32Array;
  /** This step's unlabeled rows (indices into x). */
  unlabeledRows: Int32Array;
  /** Class frequencies of the labeled rows (for distribution alignment). */
  labeledPrior: Float64Array;
  /** Augmented copies of rows of x. */
  weak: (rows: Int32Array) => Matrix;
  strong: (rows: Int32Array) => Matrix;
  /** Softmax outputs, no gradient: dropout off, or on (a stochastic pass) with `stochastic`. */
  predict: (x: Matrix, opts?: { stochastic?: boolean; model?: MlpModel }) => Matrix;
  /**
   * Adds scale · mean over rows of mask_i·ℓ_i to the objective and its gradient to this step's gradients (dropout on);
   * returns that value. `probs` receives the softmax outputs of this pass when given.
   */
  addLoss: (
    x: Matrix,
    loss: RowLoss,
    opts?: { scale?: number; mask?: Float64Array; probs?: Float64Array },
  ) => number;
}

/** A deep semi-supervised method: hooks on the shared loop. */
export interface DeepSslMethod {
  /** The default λ of the method (Options.lambda overrides). */
  lambda: number;
  /** The default ramp-up share. */
  rampUp: number;
  /** Called once before training (state sized to the rows). */
  init?: (p: { model: MlpModel; rows: number; classes: number }) => void;
  /** The labeled term; default cross-entropy on the weakly augmented labeled batch. */
  supervised?: (ctx: StepContext) => number;
  /** The unlabeled term (accumulates its gradient through ctx.addLoss); returns its value. */
  unlabeled?: (ctx: StepContext) => number;
  /** After each optimiser step (EMA teachers). */
  afterStep?: (ctx: StepContext) => void;
  /** The network whose predictions are returned (default the trained one). */
  final?: (model: MlpModel) => MlpModel;
}

/** What every deep method returns. */
export interface DeepSslResult {
  /** Softmax outputs for every row of x (rows × K), dropout off. */
  probs: Matrix;
  model: MlpModel;
  /** Total objective (supervised + weighted unlabeled) per step. */
  objective: Float64Array;
  /** Unlabeled term per step (already weighted). */
  unlabeledLoss: Float64Array;
}

/**
 * Trains an MLP on the labeled rows of x (`labels` ≥ 0) and the unlabeled ones (−1) with the hooks of `method`.
 * Each step draws a labeled batch (cycling through shuffled labeled rows) and an unlabeled batch μ times larger,
 * adds the supervised and unlabeled losses, the weight decay, and takes one Adam step. O(steps · (1 + 2μ)·B · d·h).
 */
export function runDeepSsl(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  p: { method: DeepSslMethod; options: DeepSslOptions },
): DeepSslResult {
  const { method, options } = p;
  const k = checkPartialLabels(x.rows, labels, options.classes);
  const {
    hidden = [64],
    dropout = 0.1,
    weightDecay = 5e-4,
    learningRate = 0.003,
    steps = 600,
    batchSize = 32,
    unlabeledRatio = 4,
    lambda = method.lambda,
    rampUp = method.rampUp,
    weak = { noise: 0.1 },
    strong = { noise: 0.4, dropout: 0.3, useViews: true },
    views,
    seed = 0,
  } = options;
  if (hidden.length > 0) checkNetworkOptions({ hidden, dropout, epochs: 1, batchSize });
  assertInteger(steps, "steps", { min: 1 });
  assertInteger(batchSize, "batchSize", { min: 1 });
  assertFiniteInRange(unlabeledRatio, "unlabeledRatio", { min: 0 });
  assertFiniteInRange(lambda, "lambda", { min: 0 });
  assertFiniteInRange(rampUp, "rampUp", { min: 0, max: 1 });
  assertFiniteInRange(weightDecay, "weightDecay", { min: 0 });
  checkAugmentation(weak, "weak");
  checkAugmentation(strong, "strong");
  for (const v of views ?? [])
    if (v.rows !== x.rows || v.cols !== x.cols)
      throw new RangeError(`every view must be ${x.rows} × ${x.cols} (got ${v.rows} × ${v.cols})`);
  const rng = createRng(seed);
  const layers = initLayers(rng, [x.cols, ...hidden, k]);
  const model: MlpModel = { kind: "mlp", classes: k, features: x.cols, layers, dropout };
  const params = layers.flatMap((l) => [l.weights, l.bias]);
  const grads = params.map((q) => new Float64Array(q.length));
  const adam = new Adam(params, { learningRate });

  const labeled: number[] = [];
  const unlabeled: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i]! >= 0 ? labeled : unlabeled).push(i);
  const labeledPrior = new Float64Array(k);
  for (const i of labeled) labeledPrior[labels[i]!]! += 1 / labeled.length;
  const resolved: ResolvedDeepOptions = {
    classes: k,
    steps,
    batchSize: Math.min(batchSize, labeled.length),
    unlabeledBatch: Math.min(Math.round(unlabeledRatio * batchSize), unlabeled.length),
    lambda,
    rampUp,
    weak,
    strong,
  };
  const aug: AugmentContext = { x, views, scale: rmsEntry(x), rng };
  const labeledCycle = new Cycle(Int32Array.from(labeled), rng);
  const unlabeledCycle = new Cycle(Int32Array.from(unlabeled), rng);
  method.init?.({ model, rows: x.rows, classes: k });

  const objective = new Float64Array(steps);
  const unlabeledLoss = new Float64Array(steps);
  for (let step = 0; step < steps; step++) {
    if (options.shouldStop?.(step, steps)) break;
    for (const g of grads) g.fill(0);
    const progress = step / steps;
    const ramp = rampUp > 0 && progress < rampUp ? Math.exp(-5 * (1 - progress / rampUp) ** 2) : 1;
    const labeledRows = labeledCycle.next(resolved.batchSize);
    const ctx: StepContext = {
      model,
      rng,
      options: resolved,
      step,
      progress,
      weight: lambda * ramp,
      labeledRows,
      labeledY: Int32Array.from(labeledRows, (i) => labels[i]!),
      unlabeledRows: unlabeledCycle.next(resolved.unlabeledBatch),
      labeledPrior,
      weak: (rows) => augmentRows(rows, weak, aug),
      strong: (rows) => augmentRows(rows, strong, aug),
      predict: (xb, o = {}) => softmaxRows(mlpLogits(o.model ?? model, xb, o.stochastic ? rng : undefined)),
      addLoss: (xb, loss, o = {}) =>
        mlpObjective(
          model,
          { x: xb, y: loss.kind === "ce" ? loss.labels : new Int32Array(xb.rows) },
          {
            weightDecay: 0,
            rng,
            grads,
            loss: rowLoss({ loss, scale: o.scale ?? 1, mask: o.mask, probs: o.probs }),
          },
        ),
    };
    let total = method.supervised
      ? method.supervised(ctx)
      : ctx.addLoss(ctx.weak(ctx.labeledRows), { kind: "ce", labels: ctx.labeledY });
    if (method.unlabeled && ctx.unlabeledRows.length > 0 && ctx.weight > 0) {
      unlabeledLoss[step] = method.unlabeled(ctx);
      total += unlabeledLoss[step]!;
    }
    let penalty = 0;
    for (const [l, layer] of layers.entries()) {
      const gw = grads[2 * l]!;
      for (let q = 0; q < gw.length; q++) {
        gw[q]! += weightDecay * layer.weights[q]!;
        penalty += layer.weights[q]! ** 2;
      }
    }
    objective[step] = total + (weightDecay / 2) * penalty;
    adam.step(grads);
    method.afterStep?.(ctx);
  }
  const finalModel = method.final?.(model) ?? model;
  return { probs: softmaxRows(mlpLogits(finalModel, x)), model: finalModel, objective, unlabeledLoss };
}

/** Draws batches by walking through a shuffled copy of the rows, reshuffling at the end of each pass. */
class Cycle {
  private pos = 0;
  constructor(
    private readonly rows: Int32Array,
    private readonly rng: Rng,
  ) {
    rng.shuffle(this.rows);
  }
  next(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let t = 0; t < n; t++) {
      if (this.pos === this.rows.length) {
        this.rng.shuffle(this.rows);
        this.pos = 0;
      }
      out[t] = this.rows[this.pos++]!;
    }
    return out;
  }
}

/**
 * A `LossFunction` (what `mlpObjective` takes) for a `RowLoss`: softmaxes the logits in place and returns
 * scale·Σ_i mask_i·ℓ_i with the matching gradient with respect to the logits. mlpObjective divides by the rows.
 */
export function rowLoss(p: {
  loss: RowLoss;
  scale: number;
  mask: Float64Array | undefined;
  probs: Float64Array | undefined;
}) {
  const { loss, scale, mask, probs } = p;
  return (logits: Matrix, _y: ArrayLike<number>, o: { grad?: Float64Array | undefined } = {}): number => {
    const { rows, cols: k } = logits;
    const z = logits.data;
    const grad = o.grad;
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const b = i * k;
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, z[b + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(z[b + c]! - max);
      const lse = max + Math.log(sum);
      const logp = new Float64Array(k);
      for (let c = 0; c < k; c++) {
        logp[c] = z[b + c]! - lse;
        z[b + c] = Math.exp(logp[c]!);
      }
      probs?.set(z.subarray(b, b + k), b);
      const w = scale * (mask ? mask[i]! : 1);
      if (w === 0) {
        if (grad) grad.fill(0, b, b + k);
        continue;
      }
      total += w * rowTerm({ loss, i, k, p: z.subarray(b, b + k), logp, grad: grad?.subarray(b, b + k), w });
    }
    return total;
  };
}

/** ℓ_i and (into grad, times w) ∂ℓ_i/∂z_i for one row. */
function rowTerm(a: {
  loss: RowLoss;
  i: number;
  k: number;
  p: Float64Array;
  logp: Float64Array;
  grad: Float64Array | undefined;
  w: number;
}): number {
  const { loss, i, k, p, logp, grad, w } = a;
  switch (loss.kind) {
    case "ce": {
      const y = loss.labels[i]!;
      if (grad) for (let c = 0; c < k; c++) grad[c] = w * (p[c]! - (c === y ? 1 : 0));
      return -logp[y]!;
    }
    case "softCe": {
      // −Σ q log p; ∂/∂z = (Σq)·p − q.
      let l = 0;
      let mass = 0;
      for (let c = 0; c < k; c++) {
        const q = loss.targets[i * k + c]!;
        l -= q * logp[c]!;
        mass += q;
      }
      if (grad) for (let c = 0; c < k; c++) grad[c] = w * (mass * p[c]! - loss.targets[i * k + c]!);
      return l;
    }
    case "mse": {
      // (1/K)·Σ_c (p_c − q_c)²; ∂/∂z_j = (2/K)·p_j·((p_j − q_j) − Σ_c (p_c − q_c)·p_c).
      let l = 0;
      let inner = 0;
      for (let c = 0; c < k; c++) {
        const r = p[c]! - loss.targets[i * k + c]!;
        l += r * r;
        inner += r * p[c]!;
      }
      if (grad)
        for (let c = 0; c < k; c++)
          grad[c] = ((w * 2) / k) * p[c]! * (p[c]! - loss.targets[i * k + c]! - inner);
      return l / k;
    }
    case "entropy": {
      // H = −Σ p log p; ∂H/∂z_j = −p_j·(log p_j + H).
      let h = 0;
      for (let c = 0; c < k; c++) h -= p[c]! * logp[c]!;
      if (grad) for (let c = 0; c < k; c++) grad[c] = -w * p[c]! * (logp[c]! + h);
      return h;
    }
  }
}

/** Temperature sharpening (MixMatch eq. 7): p_c^{1/T} / Σ p^{1/T}, row by row, in place. */
export function sharpen(probs: Matrix, temperature: number): Matrix {
  const { rows, cols, data } = probs;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < cols; c++) {
      data[i * cols + c] = data[i * cols + c]! ** (1 / temperature);
      s += data[i * cols + c]!;
    }
    for (let c = 0; c < cols; c++) data[i * cols + c]! /= s;
  }
  return probs;
}

/**
 * ReMixMatch's distribution alignment (Berthelot et al. 2020, §3.2): keeps a running mean p̃ of the model's
 * predictions on unlabeled rows and rescales each prediction by p(y)/p̃ (p(y) the labeled class frequencies), then
 * renormalises. Used by FixMatch, UDA and MixMatch with `distributionAlignment`.
 */
export class DistributionAlignment {
  private readonly running: Float64Array;
  private seen = 0;
  constructor(
    private readonly prior: Float64Array,
    private readonly momentum = 0.999,
  ) {
    this.running = new Float64Array(prior.length).fill(1 / prior.length);
  }
  /** Updates the running mean with this batch and aligns it in place. */
  apply(probs: Matrix): Matrix {
    const { rows, cols, data } = probs;
    const mean = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) mean[c]! += data[i * cols + c]! / rows;
    // Bias-corrected exponential moving average (as Adam's), so early batches are not pulled to uniform.
    this.seen++;
    const m = this.momentum;
    for (let c = 0; c < cols; c++) this.running[c] = m * this.running[c]! + (1 - m) * mean[c]!;
    const correction = 1 - m ** this.seen;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let c = 0; c < cols; c++) {
        const avg = (this.running[c]! - m ** this.seen / cols) / correction;
        data[i * cols + c]! *= this.prior[c]! / Math.max(avg, 1e-6);
        s += data[i * cols + c]!;
      }
      for (let c = 0; c < cols; c++) data[i * cols + c]! /= s;
    }
    return probs;
  }
}

/** Top probability and argmax of each row. */
export function confidence(probs: Matrix): { conf: Float64Array; pred: Int32Array } {
  const { rows, cols, data } = probs;
  const conf = new Float64Array(rows);
  const pred = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (data[i * cols + c]! > data[i * cols + best]!) best = c;
    pred[i] = best;
    conf[i] = data[i * cols + best]!;
  }
  return { conf, pred };
}
