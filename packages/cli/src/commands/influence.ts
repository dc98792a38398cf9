import {
  argmaxRows,
  createLearner,
  type Features,
  incv,
  type Matrix,
  mlp,
  predictProba,
  type SoftmaxModel,
  selectRows,
  softmaxInfluence,
  softmaxLogits,
  softmaxRegression,
  softmaxRows,
  TracInRecorder,
  tracIn,
  tracInSelfInfluence,
} from "@vox/core";
import { VoxIoError, writeTable } from "@vox/io";
import type { Command } from "commander";
import { coreCall } from "../classColumns.js";
import {
  type CliContext,
  choiceOption,
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
  foldFeatures,
  type LoadedData,
  learnerSpec,
  loadData,
  type ModelCliOptions,
  requireLabels,
  transformFeatures,
} from "../learning.js";

const METHODS = ["self", "influence", "tracin", "incv"] as const;
type Method = (typeof METHODS)[number];

interface InfluenceOptions extends FeatureCliOptions, ModelCliOptions {
  method: Method;
  test?: string;
  damping: number;
  rounds: number;
  removeRatio?: number;
  seed: number;
  top: number;
  out?: string;
  json?: boolean;
}

/** What a method computed for every training row: the ranking score (higher = worse) and extra columns. */
interface Scored {
  score: Float64Array;
  /** Rows worst first. */
  order: Int32Array;
  suggested: Int32Array;
  extra: { name: string; values: ArrayLike<number> | readonly string[] }[];
  summary: Record<string, unknown>;
  /** What `score` means, for the table and the JSON. */
  meaning: string;
}

/** `vox influence DATA`: influence functions, TracIn, and INCV to find harmful or mislabeled training rows. */
export function registerInfluence(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("influence")
    .summary("rank training rows by influence (Koh & Liang), TracIn, or iterative noisy cross-validation")
    .description(
      "Trains --model on the labelled rows of DATA and scores every training row, worst first:\n" +
        "  self       influence-function self-influence ∇ℓᵢᵀH⁻¹∇ℓᵢ (softmax regression, exact Hessian, conjugate\n" +
        "             gradients): rows the model fits only because they are in the training set (mislabeled)\n" +
        "  influence  influence of each row on the total loss of --test (positive: up-weighting the row raises the\n" +
        "             test loss, a harmful row); also the predicted change when the row is left out\n" +
        "  tracin     TracIn over per-epoch checkpoints (logreg trained by minibatches, or mlp): self-influence, or\n" +
        "             with --test the opponent score −TracIn(row, test set)\n" +
        "  incv       iterative noisy cross-validation (Chen et al. 2019) with any --model: removed rows first,\n" +
        "             then undecided candidates, then the selected clean set; score = held-out loss\n" +
        "Text features are learned on the training rows (for incv, on each half's training rows). See docs/quality.md.",
    )
    .argument("<data>", "the training set (see docs/formats.md, 'Datasets for learning')")
    .option("--method <m>", `${METHODS.join(", ")}`, choiceOption("--method", METHODS), "self")
    .option("--test <file>", "labelled rows whose loss the influence is measured on (influence; tracin)")
    .option(
      "--damping <l>",
      "self, influence: λ added to the Hessian's diagonal",
      numberOption("--damping", { min: 0 }),
      0,
    )
    .option("--rounds <n>", "incv: rounds", intOption("--rounds", { min: 1, max: 100 }), 4)
    .option(
      "--remove-ratio <r>",
      "incv: rows removed per selected row (default: from the estimated noise rate)",
      numberOption("--remove-ratio", { min: 0 }),
    )
    .option("--seed <n>", "random seed (halvings, shuffles, initialisation)", intOption("--seed"), 0)
    .option("--top <n>", "rows to show in the table", intOption("--top", { min: 0 }), 20)
    .option("--out <file>", "write every training row, worst first (CSV, TSV or JSONL)");
  addModelOptions(addFeatureOptions(cmd))
    .option("--json", "print JSON on stdout")
    .action(async (data: string, o: InfluenceOptions) => {
      checkMethodOptions(o, data);
      const loaded = await loadData(data, o, ctx);
      const labels = await requireLabels(loaded, "vox influence");
      const { codes: y, classes } = encodeLabels(labels);
      if (classes.length < 2)
        throw new UsageError(`vox influence needs at least two classes (found ${classes.length})`);
      const scored = await score(ctx, { o, loaded, y, classes });
      checkAborted(ctx, o.out ?? data);
      const { order } = scored;
      if (o.out) {
        const rows = function* () {
          for (const i of order) {
            yield [
              i,
              loaded.ids[i]!,
              scored.score[i]!,
              classes[y[i]!]!,
              classes[scored.suggested[i]!]!,
              ...scored.extra.map((e) => e.values[i]!),
            ] as const;
          }
        };
        await writeTable(
          o.out,
          {
            header: ["index", "id", "score", "given", "suggested", ...scored.extra.map((e) => e.name)],
            rows: rows(),
          },
          { signal: ctx.signal },
        );
        log(ctx, `wrote ${y.length} rows to ${o.out}`);
      }
      const top = Array.from(order.subarray(0, Math.min(o.top, order.length)), (i) => ({
        index: i,
        id: loaded.ids[i]!,
        score: scored.score[i]!,
        given: classes[y[i]!]!,
        suggested: classes[scored.suggested[i]!]!,
        ...Object.fromEntries(scored.extra.map((e) => [e.name, e.values[i]!])),
      }));
      const result = {
        data,
        ...(o.test ? { test: o.test } : {}),
        rows: y.length,
        classes,
        method: o.method,
        model: learnerSpec(o),
        features: o.features,
        seed: o.seed,
        score: scored.meaning,
        ...scored.summary,
        top,
        ...(o.out ? { out: o.out } : {}),
      };
      if (o.json) return printJson(ctx, result);
      ctx.stdout.write(
        `${y.length} training rows, ${classes.length} classes, ${o.method} with ${o.model} on ${o.features} features.\n` +
          `score: ${scored.meaning}.\n`,
      );
      for (const [k, v] of Object.entries(scored.summary))
        if (typeof v === "number") ctx.stdout.write(`${k}: ${fmt(v, 4)}\n`);
      if (top.length) {
        ctx.stdout.write(`\nWorst ${top.length} rows:\n`);
        ctx.stdout.write(
          table(
            ["index", "id", "score", "given", "suggested", ...scored.extra.map((e) => e.name)],
            top.map((t) => [
              t.index,
              t.id,
              t.score,
              t.given,
              t.suggested,
              ...scored.extra.map((e) => e.values[t.index]!),
            ]),
          ),
        );
      }
      if (!o.out) log(ctx, "Add --out FILE to write every training row with its score.");
    });
}

function checkMethodOptions(o: InfluenceOptions, data: string): void {
  if (o.test && (o.features.startsWith("npy:") || data.toLowerCase().endsWith(".npy")))
    throw new UsageError(
      "--test needs features made from text (tfidf, hashing, embed): with .npy features the test rows have no features",
    );
  switch (o.method) {
    case "self":
    case "influence":
      if (o.model !== "logreg")
        throw new UsageError(`--method ${o.method} works on softmax regression only (--model logreg)`);
      if (o.method === "influence" && !o.test)
        throw new UsageError("--method influence needs --test FILE (the rows whose loss is explained)");
      return;
    case "tracin":
      if (o.model !== "logreg" && o.model !== "mlp")
        throw new UsageError("--method tracin needs checkpoints: --model logreg (minibatch) or --model mlp");
      return;
    case "incv":
      if (o.test) throw new UsageError("--method incv does not use --test");
      return;
  }
}

interface ScoreInput {
  o: InfluenceOptions;
  loaded: LoadedData;
  y: Int32Array;
  classes: string[];
}

async function score(ctx: CliContext, p: ScoreInput): Promise<Scored> {
  const { o } = p;
  const prepared = async () => {
    const fitted = await fitFeatures(featureSpec(o), p.loaded, { ctx });
    const test = o.test ? await loadTest(ctx, { o, classes: p.classes, fitted }) : undefined;
    return { train: { x: fitted.x, y: p.y }, test };
  };
  switch (o.method) {
    case "self":
    case "influence":
      return scoreInfluence(ctx, { o, ...(await prepared()) });
    case "tracin":
      return scoreTracIn(ctx, { o, ...(await prepared()), classes: p.classes.length });
    case "incv":
      return scoreIncv(ctx, p);
  }
}

async function loadTest(
  ctx: CliContext,
  p: { o: InfluenceOptions; classes: string[]; fitted: Awaited<ReturnType<typeof fitFeatures>> },
): Promise<{ x: Features; y: Int32Array }> {
  const path = p.o.test!;
  const loaded = await loadData(path, { ...p.o, labels: undefined }, ctx);
  const labels = await requireLabels(loaded, "--test");
  const { codes } = encodeLabels(labels, p.classes);
  const bad = codes.indexOf(-2);
  if (bad >= 0) {
    const line = loaded.dataset ? (await loaded.dataset.locate([bad]))[0] : bad + 1;
    throw new VoxIoError(
      "BAD_VALUE",
      { path, line, column: loaded.dataset?.columns.label },
      `label ${JSON.stringify(labels[bad])} is not a class of the training set (${p.classes.join(", ")})`,
    );
  }
  return { x: await transformFeatures(p.fitted, loaded, ctx), y: codes };
}

function byScore(score: Float64Array): Int32Array {
  return Int32Array.from({ length: score.length }, (_, i) => i).sort(
    (a, b) => score[b]! - score[a]! || a - b,
  );
}

function predicted(model: SoftmaxModel, x: Features): Int32Array {
  return argmaxRows(softmaxRows(softmaxLogits(model, x)));
}

function scoreInfluence(
  ctx: CliContext,
  p: { o: InfluenceOptions; train: { x: Features; y: Int32Array }; test?: { x: Features; y: Int32Array } },
): Scored {
  const { o, train, test } = p;
  const fit = coreCall(() =>
    softmaxRegression(train.x, train.y, {
      C: o.C,
      solver: "lbfgs",
      tolerance: 1e-8,
      shouldStop: () => ctx.signal.aborted,
    }),
  );
  checkAborted(ctx, o.out ?? "influence");
  const inf = softmaxInfluence(fit.model, train, { C: o.C, damping: o.damping });
  const suggested = predicted(fit.model, train.x);
  const summary = {
    lbfgsIterations: fit.iterations,
    lbfgsConverged: fit.converged,
    parameters: inf.parameters,
  };
  if (o.method === "influence") {
    const t = inf.testInfluence(test!.x, test!.y);
    return {
      score: t.influence,
      order: byScore(t.influence),
      suggested,
      extra: [{ name: "leave_one_out", values: t.leaveOneOut }],
      summary: {
        ...summary,
        testRows: test!.y.length,
        testLoss: t.testLoss,
        cgIterations: t.solve.iterations,
        cgRelativeResidual: t.solve.relativeResidual,
      },
      meaning:
        "influence on the test loss (Koh & Liang's I_up,loss; positive = harmful); leave_one_out = predicted change of the test loss without the row",
    };
  }
  const tty = ctx.stderr.isTTY === true;
  const self = inf.selfInfluence({
    onRow: (done, total) => {
      if (tty && (done % 50 === 0 || done === total))
        ctx.stderr.write(`\rself-influence ${done}/${total}${done === total ? "\n" : ""}`);
      return ctx.signal.aborted;
    },
  });
  return {
    score: self,
    order: byScore(self),
    suggested,
    extra: [],
    summary,
    meaning: "influence-function self-influence ∇ℓᵢᵀ H⁻¹ ∇ℓᵢ (high = likely mislabeled)",
  };
}

function scoreTracIn(
  ctx: CliContext,
  p: {
    o: InfluenceOptions;
    train: { x: Features; y: Int32Array };
    test?: { x: Features; y: Int32Array } | undefined;
    classes: number;
  },
): Scored {
  const { o, train, test } = p;
  const learningRate = o.learningRate ?? (o.model === "mlp" ? 0.001 : 0.01);
  const recorder = new TracInRecorder({ learningRate });
  const tty = ctx.stderr.isTTY === true;
  const common = {
    classes: p.classes,
    seed: o.seed,
    learningRate,
    ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
    ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
    onEpoch: (info: Parameters<TracInRecorder["hook"]>[0]) => {
      recorder.hook(info);
      if (tty) ctx.stderr.write(`\repoch ${info.epoch + 1}: loss ${fmt(info.loss, 4)}   `);
      return ctx.signal.aborted;
    },
  };
  const model = coreCall(() =>
    o.model === "mlp"
      ? mlp(train.x, train.y, {
          ...common,
          hidden: o.hidden,
          dropout: o.dropout,
          weightDecay: o.weightDecay,
          earlyStopping: false,
        }).model
      : softmaxRegression(train.x, train.y, { ...common, C: o.C, solver: "minibatch", tolerance: 0 }).model,
  );
  if (tty) ctx.stderr.write("\n");
  checkAborted(ctx, o.out ?? "influence");
  const suggested = argmaxRows(predictProba(model, train.x));
  const summary = { checkpoints: recorder.checkpoints.length, learningRate };
  if (test) {
    const t = tracIn(recorder.checkpoints, train, test);
    const opponent = t.map((v) => -v);
    return {
      score: opponent,
      order: byScore(opponent),
      suggested,
      extra: [{ name: "tracin", values: t }],
      summary: { ...summary, testRows: test.y.length },
      meaning: "−TracIn(row, test set): positive = the row's training steps raised the test loss (opponent)",
    };
  }
  const self = tracInSelfInfluence(recorder.checkpoints, train);
  return {
    score: self,
    order: byScore(self),
    suggested,
    extra: [],
    summary,
    meaning: "TracIn self-influence Σ η‖∇ℓᵢ‖² over checkpoints (high = likely mislabeled)",
  };
}

async function scoreIncv(ctx: CliContext, p: ScoreInput): Promise<Scored> {
  const { o, loaded, y, classes } = p;
  const spec = featureSpec(o);
  const perSplit = foldFeatures(loaded, spec);
  {
    let all: Features | undefined;
    if (!perSplit) all = (await fitFeatures(spec, loaded, { ctx })).x;
    const learner = createLearner(learnerSpec(o));
    let fits = 0;
    const tty = ctx.stderr.isTTY === true;
    const fitPredict = (train: Int32Array, test: Int32Array): Matrix => {
      const f = perSplit
        ? perSplit(train, test)
        : { train: selectRows(all!, train), test: selectRows(all!, test) };
      const m = learner(
        f.train,
        Int32Array.from(train, (i) => y[i]!),
        {
          classes: classes.length,
          seed: o.seed + fits++,
        },
      );
      return predictProba(m, f.test);
    };
    const r = coreCall(() =>
      incv(y, {
        fitPredict,
        classes: classes.length,
        rounds: o.rounds,
        seed: o.seed,
        ...(o.removeRatio !== undefined ? { removeRatio: o.removeRatio } : {}),
        onRound: (round) => {
          if (tty)
            ctx.stderr.write(
              `round ${round.round}: ${round.candidates} candidates, ${round.selected} selected, ${round.removed} removed\n`,
            );
          return ctx.signal.aborted;
        },
      }),
    );
    const names = ["removed", "candidate", "selected"];
    return {
      score: r.loss,
      order: r.ranked,
      suggested: argmaxRows(r.probs),
      extra: [{ name: "status", values: Array.from(r.status, (s) => names[s]!) }],
      summary: {
        estimatedNoise: r.estimatedNoise,
        removeRatio: r.removeRatio,
        selected: r.selected.length,
        removed: r.removed.length,
        candidates: r.candidates.length,
        rounds: r.rounds,
      },
      meaning: "held-out cross-entropy of the given label (rows ordered removed, candidate, selected)",
    };
  }
}
