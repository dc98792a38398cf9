import { assertCodes, assertFiniteInRange, assertSameLength } from "../errors/assert.js";
import { type Features, selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng, type Rng, type Seed } from "../random/rng.js";
import {
  backwardHidden,
  checkNetworkOptions,
  type DenseLayer,
  forwardHidden,
  initLayer,
  trainEpochs,
} from "./network.js";
import { checkWidth, type EpochHook } from "./shared.js";

/** Judgments to learn from: row `item[j]` of the features was given class `label[j]` by rater `rater[j]`. */
export interface RaterJudgments {
  readonly item: Int32Array;
  readonly rater: Int32Array;
  readonly label: Int32Array;
}

/** A fitted multi-annotator model: a shared ReLU trunk and one softmax head per rater. */
export interface MultiAnnotatorModel {
  readonly kind: "multiAnnotator";
  readonly classes: number;
  readonly features: number;
  readonly raters: number;
  /** Shared hidden layers. */
  readonly trunk: readonly DenseLayer[];
  /** Units of the last trunk layer (the heads' input width). */
  readonly units: number;
  /** Heads: raters × classes × units weights, row-major (head r is a classes × units block). */
  readonly headWeights: Float64Array;
  /** raters × classes biases. */
  readonly headBias: Float64Array;
  readonly dropout: number;
}

/** Options for `multiAnnotatorModel`. */
export interface MultiAnnotatorOptions {
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /** Number of raters R. Default: the largest rater code + 1. */
  raters?: number;
  /** Sizes of the shared hidden layers (one or two). Default [64]. */
  hidden?: readonly number[];
  /** Dropout on the shared representation during training. Default 0.1. */
  dropout?: number;
  /** L2 penalty λ on all weights (trunk and heads): (λ/2)·‖W‖². Default 1e-4. */
  weightDecay?: number;
  /** Adam's step size. Default 0.001. */
  learningRate?: number;
  /** Maximum passes over the judgments. Default 50. */
  epochs?: number;
  /** Judgments per step. Default 128. */
  batchSize?: number;
  /** Share of judgments held out for early stopping (0: none, train every epoch). Default 0.1. */
  validationFraction?: number;
  /** Epochs without improvement of the held-out loss before stopping. Default 5. */
  patience?: number;
  /** Seed for the weights, the split, the shuffles and dropout. Default 0. */
  seed?: Seed;
  /** Called at the end of every epoch (its `logits` are not available for this model and throw). */
  onEpoch?: EpochHook;
}

/** Result of `multiAnnotatorModel`. */
export interface MultiAnnotatorResult {
  model: MultiAnnotatorModel;
  iterations: number;
  /** True when early stopping ended training. */
  converged: boolean;
  /** Mean training loss per judgment (with penalty) per epoch. */
  objective: number[];
  /** Held-out loss per epoch (empty without a hold-out). */
  validationLoss: number[];
  /** 1 for judgments held out for early stopping. */
  heldOut: Uint8Array;
}

function checkJudgments(
  x: Features,
  j: RaterJudgments,
  o: { classes?: number | undefined; raters?: number | undefined },
) {
  assertSameLength(j.item, j.rater, "item and rater codes");
  assertSameLength(j.item, j.label, "item and label codes");
  if (j.item.length === 0) throw new RangeError("cannot fit a multi-annotator model on zero judgments");
  assertCodes(j.item, x.rows, "item");
  let maxL = 0;
  let maxR = 0;
  for (let t = 0; t < j.label.length; t++) {
    maxL = Math.max(maxL, j.label[t]!);
    maxR = Math.max(maxR, j.rater[t]!);
  }
  const classes = o.classes ?? maxL + 1;
  const raters = o.raters ?? maxR + 1;
  assertCodes(j.label, classes, "label");
  assertCodes(j.rater, raters, "rater");
  return { classes, raters };
}

/**
 * Σ of the per-judgment cross-entropies on a batch (each judgment scored by its rater's head), accumulating gradients when `grads` is given
 * ([trunk weights/biases…, head weights, head biases]).
 */
export function multiAnnotatorLoss(
  model: MultiAnnotatorModel,
  batch: { x: Features; rater: Int32Array; label: Int32Array },
  opts: { rng?: Rng | undefined; grads?: Float64Array[] | undefined },
): number {
  const { x, rater, label } = batch;
  const { rng, grads } = opts;
  const k = model.classes;
  const u = model.units;
  const cache = forwardHidden(model.trunk, x, { dropout: model.dropout, rng });
  const rep = cache.outputs[cache.outputs.length - 1]!;
  const gRep = grads ? new Float64Array(rep.data.length) : undefined;
  const logits = new Float64Array(k);
  let loss = 0;
  const L = model.trunk.length;
  for (let j = 0; j < rater.length; j++) {
    const r = rater[j]!;
    const hBase = j * u;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const wBase = (r * k + c) * u;
      let s = model.headBias[r * k + c]!;
      for (let t = 0; t < u; t++) s += model.headWeights[wBase + t]! * rep.data[hBase + t]!;
      logits[c] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(logits[c]! - max);
    const lse = max + Math.log(sum);
    loss += lse - logits[label[j]!]!;
    if (grads && gRep) {
      const gw = grads[2 * L]!;
      const gb = grads[2 * L + 1]!;
      for (let c = 0; c < k; c++) {
        const res = Math.exp(logits[c]! - lse) - (c === label[j] ? 1 : 0);
        const wBase = (r * k + c) * u;
        gb[r * k + c]! += res;
        for (let t = 0; t < u; t++) {
          gw[wBase + t]! += res * rep.data[hBase + t]!;
          gRep[hBase + t]! += res * model.headWeights[wBase + t]!;
        }
      }
    }
  }
  if (grads && gRep)
    backwardHidden(model.trunk, cache, { gradOut: { rows: rep.rows, cols: u, data: gRep }, grads });
  return loss;
}

/**
 * A multi-annotator model (Davani, Díaz & Prabhakaran 2022, "Dealing with disagreements: looking beyond the
 * majority vote in subjective annotations", TACL): a shared ReLU representation of the item features and one
 * softmax head per rater, trained only on the judgments each rater made (a multi-task loss), with dropout, weight
 * decay, Adam and early stopping on held-out judgments. It predicts what each rater would say, so disagreement is
 * modelled instead of averaged away; `raterVotes` aggregates the heads. Each epoch costs
 * O(judgments · (nnz per row · h + K · h)).
 */
export function multiAnnotatorModel(
  x: Features,
  judgments: RaterJudgments,
  options: MultiAnnotatorOptions = {},
): MultiAnnotatorResult {
  const { classes: k, raters } = checkJudgments(x, judgments, options);
  const {
    hidden = [64],
    dropout = 0.1,
    weightDecay = 1e-4,
    learningRate = 0.001,
    epochs = 50,
    batchSize = 128,
    validationFraction = 0.1,
    patience = 5,
    seed = 0,
    onEpoch,
  } = options;
  checkNetworkOptions({ hidden, dropout, epochs, batchSize });
  assertFiniteInRange(validationFraction, "validationFraction", { min: 0, max: 0.5 });
  const rng = createRng(seed);
  const sizes = [x.cols, ...hidden];
  const trunk: DenseLayer[] = [];
  for (let l = 0; l + 1 < sizes.length; l++)
    trunk.push(initLayer(rng, { inputs: sizes[l]!, outputs: sizes[l + 1]!, gain: 2 }));
  const units = hidden[hidden.length - 1]!;
  const headWeights = new Float64Array(raters * k * units);
  const sd = Math.sqrt(1 / units);
  for (let q = 0; q < headWeights.length; q++) headWeights[q] = rng.normal(0, sd);
  const model: MultiAnnotatorModel = {
    kind: "multiAnnotator",
    classes: k,
    features: x.cols,
    raters,
    trunk,
    units,
    headWeights,
    headBias: new Float64Array(raters * k),
    dropout,
  };
  const n = judgments.item.length;
  const heldOut = new Uint8Array(n);
  const order = rng.permutation(n);
  const nValid = n >= 10 ? Math.round(validationFraction * n) : 0;
  for (let t = 0; t < nValid; t++) heldOut[order[t]!] = 1;
  const train = order.slice(nValid);
  const valid = order.slice(0, nValid);
  const subset = (rows: Int32Array) => ({
    x: selectRows(
      x,
      Array.from(rows, (j) => judgments.item[j]!),
    ),
    rater: Int32Array.from(rows, (j) => judgments.rater[j]!),
    label: Int32Array.from(rows, (j) => judgments.label[j]!),
  });
  const validation = nValid > 0 ? subset(valid) : undefined;
  const params = [...trunk.flatMap((l) => [l.weights, l.bias]), headWeights, model.headBias];
  // Weights (penalised) are the trunk's even entries and the head weights; biases are not penalised.
  const penalised = params.map((_, q) => q === params.length - 2 || (q < params.length - 2 && q % 2 === 0));
  const loop = trainEpochs({
    params,
    rows: train,
    rng,
    epochs,
    batchSize,
    learningRate,
    patience,
    batchLoss: (rows, grads) => {
      const m = rows.length;
      const loss = multiAnnotatorLoss(model, subset(rows), { rng, grads }) / m;
      let penalty = 0;
      for (const [q, p] of params.entries()) {
        const g = grads[q]!;
        for (let t = 0; t < g.length; t++) {
          g[t]! /= m;
          if (penalised[q]) {
            g[t]! += weightDecay * p[t]!;
            penalty += p[t]! * p[t]!;
          }
        }
      }
      return loss + (weightDecay / 2) * penalty;
    },
    validate: validation && (() => multiAnnotatorLoss({ ...model, dropout: 0 }, validation, {}) / nValid),
    onEpoch,
    logits: () => {
      throw new TypeError("a multi-annotator model has one output per rater; use raterProba");
    },
  });
  return {
    model,
    iterations: loop.iterations,
    converged: loop.converged,
    objective: loop.objective,
    validationLoss: loop.validationLoss,
    heldOut,
  };
}

/** The shared representation of each row (dropout off). */
function representation(model: MultiAnnotatorModel, x: Features): Matrix {
  checkWidth(x, model.features);
  const cache = forwardHidden(model.trunk, x);
  return cache.outputs[cache.outputs.length - 1]!;
}

/**
 * What the chosen raters would answer: probabilities as rows × raters.length × classes (row-major: row i, then
 * rater, then class). O(rows · raters · K · h): choose the raters you need (a jury, a pool).
 */
export function raterProba(model: MultiAnnotatorModel, x: Features, raters: ArrayLike<number>): Float64Array {
  assertCodes(raters, model.raters, "raters");
  const rep = representation(model, x);
  const k = model.classes;
  const u = model.units;
  const out = new Float64Array(x.rows * raters.length * k);
  for (let i = 0; i < x.rows; i++) {
    for (let a = 0; a < raters.length; a++) {
      const r = raters[a]!;
      const base = (i * raters.length + a) * k;
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = model.headBias[r * k + c]!;
        const w = (r * k + c) * u;
        for (let t = 0; t < u; t++) s += model.headWeights[w + t]! * rep.data[i * u + t]!;
        out[base + c] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += out[base + c] = Math.exp(out[base + c]! - max);
      for (let c = 0; c < k; c++) out[base + c]! /= sum;
    }
  }
  return out;
}

/** Result of `raterVotes`. */
export interface RaterVotes {
  /** Mean of the raters' predicted probabilities (rows × classes). */
  meanProba: Matrix;
  /** Share of raters whose most probable class is c (rows × classes). */
  voteShare: Matrix;
  /** The class most raters vote for (ties: the higher mean probability, then the lower class). */
  majority: Int32Array;
  /** Disagreement among the heads: 1 − the majority's vote share (0 = every rater agrees). */
  disagreement: Float64Array;
}

/**
 * Aggregates the heads of the given raters (default all): mean probability, vote shares, the majority vote and the
 * heads' disagreement, which Davani et al. (2022) found tracks human disagreement. O(rows · raters · K · h).
 */
export function raterVotes(
  model: MultiAnnotatorModel,
  x: Features,
  options: { raters?: ArrayLike<number> } = {},
): RaterVotes {
  const raters = options.raters ?? Int32Array.from({ length: model.raters }, (_, r) => r);
  if (raters.length === 0) throw new RangeError("raterVotes needs at least one rater");
  const k = model.classes;
  const n = x.rows;
  const mean = new Float64Array(n * k);
  const share = new Float64Array(n * k);
  // Rows in blocks so the rows × raters × classes tensor never exists in full.
  const block = Math.max(1, Math.floor(262_144 / (raters.length * k)));
  for (let start = 0; start < n; start += block) {
    const rows = Array.from({ length: Math.min(block, n - start) }, (_, t) => start + t);
    const p = raterProba(model, selectRows(x, rows), raters);
    rows.forEach((i, t) => {
      for (let a = 0; a < raters.length; a++) {
        const base = (t * raters.length + a) * k;
        let best = 0;
        for (let c = 0; c < k; c++) {
          mean[i * k + c]! += p[base + c]! / raters.length;
          if (p[base + c]! > p[base + best]!) best = c;
        }
        share[i * k + best]! += 1 / raters.length;
      }
    });
  }
  const majority = new Int32Array(n);
  const disagreement = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) {
      const s = share[i * k + c]!;
      const b = share[i * k + best]!;
      if (s > b + 1e-12 || (Math.abs(s - b) <= 1e-12 && mean[i * k + c]! > mean[i * k + best]!)) best = c;
    }
    majority[i] = best;
    disagreement[i] = 1 - share[i * k + best]!;
  }
  return {
    meanProba: { rows: n, cols: k, data: mean },
    voteShare: { rows: n, cols: k, data: share },
    majority,
    disagreement,
  };
}
