import type { Weights } from "./agreementWeights.js";
import { resolveWeights } from "./agreementWeights.js";
import type { ClassOrder } from "./classPositions.js";
import type { AgreementOptions } from "./result.js";

/** Options of the coefficients that accept agreement weights (ordinal partial credit). */
export interface WeightedOptions extends AgreementOptions {
  /** "none" (default), "linear", "quadratic", or a q × q matrix (1 on the diagonal, values in [0, 1]). */
  weights?: Weights;
  /** How classes are ordered for "linear" and "quadratic" weights (see `classPositions`). Default "auto". */
  order?: ClassOrder;
}

/** The weight matrix data of `options` for `classes`, or null for exact matches. */
export function agreementWeightsFor(
  classes: readonly string[],
  options: { weights?: Weights | undefined; order?: ClassOrder | undefined },
): Float64Array | null {
  return resolveWeights(options.weights, classes, options.order ?? "auto");
}
