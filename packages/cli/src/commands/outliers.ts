import {
  type KnnGraph,
  knnGraph,
  knnOutlierScores,
  nearDuplicateIssues,
  predProbOutlierScores,
} from "@vox/core";
import { readMatrix, writeTable } from "@vox/io";
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
import { addFeatureOptions, encodeLabels, type FeatureCliOptions } from "../learning.js";
import { loadNeighbourInput, rethrowSearchError, rowProgress } from "../neighbourInput.js";

interface OutliersOptions extends FeatureCliOptions {
  k: number;
  metric: "cosine" | "euclidean";
  threshold: number;
  nearThreshold: number;
  probs?: string;
  top: number;
  out?: string;
  json?: boolean;
}

/** `vox outliers [DATA]`: kNN-distance outlier scores (cleanlab Datalab's outlier and near-duplicate issues). */
export function registerOutliers(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("outliers")
    .summary("find outliers (atypical rows) from k-nearest-neighbour distances, as cleanlab's Datalab")
    .description(
      "Scores every row by its mean distance d to its --k nearest other rows: score = exp(-d / median d), low = far\n" +
        "from everything else (out of distribution, garbage, rare). A row is an outlier when d > Q3 + (1/threshold - 1)\n" +
        "IQR of all rows' d. Also reports cleanlab's near-duplicate score of each row (nearest distance relative to\n" +
        "the median). With --probs (out-of-fold probabilities) and labels, adds cleanlab's adjusted-entropy\n" +
        "out-of-distribution score. DATA: a dataset (texts become --features tfidf, hashing or embed:DIR vectors) or a\n" +
        "features .npy; `--features F.npy` alone works too. Reproduces cleanlab 2.9 (docs/quality.md).",
    )
    .argument("[data]", "the dataset, or a features .npy (see docs/formats.md, 'Datasets for learning')")
    .option("--k <n>", "neighbours per row", intOption("--k", { min: 1 }), 10)
    .option(
      "--metric <m>",
      "cosine (1 - cosine similarity) or euclidean (dense features only)",
      choiceOption("--metric", ["cosine", "euclidean"] as const),
      "cosine",
    )
    .option(
      "--threshold <t>",
      "outlier cut Q3 + (1/t - 1) IQR of the mean distances; 0 flags none",
      numberOption("--threshold", { min: 0, max: 1 }),
      0.37037,
    )
    .option(
      "--near-threshold <t>",
      "near duplicate: nearest distance below t x the median nearest distance",
      numberOption("--near-threshold", { min: 0 }),
      0.13,
    )
    .option(
      "--probs <file>",
      "out-of-fold predicted probabilities (.npy or CSV) for the pred_probs OOD score",
    )
    .option("--top <n>", "rows to show in the table", intOption("--top", { min: 0 }), 20)
    .option("--out <file>", "write every row, worst outlier first (CSV, TSV or JSONL), atomically");
  addFeatureOptions(cmd)
    .option("--json", "print JSON on stdout")
    .action(async (data: string | undefined, o: OutliersOptions) => {
      const started = Date.now();
      const input = await loadNeighbourInput(data, o, ctx);
      const { features } = input;
      if (!features) throw new Error("internal: no feature vectors");
      const { ids } = input.data;
      if (features.rows < 2)
        throw new UsageError(`vox outliers needs at least 2 rows (got ${features.rows})`);
      if (o.k >= features.rows)
        throw new UsageError(`--k (${o.k}) must be below the number of rows (${features.rows})`);
      const progress = rowProgress(ctx, "nearest neighbours", features.rows);
      let graph: KnnGraph;
      try {
        graph = await knnGraph(features, {
          k: o.k,
          metric: o.metric === "cosine" ? "cosine" : "sqeuclidean",
          signal: ctx.signal,
          onProgress: (done) => progress.update(done),
        }).catch(rethrowSearchError(ctx, o.out ?? "outliers"));
      } finally {
        progress.finish();
      }
      // the kernels give squared Euclidean distances; cleanlab averages Euclidean ones
      if (o.metric === "euclidean")
        for (let p = 0; p < graph.distances.length; p++) graph.distances[p] = Math.sqrt(graph.distances[p]!);
      const out = coreCall(() =>
        knnOutlierScores(graph, {
          threshold: o.threshold,
          metric: o.metric,
        }),
      );
      const near = coreCall(() => nearDuplicateIssues(graph, o.nearThreshold));
      const ood = o.probs ? await predProbScores(input.data.labels, o.probs, ctx) : undefined;
      const n = features.rows;
      const order = Int32Array.from({ length: n }, (_, i) => i).sort(
        (a, b) => out.scores[a]! - out.scores[b]! || a - b,
      );
      const k = graph.k;
      const labels = input.data.labels;
      if (o.out) {
        const header = [
          "row",
          "id",
          ...(labels ? ["label"] : []),
          "outlier_score",
          "mean_distance",
          "is_outlier",
          "nearest_id",
          "nearest_distance",
          "near_duplicate_score",
          "is_near_duplicate",
          ...(ood ? ["ood_score", "is_ood"] : []),
        ];
        const rows = function* () {
          for (const i of order)
            yield [
              i,
              ids[i]!,
              ...(labels ? [labels[i]!] : []),
              out.scores[i]!,
              out.meanDistances[i]!,
              out.isIssue[i]!,
              ids[graph.indices[i * k]!]!,
              graph.distances[i * k]!,
              near.scores[i]!,
              near.isIssue[i]!,
              ...(ood ? [ood.scores[i]!, ood.isIssue[i]!] : []),
            ];
        };
        await writeTable(o.out, { header, rows: rows() }, { signal: ctx.signal });
        log(ctx, `wrote ${n} rows to ${o.out}`);
      }
      const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);
      const top = Array.from(order.subarray(0, Math.min(o.top, n)), (i) => ({
        row: i,
        id: ids[i]!,
        ...(labels ? { label: labels[i]! } : {}),
        score: out.scores[i]!,
        meanDistance: out.meanDistances[i]!,
        outlier: out.isIssue[i] === 1,
        nearestId: ids[graph.indices[i * k]!]!,
      }));
      const result = {
        rows: n,
        features: input.source,
        dimensions: features.cols,
        k,
        metric: o.metric,
        threshold: o.threshold,
        issueThreshold: out.issueThreshold,
        scalingFactor: out.scalingFactor,
        outliers: count(out.isIssue),
        meanScore: out.meanScore,
        nearDuplicates: {
          threshold: o.nearThreshold,
          medianNearestDistance: near.medianNearestDistance,
          rows: count(near.isIssue),
          meanScore: near.meanScore,
        },
        ...(ood
          ? {
              ood: { issueThreshold: ood.issueThreshold, rows: count(ood.isIssue), meanScore: ood.meanScore },
            }
          : {}),
        seconds: (Date.now() - started) / 1000,
        top,
        ...(o.out ? { out: o.out } : {}),
      };
      if (o.json) return printJson(ctx, result);
      ctx.stdout.write(
        `${n} rows (${input.source}, ${features.cols} dimensions), ${k} ${o.metric} neighbours each: ` +
          `${result.outliers} outliers (mean distance > ${fmt(out.issueThreshold, 4)}), ` +
          `${result.nearDuplicates.rows} near duplicates (nearest < ${fmt(o.nearThreshold * near.medianNearestDistance, 4)})` +
          `${ood ? `, ${result.ood!.rows} out of distribution by pred_probs` : ""}.\n\n`,
      );
      if (top.length) {
        ctx.stdout.write(`Most atypical ${top.length} rows:\n`);
        ctx.stdout.write(
          table(
            ["row", "id", ...(labels ? ["label"] : []), "score", "mean dist", "outlier", "nearest"],
            top.map((t) => [
              t.row,
              t.id,
              ...(labels ? [t.label ?? ""] : []),
              fmt(t.score, 4),
              fmt(t.meanDistance, 4),
              t.outlier ? "yes" : "",
              t.nearestId,
            ]),
          ),
        );
      }
    });
}

async function predProbScores(labels: string[] | undefined, probsPath: string, ctx: CliContext) {
  if (!labels) throw new UsageError("--probs needs labels (a label column in DATA, or --labels FILE)");
  const { matrix: probs } = await readMatrix(probsPath, { progress: ctx.stderr, signal: ctx.signal });
  if (probs.rows !== labels.length)
    throw new UsageError(`${probsPath} has ${probs.rows} rows but the data has ${labels.length}`);
  const { codes, classes } = encodeLabels(labels);
  if (classes.length !== probs.cols)
    throw new UsageError(
      `${probsPath} has ${probs.cols} columns but the labels have ${classes.length} classes (${classes.join(", ")})`,
    );
  if (codes.some((c) => c < 0)) throw new UsageError("--probs needs a label on every row");
  return coreCall(() => predProbOutlierScores(probs, codes));
}
