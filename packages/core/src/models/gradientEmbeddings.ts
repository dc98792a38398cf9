import { assertCodes } from "../errors/assert.js";
import { type Features, isCsr } from "../linalg/csr.js";
import { argmaxRows, type Matrix, softmaxRows } from "../linalg/matrix.js";
import { type MlpModel, mlpLogits, mlpRepresentation } from "./mlp.js";
import { type SoftmaxModel, softmaxLogits } from "./softmaxRegression.js";

/**
 * Per-example gradients of the loss with respect to the last layer, in factored form: row i's gradient with
 * respect to the last layer's weights is the outer product residual_i ⊗ representation_i (classes × units), and
 * with respect to its bias residual_i. Factored, because the full gradient has classes × units entries per row;
 * inner products and norms of gradients follow from the factors (⟨a⊗b, c⊗d⟩ = ⟨a,c⟩·⟨b,d⟩).
 */
export interface GradientEmbeddings {
  /** What the last layer sees (rows × units): the MLP's last hidden layer, or the features for softmax regression. */
  representation: Features;
  /** p_i − onehot(label_i) (rows × classes): the gradient of the cross-entropy with respect to the logits. */
  residual: Matrix;
  /** The model's probabilities (rows × classes). */
  probabilities: Matrix;
  /** The label each gradient was taken for (the predicted label unless labels were given). */
  labels: Int32Array;
}

/**
 * Last-layer gradient embeddings of each row (Ash et al. 2020, BADGE, §3: with the predicted label as the
 * hypothetical label; give `labels` for the true-label gradients used by influence-style scores, Koh & Liang 2017;
 * Pruthi et al. 2020). O(forward pass).
 */
export function gradientEmbeddings(
  model: SoftmaxModel | MlpModel,
  x: Features,
  options: { labels?: Int32Array } = {},
): GradientEmbeddings {
  const logits = model.kind === "softmax" ? softmaxLogits(model, x) : mlpLogits(model, x);
  const probabilities = softmaxRows(logits);
  const labels = options.labels ?? argmaxRows(probabilities);
  if (labels.length !== x.rows)
    throw new RangeError(`labels must have one entry per row (got ${labels.length} for ${x.rows} rows)`);
  assertCodes(labels, model.classes, "labels");
  const residual = Float64Array.from(probabilities.data);
  for (let i = 0; i < x.rows; i++) residual[i * model.classes + labels[i]!]! -= 1;
  const representation = model.kind === "softmax" ? x : mlpRepresentation(model, x);
  return {
    representation,
    residual: { rows: x.rows, cols: model.classes, data: residual },
    probabilities,
    labels,
  };
}

/**
 * The full gradient embedding matrix: row i is vec(residual_i ⊗ [representation_i, 1]) (classes × (units + 1)
 * values: the weight gradient, class by class, then the bias gradient). O(rows · classes · units) memory: use the
 * factors directly when units is large (sparse text features).
 */
export function gradientEmbeddingMatrix(g: GradientEmbeddings): Matrix {
  const { representation: r, residual } = g;
  const k = residual.cols;
  const u = r.cols + 1;
  const out = new Float64Array(r.rows * k * u);
  for (let i = 0; i < r.rows; i++) {
    const rowBase = i * k * u;
    for (let c = 0; c < k; c++) {
      const res = residual.data[i * k + c]!;
      const base = rowBase + c * u;
      if (isCsr(r)) {
        for (let p = r.indptr[i]!; p < r.indptr[i + 1]!; p++) out[base + r.indices[p]!] = res * r.data[p]!;
      } else {
        for (let j = 0; j < r.cols; j++) out[base + j] = res * r.data[i * r.cols + j]!;
      }
      out[base + u - 1] = res;
    }
  }
  return { rows: r.rows, cols: k * u, data: out };
}
