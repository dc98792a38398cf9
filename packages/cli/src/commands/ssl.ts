import {
  eda,
  type Features,
  isCsr,
  type Matrix,
  normalizeRows,
  SSL_METHODS,
  type SslMethod,
  selectRows,
  sslFitPredict,
  svdTransform,
  transformHashing,
  transformTfidf,
  truncatedSvd,
} from "@vox/core";
import { readWordNet, writeNpy } from "@vox/io";
import type { Command } from "commander";
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
  checkAborted,
  encodeLabels,
  type FeatureCliOptions,
  featureSpec,
  fitFeatures,
  type LoadedData,
  loadData,
  requireLabels,
} from "../learning.js";

interface SslOptions extends FeatureCliOptions {
  labeled: string;
  unlabeled: string;
  method: SslMethod;
  out: string;
  lsa: number;
  seed: number;
  steps: number;
  hidden: number;
  lambda?: number;
  threshold?: number;
  kernel: "knn" | "rbf";
  neighbours: number;
  gamma: number;
  views: number;
  json?: boolean;
}

/** Methods that also run on sparse features (the rest need --lsa or dense features). */
const SPARSE_OK: readonly SslMethod[] = ["supervised-logreg", "self-training"];

/**
 * `vox ssl --labeled L --unlabeled U --method M --out probs.npy`: semi-supervised learning from a few labeled rows
 * and many unlabeled ones; writes class probabilities for U's rows.
 */
export function registerSsl(program: Command, ctx: CliContext): void {
  addFeatureOptions(
    program
      .command("ssl")
      .summary("semi-supervised learning: label unlabeled rows from a few labeled ones")
      .description(
        "Fits METHOD on L's labeled rows plus U's unlabeled rows (transductively: U is also what gets\n" +
          "predicted) and writes U's class probabilities (rows of U × classes, in L's class order). Text features\n" +
          "(tfidf, hashing) are fitted on L and U together and, unless --lsa 0, reduced to --lsa dimensions by\n" +
          "truncated SVD (latent semantic analysis) and L2-normalised: graph and deep methods need dense features.\n" +
          "When U has labels they are not used for training; accuracy on them is reported.\n" +
          "Methods: supervised (the same MLP on L only), supervised-logreg, self-training, label-propagation,\n" +
          "label-spreading, entropy-min, pi-model, temporal-ensembling, mean-teacher, uda, mixmatch,\n" +
          "remixmatch-da, fixmatch, fixmatch-da, dividemix. See docs/ssl.md.",
      )
      .requiredOption(
        "--labeled <file>",
        "labeled rows: a dataset with a label on every row, or a .npy with --labels",
      )
      .requiredOption(
        "--unlabeled <file>",
        "unlabeled rows: a dataset (labels, if any, only scored) or a .npy",
      )
      .requiredOption("--method <name>", SSL_METHODS.join(", "), choiceOption("--method", SSL_METHODS))
      .requiredOption("--out <file>", "write U's probabilities here (.npy, float64, rows × classes)")
      .option(
        "--lsa <k>",
        "reduce text features to k LSA dimensions (0: keep sparse)",
        intOption("--lsa", { min: 0 }),
        100,
      )
      .option("--seed <n>", "random seed", intOption("--seed"), 0)
      .option("--steps <n>", "deep methods: optimiser steps", intOption("--steps", { min: 1 }), 600)
      .option(
        "--hidden <n>",
        "deep methods: hidden units (0: softmax regression)",
        intOption("--hidden", { min: 0 }),
        64,
      )
      .option(
        "--lambda <x>",
        "deep methods: weight of the unlabeled loss (default: the method's)",
        numberOption("--lambda", { min: 0 }),
      )
      .option(
        "--threshold <p>",
        "fixmatch: confidence τ (default 0.95); self-training: threshold (0.75)",
        numberOption("--threshold", { min: 0, max: 1 }),
      )
      .option(
        "--kernel <kind>",
        "graph methods: knn or rbf",
        choiceOption("--kernel", ["knn", "rbf"] as const),
        "knn",
      )
      .option(
        "--neighbours <k>",
        "graph methods: k of the kNN graph",
        intOption("--neighbours", { min: 1 }),
        7,
      )
      .option("--gamma <x>", "graph methods: γ of the RBF kernel", numberOption("--gamma", { min: 0 }), 20)
      .option(
        "--views <n>",
        "deep methods, text + LSA: N EDA copies of every text (WordNet) as strong augmentations",
        intOption("--views", { min: 0, max: 32 }),
        0,
      )
      .option("--json", "print JSON on stdout"),
    "tfidf",
  ).action(async (o: SslOptions) => {
    const started = performance.now();
    const labeledData = await loadData(o.labeled, o, ctx);
    const labelStrings = await requireLabels(labeledData, "--labeled");
    const { labels: _ignored, ...withoutLabels } = o;
    const unlabeledData = await loadData(o.unlabeled, withoutLabels, ctx);
    if (unlabeledData.ids.length === 0) throw new UsageError(`${o.unlabeled} has no rows`);
    const { codes: y, classes } = encodeLabels(labelStrings);
    if (classes.length < 2)
      throw new UsageError(`--labeled needs at least two classes (${o.labeled} has ${classes.length})`);
    const nl = labeledData.ids.length;
    const nu = unlabeledData.ids.length;
    const { x, views } = await features({ l: labeledData, u: unlabeledData, o, ctx });
    if (isCsr(x) && !SPARSE_OK.includes(o.method))
      throw new UsageError(
        `--method ${o.method} needs dense features: use --lsa K (K ≥ 1), npy:FILE or embed:DIR`,
      );
    checkAborted(ctx, o.labeled);
    const tty = ctx.stderr.isTTY === true;
    const probs = sslFitPredict(
      x,
      { indices: Int32Array.from({ length: nl }, (_, i) => i), labels: y },
      {
        method: o.method,
        classes: classes.length,
        seed: o.seed,
        steps: o.steps,
        hidden: o.hidden > 0 ? [o.hidden] : [],
        kernel: o.kernel,
        neighbours: o.neighbours,
        gamma: o.gamma,
        ...(o.lambda !== undefined ? { lambda: o.lambda } : {}),
        ...(o.threshold !== undefined ? { threshold: o.threshold } : {}),
        ...(views.length > 0 ? { views } : {}),
        shouldStop: (step, steps) => {
          if (tty && step % 20 === 0) ctx.stderr.write(`\r${o.method}: step ${step}/${steps}   `);
          return ctx.signal.aborted;
        },
      },
    );
    if (tty) ctx.stderr.write("\n");
    checkAborted(ctx, o.out);
    const out = selectRows(
      probs,
      Int32Array.from({ length: nu }, (_, t) => nl + t),
    ) as Matrix;
    await writeNpy(o.out, { data: out.data, shape: [nu, classes.length] });
    const predicted = new Array<number>(classes.length).fill(0);
    const argmax = new Int32Array(nu);
    for (let i = 0; i < nu; i++) {
      let best = 0;
      for (let c = 1; c < classes.length; c++)
        if (out.data[i * classes.length + c]! > out.data[i * classes.length + best]!) best = c;
      argmax[i] = best;
      predicted[best]!++;
    }
    const scored = score(unlabeledData, classes, argmax);
    const summary = {
      method: o.method,
      classes,
      labeled: nl,
      unlabeled: nu,
      features: { kind: featureSpec(o).kind, dense: !isCsr(x), columns: x.cols, views: views.length },
      predicted: Object.fromEntries(classes.map((c, k) => [c, predicted[k]!])),
      ...(scored ? { unlabeledAccuracy: scored.accuracy, scoredRows: scored.rows } : {}),
      out: o.out,
      seconds: (performance.now() - started) / 1000,
    };
    if (o.json) printJson(ctx, summary);
    else {
      ctx.stdout.write(
        table(
          ["class", "labeled", "predicted in U"],
          classes.map((c, k) => [c, y.filter((v) => v === k).length, predicted[k]!]),
        ),
      );
      if (scored)
        ctx.stdout.write(
          `accuracy on U's ${scored.rows} labeled rows (not trained on): ${fmt(scored.accuracy)}\n`,
        );
      log(ctx, `wrote ${nu} × ${classes.length} probabilities to ${o.out}`);
    }
  });
}

/**
 * Features for L's rows then U's: text features fitted on both (then LSA unless --lsa 0), or stacked matrices; with
 * --views, EDA copies of every text made into features the same way (vectorizer and SVD fitted on the originals).
 */
async function features(p: {
  l: LoadedData;
  u: LoadedData;
  o: SslOptions;
  ctx: CliContext;
}): Promise<{ x: Features; views: Matrix[] }> {
  const { l, u, o, ctx } = p;
  if (l.matrix || u.matrix) {
    if (!l.matrix || !u.matrix)
      throw new UsageError("--labeled and --unlabeled must both be features (.npy or npy:FILE) or both text");
    if (l.matrix.cols !== u.matrix.cols)
      throw new UsageError(
        `--labeled has ${l.matrix.cols} feature columns but --unlabeled has ${u.matrix.cols}`,
      );
    if (o.views > 0) throw new UsageError("--views needs text features (EDA rewrites texts)");
    const data = new Float64Array((l.matrix.rows + u.matrix.rows) * l.matrix.cols);
    data.set(l.matrix.data);
    data.set(u.matrix.data, l.matrix.data.length);
    return { x: { rows: l.matrix.rows + u.matrix.rows, cols: l.matrix.cols, data }, views: [] };
  }
  if (!l.texts || !u.texts)
    throw new UsageError("--labeled and --unlabeled need a text column for text features");
  const texts = [...l.texts, ...u.texts];
  const both: LoadedData = { path: l.path, ids: [...l.ids, ...u.ids], texts };
  const fitted = await fitFeatures(featureSpec(o), both, { ctx });
  if (!isCsr(fitted.x) || o.lsa === 0) {
    if (o.views > 0) throw new UsageError("--views needs LSA features (--lsa K ≥ 1 with tfidf or hashing)");
    return { x: fitted.x, views: [] };
  }
  const svd = truncatedSvd(fitted.x, { components: o.lsa, seed: o.seed });
  const x = normalizeRows(svd.embedding);
  if (o.views === 0) return { x, views: [] };
  const vectorizer = fitted.vectorizer!;
  const thesaurus = await readWordNet();
  const a = eda(texts, { thesaurus, n: o.views, seed: o.seed });
  // View v of row i: the v-th EDA sentence made from text i (the original when EDA made none, e.g. no words).
  const made = new Int32Array(texts.length);
  const pick = Array.from({ length: o.views }, () => texts.slice());
  for (const [t, src] of a.source.entries()) if (made[src]! < o.views) pick[made[src]!++]![src] = a.texts[t]!;
  return {
    x,
    views: pick.map((vt) => {
      const sparse =
        vectorizer.kind === "tfidf" ? transformTfidf(vectorizer, vt) : transformHashing(vectorizer, vt);
      return normalizeRows(svdTransform(svd, sparse));
    }),
  };
}

/** Accuracy on U's rows that carry a label of a known class (U's labels are never trained on). */
function score(
  u: LoadedData,
  classes: string[],
  argmax: Int32Array,
): { accuracy: number; rows: number } | undefined {
  if (!u.labels) return undefined;
  let hit = 0;
  let rows = 0;
  for (const [i, l] of u.labels.entries()) {
    const k = classes.indexOf(l);
    if (k < 0) continue;
    rows++;
    if (argmax[i] === k) hit++;
  }
  return rows > 0 ? { accuracy: hit / rows, rows } : undefined;
}
