// `vox simulate DATA --strategies a,b,c`: pool-based active learning with the gold labels as the oracle. Features are
// made once for the pool (text vectorizers are fitted on the pool's texts only: no labels are used, and the test
// rows never are) and applied to the test rows; the reference is the same learner trained on the whole pool.
import {
  accuracy,
  argmaxRows,
  createLearner,
  createRng,
  type FitContext,
  getQueryStrategy,
  type Model,
  predictProba,
  type QueryStrategy,
  selectRows,
  simulateActiveLearning,
  stratifiedSplit,
} from "@vox/core";
import { createProgress } from "@vox/io";
import { type CliContext, UsageError } from "./context.js";
import {
  encodeLabels,
  type FeatureCliOptions,
  featureSpec,
  fitFeatures,
  type LoadedData,
  learnerSpec,
  loadData,
  type ModelCliOptions,
  requireLabels,
  transformFeatures,
} from "./learning.js";
import type { SimulationRun } from "./simulateReport.js";

/**
 * Semi-supervised fits that `--ssl METHOD` can plug into the simulation (the hook for issue 7's SSL methods): given
 * the command's options, a method returns the `fit` that `simulateActiveLearning` calls each round with every pool
 * row's features and the labeled rows. Empty until an SSL package registers its methods here.
 */
export const sslMethods: Record<
  string,
  (o: { learner: ReturnType<typeof createLearner>; classes: number }) => (context: FitContext) => Model
> = {};

/** Settings of a model-based simulation. */
export interface ModelSettings {
  data: string;
  test?: string;
  testShare: number;
  pool?: number;
  strategies: string[];
  seeds: number[];
  init: number;
  batch: number;
  budget: number;
  ssl?: string;
}

/** Runs every strategy under every seed on one fixed pool/test split; returns the runs and the reference accuracy. */
export async function runModel(
  s: ModelSettings,
  o: FeatureCliOptions & ModelCliOptions,
  ctx: CliContext,
): Promise<{ runs: SimulationRun[]; classes: string[]; poolRows: number; testRows: number; full: number }> {
  const strategies: QueryStrategy[] = s.strategies.map((name) => {
    try {
      return getQueryStrategy(name);
    } catch (e) {
      throw new UsageError(`--strategies: ${(e as Error).message}`);
    }
  });
  if (s.ssl !== undefined && !sslMethods[s.ssl])
    throw new UsageError(
      `--ssl ${s.ssl}: no such semi-supervised method is registered (known: ${Object.keys(sslMethods).join(", ") || "none in this build"})`,
    );
  const data = await loadData(s.data, o, ctx);
  const labels = await requireLabels(data, "vox simulate");
  const { codes: yAll, classes } = encodeLabels(labels);
  if (classes.length < 2)
    throw new UsageError(`vox simulate needs at least two classes (found ${classes.length})`);
  const spec = featureSpec(o);

  // Pool and test rows: --test FILE, else a fixed stratified hold-out (seed 0, the same for every run).
  let poolRows: Int32Array;
  let testData: LoadedData;
  let testY: Int32Array;
  if (s.test) {
    testData = await loadData(s.test, o, ctx);
    const testLabels = await requireLabels(testData, "vox simulate --test");
    testY = encodeLabels(testLabels, classes).codes;
    const unknown = testY.indexOf(-2);
    if (unknown >= 0)
      throw new UsageError(
        `${s.test}: row ${unknown + 1} has label ${JSON.stringify(testLabels[unknown])}, which ${s.data} does not have`,
      );
    poolRows = subsample(Int32Array.from(yAll.keys()), s.pool);
  } else {
    const held = stratifiedSplit(yAll, { fraction: s.testShare, seed: 0 });
    const test = Int32Array.from([...held.keys()].filter((i) => held[i] === 1));
    poolRows = subsample(Int32Array.from([...held.keys()].filter((i) => held[i] === 0)), s.pool);
    testData = {
      path: s.data,
      ids: Array.from(test, (i) => data.ids[i]!),
      ...(data.texts ? { texts: Array.from(test, (i) => data.texts![i]!) } : {}),
      ...(data.matrix ? { matrix: selectRows(data.matrix, test) } : {}),
    };
    testY = Int32Array.from(test, (i) => yAll[i]!);
  }
  // Text vectorizers are fitted on the pool's texts only (no labels), then applied to the test rows.
  const fitted = await fitFeatures(spec, data, { rows: poolRows, ctx });
  const x = fitted.x;
  const testX = await transformFeatures(fitted, testData, ctx);
  const y = Int32Array.from(poolRows, (i) => yAll[i]!);
  const K = classes.length;
  const learner = createLearner(learnerSpec(o));
  const fit = s.ssl ? sslMethods[s.ssl]!({ learner, classes: K }) : undefined;
  const fullModel = fit
    ? fit({ x, labeled: Int32Array.from(y.keys()), labels: y, classes: K, seed: 0 })
    : learner(x, y, { classes: K, seed: 0 });
  const full = accuracy(testY, argmaxRows(predictProba(fullModel, testX)));

  const budget = Math.min(s.budget, y.length);
  const progress = createProgress({
    label: "simulating",
    total: strategies.length * s.seeds.length * budget,
    unit: "rows",
    stream: ctx.stderr,
  });
  const runs: SimulationRun[] = [];
  try {
    for (const strategy of strategies) {
      for (const seed of s.seeds) {
        // Yield to the event loop between runs so Ctrl-C (the abort signal) is seen.
        await new Promise((r) => setImmediate(r));
        const base = runs.length * budget;
        const curve = simulateActiveLearning(x, y, {
          strategy,
          learner,
          test: { x: testX, y: testY },
          classes: K,
          init: s.init,
          batch: s.batch,
          budget,
          seed,
          ...(fit ? { fit } : {}),
          signal: ctx.signal,
          onProgress: (done) => progress.update(base + done),
        });
        runs.push({
          strategy: strategy.name,
          seed,
          x: Array.from(curve.labels),
          accuracy: Array.from(curve.accuracy),
          macroF1: Array.from(curve.macroF1),
          reference: full,
        });
      }
    }
  } finally {
    progress.finish();
  }
  return { runs, classes, poolRows: y.length, testRows: testY.length, full };
}

/** A seeded random subset of `rows` of size `size` (all of them when size is absent or larger), sorted. */
function subsample(rows: Int32Array, size: number | undefined): Int32Array {
  if (size === undefined || size >= rows.length) return rows;
  const pick = createRng(0).sample(rows.length, size);
  return Int32Array.from(pick, (k) => rows[k]!).sort();
}
