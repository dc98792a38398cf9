import { crossEntropyLoss } from "./crossEntropyLoss.js";
import { forwardCorrectedLoss } from "./forwardCorrectedLoss.js";
import { generalizedCrossEntropy } from "./generalizedCrossEntropy.js";
import { labelSmoothingLoss } from "./labelSmoothingLoss.js";
import { meanAbsoluteError } from "./meanAbsoluteError.js";
import { type AnnealedLoss, noisyLabelAnnealing } from "./noisyLabelAnnealing.js";
import { symmetricCrossEntropy } from "./symmetricCrossEntropy.js";
import type { LossFunction, LossSpec } from "./types.js";

/**
 * The loss a spec describes (a function is returned as it is). With `classes`, a forward-correction matrix of the
 * wrong size is refused here rather than at the first batch.
 */
export function createLoss(spec: LossSpec | LossFunction, classes?: number): LossFunction {
  if (typeof spec === "function") return spec;
  switch (spec.kind) {
    case "ce":
      return crossEntropyLoss;
    case "gce":
      return generalizedCrossEntropy(spec.q === undefined ? {} : { q: spec.q });
    case "mae":
      return meanAbsoluteError;
    case "sce":
      return symmetricCrossEntropy(spec);
    case "forward": {
      const k = spec.transition.length;
      if (classes !== undefined && k !== classes)
        throw new RangeError(`the transition matrix is ${k}×${k} but there are ${classes} classes`);
      return forwardCorrectedLoss(spec.transition);
    }
    case "smoothing":
      return labelSmoothingLoss(spec);
    case "nla":
      return noisyLabelAnnealing({
        base: createLoss(spec.base ?? { kind: "ce" }, classes),
        ...(spec.start !== undefined ? { start: spec.start } : {}),
        ...(spec.end !== undefined ? { end: spec.end } : {}),
      });
  }
}

/** The loss to score held-out rows with: the spec's own, or its base for noisy label annealing (which drops rows). */
export function validationLoss(spec: LossSpec | LossFunction, classes?: number): LossFunction {
  if (typeof spec === "function") return "base" in spec ? (spec as AnnealedLoss).base : spec;
  if (spec.kind === "nla") return createLoss(spec.base ?? { kind: "ce" }, classes);
  return createLoss(spec, classes);
}
