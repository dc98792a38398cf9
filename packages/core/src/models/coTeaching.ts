import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { type Features, selectRows } from "../linalg/csr.js";
import { createRng, type Seed } from "../random/rng.js";
import { Adam } from "./adam.js";
import { createLoss } from "./losses/createLoss.js";
import { crossEntropyLoss } from "./losses/crossEntropyLoss.js";
import type { LossFunction, LossSpec } from "./losses/types.js";
import { type MlpModel, mlpLogits, mlpObjective } from "./mlp.js";
import { type DenseLayer, initLayer } from "./network.js";
import { checkTrainingInput, type EpochHook, pickRows } from "./shared.js";
import type { SoftmaxModel } from "./softmaxRegression.js";

/** Options for `coTeaching`. */
export interface CoTeachingOptions {
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /** Hidden layer sizes: [] trains two softmax regressions, [h] or [h₁, h₂] two MLPs. Default []. */
  hidden?: readonly number[];
  /** τ: the share of each minibatch finally dropped as probably mislabelled (the paper sets it to the noise rate). Default 0.2. */
  forgetRate?: number;
  /** T_k: epochs over which the dropped share grows from 0 to τ. Default 10 (the paper's). */
  gradualEpochs?: number;
  /** c: the dropped share at epoch e is τ·min(e / T_k, 1)^c. Default 1 (the paper's linear ramp). */
  exponent?: number;
  /** Passes over the data (there is no early stopping: the selection is the regulariser). Default 30. */
  epochs?: number;
  /** Rows per minibatch. Default 128 (the paper's). */
  batchSize?: number;
  /** Adam's step size. Default 0.001 (the paper's). */
  learningRate?: number;
  /** Inverted dropout on the hidden units. Default 0. */
  dropout?: number;
  /** L2 penalty λ: each step minimises the mean loss of the chosen rows + (λ/2)·‖W‖². Default 1e-4. */
  weightDecay?: number;
  /**
   * Rank and keep within each class of the minibatch (the same share of every class) instead of over the whole
   * batch. Not in the paper: a vox option against a failure of plain small-loss selection on hard binary tasks,
   * where the class the model leans to has the smaller losses and comes to fill the selection. Default false.
   */
  perClass?: boolean;
  /** Loss for ranking and updates. Default cross-entropy (the paper's). */
  loss?: LossSpec | LossFunction;
  /** Per-row weights (a weight-0 row is never learned from). Default: all 1. */
  sampleWeight?: Float64Array;
  /** Seed for both initialisations, the shuffles and dropout. Default 0. */
  seed?: Seed;
  /** Called at the end of every epoch with the first network's logits; returning true stops training. */
  onEpoch?: EpochHook;
}

/** Result of `coTeaching`. */
export interface CoTeachingResult {
  /** The first network (a softmax model without hidden layers, else an MLP). */
  model: SoftmaxModel | MlpModel;
  /** The second network. */
  peer: SoftmaxModel | MlpModel;
  /** Epochs run. */
  iterations: number;
  /** True when every epoch of the schedule ran (co-teaching has no convergence test). */
  converged: boolean;
  /** Per epoch: the first network's mean loss on the rows its peer chose for it (with the penalty). */
  objective: number[];
  /** Per epoch: the share of each minibatch that was dropped. */
  forgetRates: number[];
  /** 1 for the rows the first network ranked small-loss (handed to its peer) in the last epoch run. */
  selected: Uint8Array;
}

/**
 * Co-teaching (Han, Yao, Yu, Niu, Xu, Hu, Tsang & Sugiyama 2018, "Co-teaching: Robust Training of Deep Neural
 * Networks with Extremely Noisy Labels", NeurIPS, Algorithm 1): two networks with different initialisations see the
 * same minibatches; each ranks the batch by its own loss and hands the R(e) = 1 − τ·min(e/T_k, 1)^c share with the
 * smallest losses to the other, which updates on those rows only (Adam). Small-loss rows are mostly correctly
 * labelled early in training, and the two networks' different mistakes keep each from confirming its own. With no
 * hidden layer both networks are softmax regressions (and, starting close to each other, behave much like one
 * network trained on its own small-loss rows). Each epoch costs four forward and two backward passes of one
 * network over the data, plus a sort of each minibatch's losses.
 */
export function coTeaching(x: Features, y: Int32Array, options: CoTeachingOptions = {}): CoTeachingResult {
  const k = checkTrainingInput(x, y, options);
  const {
    hidden = [],
    forgetRate = 0.2,
    gradualEpochs = 10,
    exponent = 1,
    epochs = 30,
    batchSize = 128,
    learningRate = 0.001,
    dropout = 0,
    weightDecay = 1e-4,
    perClass = false,
    sampleWeight,
    seed = 0,
    onEpoch,
  } = options;
  if (hidden.length > 2)
    throw new RangeError(`hidden must list 0, 1 or 2 layer sizes (got ${hidden.length})`);
  for (const h of hidden) assertInteger(h, "hidden layer size", { min: 1 });
  assertFiniteInRange(forgetRate, "forgetRate", { min: 0, max: 1 });
  if (forgetRate >= 1) throw new RangeError(`forgetRate must be below 1 (got ${forgetRate})`);
  assertInteger(gradualEpochs, "gradualEpochs", { min: 1 });
  assertFiniteInRange(exponent, "exponent", { min: Number.EPSILON });
  assertInteger(epochs, "epochs", { min: 1 });
  assertInteger(batchSize, "batchSize", { min: 1 });
  assertFiniteInRange(dropout, "dropout", { min: 0, max: 0.95 });
  assertFiniteInRange(weightDecay, "weightDecay", { min: 0 });
  const loss: LossFunction = options.loss === undefined ? crossEntropyLoss : createLoss(options.loss, k);
  const rng = createRng(seed);
  const sizes = [x.cols, ...hidden, k];
  const makeNet = (): MlpModel => {
    const layers: DenseLayer[] = [];
    for (let l = 0; l + 1 < sizes.length; l++)
      layers.push(
        initLayer(rng, { inputs: sizes[l]!, outputs: sizes[l + 1]!, gain: l + 2 < sizes.length ? 2 : 1 }),
      );
    return { kind: "mlp", classes: k, features: x.cols, layers, dropout };
  };
  const nets = [makeNet(), makeNet()] as const;
  const params = nets.map((net) => net.layers.flatMap((l) => [l.weights, l.bias]));
  const grads = params.map((ps) => ps.map((p) => new Float64Array(p.length)));
  const adams = params.map((ps) => new Adam(ps, { learningRate }));
  const n = x.rows;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const selected = new Uint8Array(n);
  const objective: number[] = [];
  const forgetRates: number[] = [];
  let epoch = 0;
  while (epoch < epochs) {
    const forget = forgetRate * Math.min(epoch / gradualEpochs, 1) ** exponent;
    forgetRates.push(forget);
    rng.shuffle(order);
    let total = 0;
    for (let start = 0; start < n; start += batchSize) {
      const rows = order.subarray(start, Math.min(n, start + batchSize));
      const m = rows.length;
      const batch = { x: selectRows(x, rows), y: pickRows(y, rows) };
      const weight = sampleWeight ? pickRows(sampleWeight, rows) : undefined;
      const progress = (epoch + start / n) / epochs;
      // One dropout seed per network and batch: the ranking pass and the update pass see the same masks.
      const seeds = [rng.uint32(), rng.uint32()];
      const chosen = nets.map((net, q) => {
        const losses = new Float64Array(m);
        mlpObjective(
          net,
          { ...batch, weight },
          { weightDecay: 0, rng: createRng(seeds[q]!), loss, losses, progress },
        );
        return smallLoss(losses, { labels: batch.y, keepShare: 1 - forget, perClass, weight });
      });
      for (let t = 0; t < m; t++) selected[rows[t]!] = chosen[0]![t]! > 0 ? 1 : 0;
      for (let q = 0; q < 2; q++) {
        // Each network learns from the rows its peer found small-loss.
        const w = chosen[1 - q]!;
        let sw = 0;
        for (const v of w) sw += v;
        if (!(sw > 0)) continue;
        for (const g of grads[q]!) g.fill(0);
        const value = mlpObjective(
          nets[q]!,
          { ...batch, weight: w },
          { weightDecay, rng: createRng(seeds[q]!), grads: grads[q], loss, progress },
        );
        adams[q]!.step(grads[q]!);
        if (q === 0) total += value * m;
      }
    }
    objective.push(total / n);
    epoch++;
    const stop = onEpoch?.({
      epoch: epoch - 1,
      loss: objective[objective.length - 1]!,
      logits: () => mlpLogits(nets[0], x),
    });
    if (stop) break;
  }
  return {
    model: finish(nets[0]),
    peer: finish(nets[1]),
    iterations: epoch,
    converged: epoch === epochs,
    objective,
    forgetRates,
    selected,
  };
}

/**
 * Weights that keep the ⌊share·m⌋ rows with the smallest losses (at least one), over the batch or within each
 * class; kept rows get their sample weight, the others 0. Ties go to the earlier row.
 */
function smallLoss(
  losses: Float64Array,
  o: { labels: Int32Array; keepShare: number; perClass: boolean; weight: Float64Array | undefined },
): Float64Array {
  const m = losses.length;
  const ranked = Int32Array.from({ length: m }, (_, t) => t).sort((a, b) => losses[a]! - losses[b]! || a - b);
  const w = new Float64Array(m);
  const keepOf = (size: number) => Math.max(1, Math.floor(o.keepShare * size + 1e-9));
  if (!o.perClass) {
    const keep = keepOf(m);
    for (let r = 0; r < keep; r++) w[ranked[r]!] = o.weight ? o.weight[ranked[r]!]! : 1;
    return w;
  }
  const size = new Map<number, number>();
  for (const c of o.labels) size.set(c, (size.get(c) ?? 0) + 1);
  const taken = new Map<number, number>();
  for (const t of ranked) {
    const c = o.labels[t]!;
    const n = taken.get(c) ?? 0;
    if (n < keepOf(size.get(c)!)) {
      w[t] = o.weight ? o.weight[t]! : 1;
      taken.set(c, n + 1);
    }
  }
  return w;
}

/** A network without hidden layers as the softmax model it is (intercepts centred, as softmaxRegression leaves them). */
function finish(net: MlpModel): SoftmaxModel | MlpModel {
  if (net.layers.length > 1) return net;
  const layer = net.layers[0]!;
  const bias = layer.bias.slice();
  let mean = 0;
  for (const b of bias) mean += b;
  mean /= bias.length;
  for (let c = 0; c < bias.length; c++) bias[c]! -= mean;
  return { kind: "softmax", classes: net.classes, features: net.features, weights: layer.weights, bias };
}
