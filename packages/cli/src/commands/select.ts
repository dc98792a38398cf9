import {
  createLearner,
  type Features,
  getQueryStrategy,
  isCsr,
  type Matrix,
  type QueryContext,
  type QueryOptions,
  queryStrategies,
} from "@vox/core";
import { readMatrix, writeTable } from "@vox/io";
import type { Command } from "commander";
import { classColumns, coreCall } from "../classColumns.js";
import {
  type CliContext,
  fmt,
  intOption,
  log,
  numberOption,
  printJson,
  table,
  UsageError,
} from "../context.js";
import {
  addFeatureOptions,
  addModelOptions,
  checkAborted,
  encodeLabels,
  type FeatureCliOptions,
  featureSpec,
  fitFeatures,
  type LoadedData,
  learnerSpec,
  loadData,
  type ModelCliOptions,
  requireLabels,
} from "../learning.js";

interface SelectOptions extends FeatureCliOptions, ModelCliOptions {
  pool: string;
  labeled?: string;
  strategy: string;
  batch: number;
  probs?: string;
  classes?: string;
  seed: number;
  out: string;
  members?: number;
  samples?: number;
  neighbours?: number;
  beta?: number;
  candidateFactor?: number;
  subBatches?: number;
  top: number;
  json?: boolean;
}

/** `vox select`: the next batch of rows to label, by an active-learning query strategy. */
export function registerSelect(program: Command, ctx: CliContext): void {
  const names = Object.keys(queryStrategies);
  const cmd = program
    .command("select")
    .summary("choose the next rows to label with an active-learning query strategy")
    .description(
      "Ranks the unlabeled rows of POOL by a query strategy and writes the best --batch of them (rank, id, score) to\n" +
        "--out. Labeled rows (L, with a label column) train the model the probability-based strategies need, unless\n" +
        "--probs gives the pool's probabilities directly; the geometric strategies (core-set, BADGE, CAL, k-means,\n" +
        "density) work on --features made from POOL and L together (TF-IDF by default; or give POOL and L as .npy).\n" +
        `Strategies: ${names.join(", ")}. See docs/active.md.`,
    )
    .requiredOption("--pool <file>", "unlabeled candidates: a dataset (id, text) or a features .npy")
    .option("--labeled <file>", "labeled rows: a dataset with a label column, or a .npy with --labels FILE")
    .option("--strategy <name>", `query strategy: ${names.join(", ")}`, "margin")
    .option("--batch <n>", "rows to choose", intOption("--batch", { min: 1 }), 10)
    .option("--probs <file>", "the pool's class probabilities (.npy or CSV, one row per pool row)")
    .option("--classes <a,b,c>", "with --probs: the class of each probability column (default: CSV header)")
    .option("--seed <n>", "random seed (ties, sampling, committees)", intOption("--seed"), 0)
    .requiredOption("--out <file>", "write the chosen rows here (CSV, TSV or JSONL)")
    .option(
      "--members <n>",
      "committee/ensemble size (vote-entropy, consensus-kl, bald, batch-bald)",
      intOption("--members", { min: 2, max: 100 }),
    )
    .option(
      "--samples <n>",
      "MC-dropout passes for bald/batch-bald with --model mlp",
      intOption("--samples", { min: 2, max: 1000 }),
    )
    .option("--neighbours <k>", "cal: labeled neighbours per row", intOption("--neighbours", { min: 1 }))
    .option("--beta <b>", "density: exponent of the density term", numberOption("--beta", { min: 0 }))
    .option(
      "--candidate-factor <f>",
      "cluster-margin, batch-bald: candidates as a multiple of the batch",
      numberOption("--candidate-factor", { min: 1 }),
    )
    .option(
      "--sub-batches <n>",
      "dal: refit the discriminator this many times per batch",
      intOption("--sub-batches", { min: 1 }),
    )
    .option("--top <n>", "rows to show in the table", intOption("--top", { min: 0 }), 20);
  addModelOptions(addFeatureOptions(cmd))
    .option("--json", "print JSON on stdout")
    .action(async (o: SelectOptions) => runSelect(ctx, o));
}

function concatRows(a: Matrix | undefined, b: Matrix): Matrix {
  if (!a) return b;
  if (a.cols !== b.cols)
    throw new UsageError(`the labeled .npy has ${a.cols} columns but the pool .npy has ${b.cols}`);
  const data = new Float64Array((a.rows + b.rows) * a.cols);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { rows: a.rows + b.rows, cols: a.cols, data };
}

/** Features of the labeled rows followed by the pool rows (fitted on both: the pool is known in active learning). */
async function tableFeatures(
  ctx: CliContext,
  parts: { o: SelectOptions; pool: LoadedData; labeled: LoadedData | undefined },
): Promise<Features> {
  const { o, pool, labeled } = parts;
  if (pool.matrix || labeled?.matrix) {
    if (!pool.matrix || (labeled && !labeled.matrix))
      throw new UsageError("give both --pool and --labeled as features .npy files, or both as datasets");
    return concatRows(labeled?.matrix, pool.matrix);
  }
  const texts = [...(labeled?.texts ?? []), ...(pool.texts ?? [])];
  const combined: LoadedData = { path: o.pool, ids: [...(labeled?.ids ?? []), ...pool.ids], texts };
  return (await fitFeatures(featureSpec(o), combined, { ctx })).x;
}

async function runSelect(ctx: CliContext, o: SelectOptions): Promise<void> {
  const strategy = coreCall(() => getQueryStrategy(o.strategy));
  if (o.features.startsWith("npy:"))
    throw new UsageError(
      "--features npy:FILE does not apply to vox select: give --pool and --labeled as .npy files",
    );
  const io = { progress: ctx.stderr, signal: ctx.signal };
  const pool = await loadData(o.pool, { ...o, labels: undefined }, ctx);
  const labeled = o.labeled ? await loadData(o.labeled, o, ctx) : undefined;
  const labelNames = labeled ? await requireLabels(labeled, "--labeled") : [];
  const nL = labelNames.length;
  const nP = pool.ids.length;
  // Classes: the probability columns when --probs is given, else the labels seen in L.
  let classNames: string[];
  let labels: Int32Array;
  let probs: Matrix | undefined;
  if (o.probs) {
    const read = await readMatrix(o.probs, io);
    if (read.matrix.rows !== nP)
      throw new UsageError(`${o.probs} has ${read.matrix.rows} rows but the pool ${o.pool} has ${nP}`);
    const distinct = [...new Set(labelNames)];
    const { columnOf, columnNames } = classColumns(distinct, {
      k: read.matrix.cols,
      header: read.header,
      classes: o.classes,
      probsPath: o.probs,
    });
    const code = new Map(distinct.map((d, i) => [d, columnOf[i]!]));
    labels = Int32Array.from(labelNames, (l) => code.get(l)!);
    classNames = columnNames;
    // Labeled rows count as their known label (one-hot); only CAL reads them.
    const k = read.matrix.cols;
    const data = new Float64Array((nL + nP) * k);
    labels.forEach((y, i) => {
      data[i * k + y] = 1;
    });
    data.set(read.matrix.data, nL * k);
    probs = { rows: nL + nP, cols: k, data };
  } else {
    const enc = encodeLabels(labelNames);
    labels = enc.codes;
    classNames = enc.classes;
  }
  const needsFeatures =
    strategy.requires.some((r) => r !== "probs" && r !== "labeled") ||
    (strategy.requires.includes("probs") && !probs);
  const features = needsFeatures ? await tableFeatures(ctx, { o, pool, labeled }) : undefined;
  checkAborted(ctx, o.out);
  const options: QueryOptions = {
    ...(o.members !== undefined ? { members: o.members } : {}),
    ...(o.samples !== undefined ? { samples: o.samples } : {}),
    ...(o.neighbours !== undefined ? { neighbours: o.neighbours } : {}),
    ...(o.beta !== undefined ? { beta: o.beta } : {}),
    ...(o.candidateFactor !== undefined ? { candidateFactor: o.candidateFactor } : {}),
    ...(o.subBatches !== undefined ? { subBatches: o.subBatches } : {}),
  };
  const context: QueryContext = {
    pool: Int32Array.from({ length: nP }, (_, i) => nL + i),
    labeled: Int32Array.from({ length: nL }, (_, i) => i),
    labels,
    batch: o.batch,
    seed: o.seed,
    classes: Math.max(classNames.length, probs?.cols ?? 0),
    options,
    learner: createLearner(learnerSpec(o)),
    ...(features ? { features } : {}),
    ...(probs ? { probs } : {}),
  };
  const started = performance.now();
  const selection = coreCall(() => strategy.select(context));
  const seconds = (performance.now() - started) / 1000;
  checkAborted(ctx, o.out);
  const chosen = Array.from(selection.indices, (row, r) => ({
    rank: r + 1,
    id: pool.ids[row - nL]!,
    score: selection.scores[r]!,
  }));
  await writeTable(
    o.out,
    {
      header: ["rank", "id", "score"],
      rows: chosen.map((c) => [c.rank, c.id, Number.isNaN(c.score) ? "" : c.score]),
    },
    { signal: ctx.signal },
  );
  log(
    ctx,
    `wrote ${chosen.length} of ${nP} pool rows to ${o.out} (${strategy.name}, ${seconds.toFixed(2)} s)`,
  );
  const summary = {
    strategy: strategy.name,
    reference: strategy.reference,
    batch: o.batch,
    pool: nP,
    labeled: nL,
    classes: classNames,
    features: features ? { rows: features.rows, cols: features.cols, sparse: isCsr(features) } : null,
    seconds,
    out: o.out,
    selected: chosen,
  };
  if (o.json) return printJson(ctx, summary);
  ctx.stdout.write(
    `${table(
      ["rank", "id", "score"],
      chosen.slice(0, o.top).map((c) => [c.rank, c.id, fmt(c.score, 4)]),
    )}\n`,
  );
}
