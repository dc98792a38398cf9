import { assertFiniteInRange } from "../errors/assert.js";
import { type Features, isCsr } from "../linalg/csr.js";
import { type GradientEmbeddings, gradientEmbeddings } from "../models/gradientEmbeddings.js";
import { addTransposedTimes, timesTransposed } from "../models/kernels.js";
import type { MlpModel } from "../models/mlp.js";
import type { EpochHook } from "../models/shared.js";
import type { SoftmaxModel } from "../models/softmaxRegression.js";

/** A model saved during training and the step size in force when it was saved. */
export interface TracInCheckpoint {
  model: SoftmaxModel | MlpModel;
  learningRate: number;
}

/** Rows with their labels (the labels the gradients are taken for). */
export interface LabelledRows {
  x: Features;
  y: Int32Array;
}

/**
 * TracIn (Pruthi, Liu, Kale & Sundararajan 2020, "Estimating Training Data Influence by Tracing Gradient Descent",
 * §3, TracInCP): the influence of training row i on the test rows is Σ_c η_c ⟨∇ℓ_i(θ_c), Σ_t ∇ℓ_t(θ_c)⟩ over
 * checkpoints c, with the gradients of the last layer only (their §3.2 heuristic: weights and bias of the output
 * layer). Positive: a proponent (a step on row i lowers the test loss); negative: an opponent. The gradients are
 * kept factored (residual ⊗ representation, see `gradientEmbeddings`), so a checkpoint costs one forward pass of
 * each set plus O(nnz · K). Returns one value per training row.
 */
export function tracIn(
  checkpoints: readonly TracInCheckpoint[],
  train: LabelledRows,
  test: LabelledRows,
): Float64Array {
  checkCheckpoints(checkpoints);
  const out = new Float64Array(train.x.rows);
  for (const { model, learningRate } of checkpoints) {
    const gTrain = gradientEmbeddings(model, train.x, { labels: train.y });
    const gTest = gradientEmbeddings(model, test.x, { labels: test.y });
    const k = model.classes;
    const units = gTest.representation.cols;
    // Σ_t ∇ℓ_t as a dense (K × units) weight part and a K bias part.
    const weights = new Float64Array(k * units);
    addTransposedTimes(gTest.residual, gTest.representation, weights);
    const bias = new Float64Array(k);
    for (let t = 0; t < test.x.rows; t++)
      for (let c = 0; c < k; c++) bias[c]! += gTest.residual.data[t * k + c]!;
    const u = timesTransposed(gTrain.representation, { rows: k, cols: units, data: weights }).data;
    const r = gTrain.residual.data;
    for (let i = 0; i < train.x.rows; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += r[i * k + c]! * (u[i * k + c]! + bias[c]!);
      out[i]! += learningRate * s;
    }
  }
  return out;
}

/**
 * TracIn self-influence Σ_c η_c ‖∇ℓ_i(θ_c)‖² of each training row (Pruthi et al. 2020, §4.1: rows with large
 * self-influence are the ones the model keeps having to learn, and rank mislabeled rows first). Last-layer
 * gradients: ‖r_i ⊗ [h_i, 1]‖² = ‖r_i‖² (‖h_i‖² + 1). O(checkpoints · forward pass).
 */
export function tracInSelfInfluence(
  checkpoints: readonly TracInCheckpoint[],
  train: LabelledRows,
): Float64Array {
  checkCheckpoints(checkpoints);
  const out = new Float64Array(train.x.rows);
  for (const { model, learningRate } of checkpoints) {
    const g = gradientEmbeddings(model, train.x, { labels: train.y });
    const norms = squaredRowNorms(g.representation);
    const k = model.classes;
    for (let i = 0; i < train.x.rows; i++) {
      let rr = 0;
      for (let c = 0; c < k; c++) rr += g.residual.data[i * k + c]! ** 2;
      out[i]! += learningRate * rr * (norms[i]! + 1);
    }
  }
  return out;
}

/**
 * Saves a checkpoint at the end of every `every`-th epoch through a model's `onEpoch` hook (softmax regression
 * with the minibatch solver, or the MLP), with the step size you trained with (Adam's step size for vox's
 * models: a constant, as in Pruthi et al.'s experiments with a fixed rate).
 */
export class TracInRecorder {
  readonly checkpoints: TracInCheckpoint[] = [];
  /** Pass as the model's `onEpoch`. */
  readonly hook: EpochHook;
  constructor(options: { learningRate: number; every?: number }) {
    const { learningRate, every = 1 } = options;
    assertFiniteInRange(learningRate, "learningRate", { min: Number.MIN_VALUE });
    this.hook = (info) => {
      if ((info.epoch + 1) % every !== 0) return undefined;
      if (!info.model)
        throw new RangeError(
          "this model's epoch hook gives no checkpoints (use the minibatch solver or the MLP)",
        );
      this.checkpoints.push({ model: info.model(), learningRate });
      return undefined;
    };
  }
}

function checkCheckpoints(checkpoints: readonly TracInCheckpoint[]): void {
  if (checkpoints.length === 0) throw new RangeError("TracIn needs at least one checkpoint");
  for (const c of checkpoints) assertFiniteInRange(c.learningRate, "learningRate", { min: 0 });
}

function squaredRowNorms(x: GradientEmbeddings["representation"]): Float64Array {
  const out = new Float64Array(x.rows);
  if (isCsr(x)) {
    for (let i = 0; i < x.rows; i++)
      for (let q = x.indptr[i]!; q < x.indptr[i + 1]!; q++) out[i]! += x.data[q]! ** 2;
  } else {
    for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) out[i]! += x.data[i * x.cols + j]! ** 2;
  }
  return out;
}
