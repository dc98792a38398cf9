import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { type Features, selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { createLearner, type Learner } from "../models/learner.js";
import { predictProba } from "../models/predict.js";
import { pickRows } from "../models/shared.js";
import type { Seed } from "../random/rng.js";
import { checkPartialLabels } from "./graph.js";

/** How self-training picks the pseudo-labels it adds each round. */
export type SelfTrainingCriterion = "threshold" | "kBest" | "kPerClass";

/** Options for `selfTraining`. */
export interface SelfTrainingOptions {
  /** Fits the model each round. Default: softmax regression (C = 1), scikit-learn's usual base estimator. */
  learner?: Learner;
  /** Number of classes K. Default: the largest label + 1. */
  classes?: number;
  /**
   * "threshold": every unlabeled row whose top probability exceeds `threshold`; "kBest": the `k` most confident rows
   * (scikit-learn's `k_best`); "kPerClass": per predicted class, the most confident rows (`k` in all, split equally
   * with `balance`, else in proportion to the labeled classes; pseudo-labeling with class balance, as in CEAL).
   * Default "threshold".
   */
  criterion?: SelfTrainingCriterion;
  /** Top-probability threshold of "threshold" (strictly greater). Default 0.75. */
  threshold?: number;
  /** Rows added per round by "kBest" and "kPerClass". Default 10. */
  k?: number;
  /** "kPerClass": equal quota per class instead of the labeled class proportions. Default true. */
  balance?: boolean;
  /** Maximum rounds. Default 10. */
  maxIter?: number;
  /** Passed to the learner (each round gets the same seed). Default 0. */
  seed?: Seed;
}

/** What `selfTraining` returns. */
export interface SelfTrainingResult {
  /** Probabilities of every row (rows × K) from the model fitted on the final labeled + pseudo-labeled rows. */
  probs: Matrix;
  /** Given labels plus the pseudo-labels added; −1 where a row was never labeled. */
  transduction: Int32Array;
  /** Round in which each row got its label: 0 given, t ≥ 1 pseudo-labeled in round t, −1 never. */
  labeledIter: Int32Array;
  /** Rounds run. */
  iterations: number;
  /** Why it stopped (scikit-learn's `termination_condition_`). */
  termination: "max_iter" | "no_change" | "all_labeled";
}

/**
 * Self-training (Yarowsky 1995; Lee 2013's pseudo-labels; the algorithm of scikit-learn 1.2.1's
 * `SelfTrainingClassifier`): fit on the labeled rows, predict the unlabeled ones, add the confident predictions as
 * labels, repeat until nothing is added, every row is labeled or `maxIter` rounds ran; then fit once more on
 * everything labeled. `labels` holds −1 for unlabeled rows. O(rounds · cost of a fit).
 */
export function selfTraining(
  x: Features,
  labels: Int32Array,
  options: SelfTrainingOptions = {},
): SelfTrainingResult {
  const k = checkPartialLabels(x.rows, labels, options.classes);
  const {
    learner = createLearner({ model: "logreg" }),
    criterion = "threshold",
    threshold = 0.75,
    k: perRound = 10,
    balance = true,
    maxIter = 10,
    seed = 0,
  } = options;
  assertFiniteInRange(threshold, "threshold", { min: 0, max: 1 });
  assertInteger(perRound, "k", { min: 1 });
  assertInteger(maxIter, "maxIter", { min: 0 });
  const n = x.rows;
  const transduction = labels.slice();
  const labeledIter = new Int32Array(n).fill(-1);
  let nLabeled = 0;
  for (let i = 0; i < n; i++)
    if (labels[i]! >= 0) {
      labeledIter[i] = 0;
      nLabeled++;
    }
  const fit = () => {
    const rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => transduction[i]! >= 0);
    return learner(selectRows(x, rows), pickRows(transduction, rows), { classes: k, seed });
  };
  let iterations = 0;
  let termination: SelfTrainingResult["termination"] = "max_iter";
  while (nLabeled < n && iterations < maxIter) {
    iterations++;
    const model = fit();
    const open = Int32Array.from({ length: n }, (_, i) => i).filter((i) => transduction[i]! < 0);
    const p = predictProba(model, selectRows(x, open));
    const pred = new Int32Array(open.length);
    const conf = new Float64Array(open.length);
    for (let t = 0; t < open.length; t++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (p.data[t * k + c]! > p.data[t * k + best]!) best = c;
      pred[t] = best;
      conf[t] = p.data[t * k + best]!;
    }
    const chosen = choose({
      criterion,
      threshold,
      perRound,
      balance,
      pred,
      conf,
      classes: k,
      labels: transduction,
    });
    for (const t of chosen) {
      transduction[open[t]!] = pred[t]!;
      labeledIter[open[t]!] = iterations;
    }
    nLabeled += chosen.length;
    if (chosen.length === 0) {
      termination = "no_change";
      break;
    }
  }
  if (nLabeled === n) termination = "all_labeled";
  const probs = predictProba(fit(), x);
  return { probs, transduction, labeledIter, iterations, termination };
}

/** Indices (into the unlabeled rows) of the predictions to accept this round. */
function choose(p: {
  criterion: SelfTrainingCriterion;
  threshold: number;
  perRound: number;
  balance: boolean;
  pred: Int32Array;
  conf: Float64Array;
  classes: number;
  labels: Int32Array;
}): number[] {
  const { pred, conf, classes } = p;
  const order = Array.from(conf.keys()).sort((a, b) => conf[b]! - conf[a]! || a - b);
  switch (p.criterion) {
    case "threshold":
      return order.filter((t) => conf[t]! > p.threshold).sort((a, b) => a - b);
    case "kBest":
      return order.slice(0, Math.min(p.perRound, order.length)).sort((a, b) => a - b);
    case "kPerClass": {
      const prior = new Float64Array(classes).fill(1 / classes);
      if (!p.balance) {
        prior.fill(0);
        let total = 0;
        for (const c of p.labels)
          if (c >= 0) {
            prior[c]!++;
            total++;
          }
        for (let c = 0; c < classes; c++) prior[c]! /= total;
      }
      const quota = Array.from(prior, (q) => Math.max(1, Math.round(q * p.perRound)));
      const out: number[] = [];
      for (const t of order)
        if (quota[pred[t]!]! > 0) {
          quota[pred[t]!]!--;
          out.push(t);
        }
      return out.sort((a, b) => a - b);
    }
  }
}
