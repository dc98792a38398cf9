import { assertFiniteInRange } from "../errors/assert.js";
import type { Features } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { addTransposedTimes, timesTransposed } from "./kernels.js";
import { checkTrainingInput, checkWidth } from "./shared.js";

/** A fitted multinomial naive Bayes model. */
export interface NaiveBayesModel {
  readonly kind: "nb";
  readonly classes: number;
  readonly features: number;
  /** log P(term j | class c), classes × features. */
  readonly featureLogProb: Float64Array;
  /** log P(class c). */
  readonly classLogPrior: Float64Array;
}

/** Options for `multinomialNaiveBayes` (scikit-learn's MultinomialNB). */
export interface NaiveBayesOptions {
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /** Additive (Laplace/Lidstone) smoothing added to every count; values below 1e-10 become 1e-10, as in scikit-learn. Default 1. */
  alpha?: number;
  /** Learn class priors from the label frequencies; false for uniform priors. Default true. */
  fitPrior?: boolean;
  /** Per-row weights. Default: all 1. */
  sampleWeight?: Float64Array;
}

/**
 * Multinomial naive Bayes for counts or tf-idf values (McCallum & Nigam 1998): log P(j | c) = log((N_cj + α) /
 * (N_c + α·d)), the class prior from the (weighted) label frequencies. Feature values must be ≥ 0. Matches
 * scikit-learn's MultinomialNB. O(nnz · K) to fit and to predict.
 */
export function multinomialNaiveBayes(
  x: Features,
  y: Int32Array,
  options: NaiveBayesOptions = {},
): { model: NaiveBayesModel } {
  const k = checkTrainingInput(x, y, options);
  const { fitPrior = true, sampleWeight } = options;
  assertFiniteInRange(options.alpha ?? 1, "alpha", { min: 0 });
  const alpha = Math.max(options.alpha ?? 1, 1e-10);
  for (let p = 0; p < x.data.length; p++)
    if (!(x.data[p]! >= 0))
      throw new RangeError(`naive Bayes needs non-negative feature values (found ${x.data[p]})`);
  const d = x.cols;
  const onehot = new Float64Array(x.rows * k);
  const classCount = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    const w = sampleWeight ? sampleWeight[i]! : 1;
    onehot[i * k + y[i]!] = w;
    classCount[y[i]!]! += w;
  }
  const counts = new Float64Array(k * d);
  addTransposedTimes({ rows: x.rows, cols: k, data: onehot }, x, counts);
  const featureLogProb = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    let total = 0;
    for (let j = 0; j < d; j++) total += counts[c * d + j]! + alpha;
    for (let j = 0; j < d; j++)
      featureLogProb[c * d + j] = Math.log(counts[c * d + j]! + alpha) - Math.log(total);
  }
  let n = 0;
  for (const c of classCount) n += c;
  const classLogPrior = new Float64Array(k);
  for (let c = 0; c < k; c++)
    classLogPrior[c] = fitPrior ? Math.log(classCount[c]!) - Math.log(n) : -Math.log(k);
  return { model: { kind: "nb", classes: k, features: d, featureLogProb, classLogPrior } };
}

/** Joint log-likelihoods log P(c) + Σ_j x_j log P(j | c) (rows × classes): logits whose softmax is P(c | x). */
export function naiveBayesLogits(model: NaiveBayesModel, x: Features): Matrix {
  checkWidth(x, model.features);
  const out = timesTransposed(x, { rows: model.classes, cols: model.features, data: model.featureLogProb });
  const k = model.classes;
  for (let i = 0; i < x.rows; i++)
    for (let c = 0; c < k; c++) out.data[i * k + c]! += model.classLogPrior[c]!;
  return out;
}
