import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { confidentJoint } from "./confidentJoint.js";
import { type EstimateLatentOptions, estimateLatent } from "./estimateLatent.js";

/** The label noise confident learning finds, in the layout forward correction uses. */
export interface NoiseTransition {
  /** K×K, T[i][j] = P(observed label j | true label i): rows sum to 1 (the transpose of `noiseMatrix`). */
  transition: Matrix;
  /** cleanlab's layout: P(given = i | true = j), columns sum to 1. */
  noiseMatrix: Matrix;
  /** Estimated p(true label = j). */
  prior: Float64Array;
  /** Expected share of wrong labels, Σ_j prior_j · (1 − T[j][j]). */
  noiseRate: number;
}

/**
 * Estimates the noise transition matrix of a labelled set from out-of-sample predicted probabilities with confident
 * learning (Northcutt, Jiang & Chuang 2021: the calibrated confident joint, then `estimateLatent`), transposed into
 * the row-stochastic T[true][observed] that forward loss correction (Patrini et al. 2017) takes. The
 * probabilities should come from a model that did not see the row (cross-validation). O(N·K + K³).
 */
export function noiseTransition(
  labels: Int32Array,
  probs: Matrix<FloatArray>,
  options: EstimateLatentOptions = {},
): NoiseTransition {
  const { joint } = confidentJoint(labels, probs);
  const latent = estimateLatent(joint, labels, options);
  const k = joint.rows;
  const noise = latent.noiseMatrix.data;
  const t = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) t[i * k + j] = noise[j * k + i]!;
  let noiseRate = 0;
  for (let j = 0; j < k; j++) noiseRate += latent.prior[j]! * (1 - t[j * k + j]!);
  return {
    transition: { rows: k, cols: k, data: t },
    noiseMatrix: latent.noiseMatrix,
    prior: latent.prior,
    noiseRate,
  };
}
