import { assertInteger } from "../errors/assert.js";
import type { Features } from "../linalg/csr.js";
import { type Matrix, softmaxRows } from "../linalg/matrix.js";
import { createRng, type Seed } from "../random/rng.js";
import { type MlpModel, mlpLogits } from "./mlp.js";

/** Result of `mcDropout`. */
export interface McDropoutResult {
  /** Mean of the sampled probabilities (rows × classes): the MC-dropout predictive distribution. */
  mean: Matrix;
  /** Each stochastic pass's probabilities (rows × classes), for BALD-style disagreement measures. */
  samples: Matrix[];
}

/**
 * Monte Carlo dropout (Gal & Ghahramani 2016, "Dropout as a Bayesian approximation"): `samples` forward passes
 * with the model's training dropout left on, each with its own seeded masks. O(samples × forward pass).
 */
export function mcDropout(
  model: MlpModel,
  x: Features,
  options: { samples?: number; seed?: Seed } = {},
): McDropoutResult {
  const { samples = 20, seed = 0 } = options;
  assertInteger(samples, "samples", { min: 1 });
  if (!(model.dropout > 0)) throw new RangeError("MC dropout needs a model trained with dropout > 0");
  const rng = createRng(seed);
  const out: Matrix[] = [];
  const mean = new Float64Array(x.rows * model.classes);
  for (let s = 0; s < samples; s++) {
    const p = softmaxRows(mlpLogits(model, x, rng));
    for (let q = 0; q < mean.length; q++) mean[q]! += p.data[q]! / samples;
    out.push(p);
  }
  return { mean: { rows: x.rows, cols: model.classes, data: mean }, samples: out };
}
