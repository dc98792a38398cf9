import { assertCodes, assertInteger } from "../../errors/assert.js";
import { type Features, selectRows } from "../../linalg/csr.js";
import { argmaxRows } from "../../linalg/matrix.js";
import { accuracy } from "../../metrics/accuracy.js";
import { macroF1 } from "../../metrics/macroF1.js";
import type { Learner } from "../../models/learner.js";
import { type Model, predictProba } from "../../models/predict.js";
import { createRng, type Seed } from "../../random/rng.js";
import type { QueryOptions, QueryStrategy } from "../types.js";

/**
 * What a fit hook receives: every row's features (labeled and pool alike, so a semi-supervised method can use the
 * unlabeled ones), the labeled rows and their labels.
 */
export interface FitContext {
  x: Features;
  labeled: Int32Array;
  labels: Int32Array;
  classes: number;
  seed: Seed;
}

/** Options for `simulateActiveLearning`. */
export interface ActiveLearningSimulationOptions {
  /** The query strategy under test. Required. */
  strategy: QueryStrategy;
  /** Fits the model on the labeled rows (and is handed to strategies that refit, such as committees). Required. */
  learner: Learner;
  /** Held-out rows the curve is measured on. Required. */
  test: { x: Features; y: Int32Array };
  /** Number of classes. Default: the largest label + 1 over training and test labels. */
  classes?: number;
  /** Randomly chosen rows labeled before the first query. Default 20. */
  init?: number;
  /** Rows queried per round. Default 20. */
  batch?: number;
  /** Stop once this many rows are labeled (init included). Default min(rows, 500). */
  budget?: number;
  /** Seed for the initial rows, the strategy and the learner. Default 0. */
  seed?: Seed;
  /** Strategy settings (committee size, …), passed to every query. */
  queryOptions?: QueryOptions;
  /**
   * How the model of a round is made. Default: `learner` on the labeled rows. This is the hook for semi-supervised
   * learning (self-training, label propagation): a fit that also uses the unlabeled rows of `x`.
   */
  fit?: (context: FitContext) => Model;
  /** Checked between rounds: once aborted, throws the signal's reason. */
  signal?: { readonly aborted: boolean; readonly reason?: unknown };
  /** Called after each round with rows labeled so far and the budget. */
  onProgress?: (done: number, total: number) => void;
}

/** A learning curve: test metrics after each round. */
export interface LearningCurve {
  /** Rows labeled at each point. */
  readonly labels: Int32Array;
  /** Test accuracy at each point. */
  readonly accuracy: Float64Array;
  /** Test macro-F1 (over all classes) at each point. */
  readonly macroF1: Float64Array;
  /** Every labeled row, in the order it was labeled (the first `init` are the random start). */
  readonly order: Int32Array;
}

/**
 * Pool-based active learning with the gold labels as the oracle (Settles 2009, §2; the simulation protocol of
 * modAL, small-text and scikit-activeml): labels `init` random rows, then repeats fit → measure on `test` → ask
 * `strategy` for `batch` pool rows → reveal their labels, until `budget` rows are labeled or the pool is empty. The
 * last point is measured after the last batch. Costs one fit and one prediction over all rows per round, plus the
 * strategy.
 */
export function simulateActiveLearning(
  x: Features,
  y: Int32Array,
  options: ActiveLearningSimulationOptions,
): LearningCurve {
  const { strategy, learner, test, init = 20, batch = 20, seed = 0 } = options;
  const n = x.rows;
  if (y.length !== n) throw new RangeError(`labels must have one entry per row (${n}), got ${y.length}`);
  if (test.y.length !== test.x.rows)
    throw new RangeError(
      `test labels must have one entry per test row (${test.x.rows}), got ${test.y.length}`,
    );
  if (test.x.cols !== x.cols)
    throw new RangeError(`test features have ${test.x.cols} columns, not ${x.cols}`);
  const budget = options.budget ?? Math.min(n, 500);
  assertInteger(init, "init", { min: 1 });
  assertInteger(batch, "batch", { min: 1 });
  assertInteger(budget, "budget", { min: 1 });
  let classes = options.classes ?? 0;
  if (options.classes === undefined) for (const v of [...y, ...test.y]) classes = Math.max(classes, v + 1);
  assertCodes(y, classes, "labels");
  assertCodes(test.y, classes, "test labels");
  const fit =
    options.fit ??
    ((c: FitContext) => learner(selectRows(c.x, c.labeled), c.labels, { classes: c.classes, seed: c.seed }));

  const order: number[] = Array.from(createRng(seed).sample(n, Math.min(init, budget, n)));
  const isLabeled = new Uint8Array(n);
  for (const i of order) isLabeled[i] = 1;
  const points: number[] = [];
  const acc: number[] = [];
  const f1: number[] = [];
  for (let round = 0; ; round++) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error("aborted");
    const labeled = Int32Array.from(order);
    const labels = Int32Array.from(order, (i) => y[i]!);
    const roundSeed = seed + round;
    const model = fit({ x, labeled, labels, classes, seed: roundSeed });
    const pred = argmaxRows(predictProba(model, test.x));
    points.push(order.length);
    acc.push(accuracy(test.y, pred));
    f1.push(macroF1(test.y, pred, { classes, average: "all" }).macroF1);
    options.onProgress?.(order.length, Math.min(budget, n));
    const room = Math.min(batch, budget - order.length, n - order.length);
    if (room <= 0) break;
    const pool = new Int32Array(n - order.length);
    for (let i = 0, k = 0; i < n; i++) if (!isLabeled[i]) pool[k++] = i;
    const needsProbs = strategy.requires.includes("probs");
    const picked = strategy.select({
      pool,
      labeled,
      labels,
      batch: room,
      seed: roundSeed,
      classes,
      features: x,
      learner,
      model,
      ...(needsProbs ? { probs: predictProba(model, x) } : {}),
      ...(options.queryOptions ? { options: options.queryOptions } : {}),
    }).indices;
    if (picked.length === 0) break;
    for (const i of picked) {
      if (isLabeled[i])
        throw new RangeError(`strategy ${strategy.name} chose row ${i}, which is already labeled`);
      isLabeled[i] = 1;
      order.push(i);
    }
  }
  return {
    labels: Int32Array.from(points),
    accuracy: Float64Array.from(acc),
    macroF1: Float64Array.from(f1),
    order: Int32Array.from(order),
  };
}
