import { assertInteger } from "../errors/assert.js";
import { type Features, isCsr, selectRows } from "../linalg/csr.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { createLearner, type LearnerSpec } from "../models/learner.js";
import { predictProba } from "../models/predict.js";
import type { Seed } from "../random/rng.js";
import type { DeepSslOptions } from "./deepSsl.js";
import { divideMix } from "./divideMix.js";
import { entropyMinimization } from "./entropyMinimization.js";
import { fixMatch } from "./fixMatch.js";
import type { GraphOptions } from "./graph.js";
import { labelPropagation } from "./labelPropagation.js";
import { labelSpreading } from "./labelSpreading.js";
import { meanTeacher } from "./meanTeacher.js";
import { mixMatch } from "./mixMatch.js";
import { piModel } from "./piModel.js";
import { selfTraining } from "./selfTraining.js";
import { supervisedOnly } from "./supervisedOnly.js";
import { temporalEnsembling } from "./temporalEnsembling.js";
import { uda } from "./uda.js";

/** Every method `sslFitPredict` runs, by name (the CLI's `--method` values). */
export const SSL_METHODS = [
  "supervised",
  "supervised-logreg",
  "self-training",
  "label-propagation",
  "label-spreading",
  "entropy-min",
  "pi-model",
  "temporal-ensembling",
  "mean-teacher",
  "uda",
  "mixmatch",
  "remixmatch-da",
  "fixmatch",
  "fixmatch-da",
  "dividemix",
] as const;

/** A method name. */
export type SslMethod = (typeof SSL_METHODS)[number];

/** Options for `sslFitPredict`. */
export interface SslFitPredictOptions extends DeepSslOptions, GraphOptions {
  method: SslMethod;
  seed?: Seed;
  /**
   * Learner of "supervised-logreg" and "self-training" (which accept sparse features). Default softmax regression
   * with C = 1.
   */
  learner?: LearnerSpec;
  /** Self-training: top-probability threshold. Default 0.75 ("threshold" criterion); see `selfTraining`. */
  threshold?: number;
  /** Label spreading's α. Default 0.2. */
  alpha?: number;
}

/**
 * The semi-supervised hook an active-learning loop calls between queries (CEAL-style: the model sees confident
 * pseudo-labels, consistency targets or graph neighbours of the rows not yet queried): fits `method` on all rows
 * of `features`, with `labeled.labels[t]` the class of row `labeled.indices[t]` and every other row unlabeled, and returns
 * probabilities for every row (rows × classes). Graph and deep methods need dense features (e.g. LSA embeddings
 * from `truncatedSvd`); "supervised-logreg" and "self-training" also take CSR. Deterministic for a given seed.
 */
export function sslFitPredict(
  features: Features,
  labeled: { indices: Int32Array; labels: Int32Array },
  options: SslFitPredictOptions,
): Matrix {
  const { indices: labeledIdx, labels } = labeled;
  if (labeledIdx.length !== labels.length)
    throw new RangeError(
      `labeledIdx and labels must have the same length (got ${labeledIdx.length} and ${labels.length})`,
    );
  if (labeledIdx.length === 0) throw new RangeError("at least one row must be labeled");
  const partial = new Int32Array(features.rows).fill(-1);
  for (const [t, i] of labeledIdx.entries()) {
    assertInteger(i, "labeledIdx entry", { min: 0, max: features.rows - 1 });
    assertInteger(labels[t]!, "label", { min: 0 });
    if (partial[i]! >= 0) throw new RangeError(`row ${i} appears twice in labeledIdx`);
    partial[i] = labels[t]!;
  }
  const { method } = options;
  const learner = createLearner(options.learner ?? { model: "logreg" });
  const classes = options.classes ?? Math.max(...labels) + 1;
  const o = { ...options, classes };
  switch (method) {
    case "supervised-logreg":
      return predictProba(
        learner(selectRows(features, labeledIdx), labels, { classes, seed: o.seed ?? 0 }),
        features,
      );
    case "self-training":
      return selfTraining(features, partial, {
        learner,
        classes,
        threshold: o.threshold ?? 0.75,
        seed: o.seed ?? 0,
      }).probs;
    case "label-propagation":
      return labelPropagation(dense(features, method), partial, o).probs;
    case "label-spreading":
      return labelSpreading(dense(features, method), partial, o).probs;
    case "supervised":
      return supervisedOnly(dense(features, method), partial, o).probs;
    case "entropy-min":
      return entropyMinimization(dense(features, method), partial, o).probs;
    case "pi-model":
      return piModel(dense(features, method), partial, o).probs;
    case "temporal-ensembling":
      return temporalEnsembling(dense(features, method), partial, o).probs;
    case "mean-teacher":
      return meanTeacher(dense(features, method), partial, o).probs;
    case "uda":
      return uda(dense(features, method), partial, o).probs;
    case "mixmatch":
      return mixMatch(dense(features, method), partial, o).probs;
    case "remixmatch-da":
      return mixMatch(dense(features, method), partial, { ...o, distributionAlignment: true }).probs;
    case "fixmatch":
      return fixMatch(dense(features, method), partial, o).probs;
    case "fixmatch-da":
      return fixMatch(dense(features, method), partial, { ...o, distributionAlignment: true }).probs;
    case "dividemix":
      return divideMix(dense(features, method), partial, o).probs;
  }
}

function dense(x: Features, method: string): Matrix<FloatArray> {
  if (isCsr(x))
    throw new RangeError(
      `${method} needs dense features (embeddings); reduce sparse TF-IDF with truncatedSvd (LSA) first`,
    );
  return x;
}
