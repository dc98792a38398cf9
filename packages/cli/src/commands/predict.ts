import {
  accuracy,
  argmaxRows,
  calibrationError,
  gradientEmbeddingMatrix,
  gradientEmbeddings,
  logLoss,
  type Matrix,
  macroF1,
  mcDropout,
  predictProba,
  selectRows,
} from "@vox/core";
import { writeMatrix, writeNpy } from "@vox/io";
import type { Command } from "commander";
import { type CliContext, intOption, printJson, table, UsageError } from "../context.js";
import {
  checkAborted,
  encodeLabels,
  type FeatureCliOptions,
  loadData,
  loadPipeline,
  transformFeatures,
} from "../learning.js";

interface PredictOptions {
  out: string;
  features?: string;
  labels?: string;
  idColumn?: string;
  textColumn?: string;
  labelColumn?: string;
  mcSamples?: number;
  mcOut?: string;
  embeddings?: string;
  seed: number;
  json?: boolean;
}

/** Gradient embeddings above this many values would not fit comfortably in memory. */
const MAX_EMBEDDING_VALUES = 200_000_000;

/** `vox predict MODEL DATA --out probs.npy`: probabilities from a model saved by `vox train`. */
export function registerPredict(program: Command, ctx: CliContext): void {
  program
    .command("predict")
    .summary("predict class probabilities with a model saved by vox train")
    .description(
      "Loads MODEL (written by vox train), makes DATA's features the way the model was trained (the saved\n" +
        "vocabulary and idf, or a features .npy) and writes the probabilities (rows × classes, the model's class\n" +
        "order; calibrated when it was trained with --calibrate). When DATA has labels, prints accuracy, macro-F1,\n" +
        "log-loss and ECE on the labelled rows. --mc-samples T (mlp) averages T dropout passes and can write them\n" +
        "all (--mc-out, shape T × rows × classes); --embeddings writes last-layer gradient embeddings (BADGE).",
    )
    .argument("<model>", "model file (.json) from vox train")
    .argument("<data>", "rows to predict: a dataset, or a features .npy for a model trained on .npy features")
    .requiredOption("--out <file>", "write the probabilities here (.npy, or .csv/.tsv)")
    .option("--features <spec>", "npy:FILE when DATA is a dataset and the model was trained on .npy features")
    .option("--labels <file>", "labels for a features .npy DATA (to score the predictions)")
    .option("--id-column <name>", "DATA column holding the row id")
    .option("--text-column <name>", "DATA column holding the text")
    .option("--label-column <name>", "DATA column holding the label")
    .option(
      "--mc-samples <t>",
      "mlp: average T stochastic dropout passes (MC dropout)",
      intOption("--mc-samples", { min: 1, max: 10_000 }),
    )
    .option(
      "--mc-out <file>",
      "with --mc-samples: write every pass's probabilities (.npy, T × rows × classes)",
    )
    .option(
      "--embeddings <file>",
      "write gradient embeddings of the last layer for the predicted labels (.npy)",
    )
    .option("--seed <n>", "random seed for MC dropout", intOption("--seed"), 0)
    .option("--json", "print JSON on stdout")
    .action(async (modelPath: string, data: string, o: PredictOptions) => {
      const pipeline = await loadPipeline(modelPath);
      const model = pipeline.model;
      if (model.kind === "multiAnnotator")
        throw new UsageError(
          `${modelPath} is a multi-annotator model: use vox jury to predict raters and juries`,
        );
      if (o.mcOut && !o.mcSamples) throw new UsageError("--mc-out needs --mc-samples");
      if (o.mcSamples && model.kind !== "mlp")
        throw new UsageError(`--mc-samples needs an mlp model (${modelPath} holds ${model.kind})`);
      const featureOptions = {
        features: o.features ?? "tfidf",
        labels: o.labels,
        idColumn: o.idColumn,
        textColumn: o.textColumn,
        labelColumn: o.labelColumn,
      } as FeatureCliOptions;
      if (pipeline.features.source.kind !== "npy" && o.features)
        throw new UsageError(`--features does not apply: ${modelPath} makes its own features from text`);
      const loaded = await loadData(data, featureOptions, ctx);
      const x = await transformFeatures(pipeline.features, loaded, ctx);
      if (x.cols !== model.features)
        throw new UsageError(
          `${modelPath} expects ${model.features} features per row; ${data} gives ${x.cols}`,
        );
      let probs: Matrix;
      let samples: Matrix[] | undefined;
      if (o.mcSamples && model.kind === "mlp") {
        const mc = mcDropout(model, x, { samples: o.mcSamples, seed: o.seed });
        probs = mc.mean;
        samples = mc.samples;
      } else probs = predictProba(model, x, { temperature: pipeline.temperature });
      checkAborted(ctx, o.out);
      await writeMatrix(o.out, probs, { header: pipeline.classes, signal: ctx.signal });
      if (o.mcOut && samples) {
        const all = new Float64Array(samples.length * probs.rows * probs.cols);
        samples.forEach((s, t) => {
          all.set(s.data, t * s.data.length);
        });
        await writeNpy(o.mcOut, { data: all, shape: [samples.length, probs.rows, probs.cols] });
      }
      if (o.embeddings) {
        if (model.kind !== "softmax" && model.kind !== "mlp")
          throw new UsageError(`--embeddings needs a logreg or mlp model (${modelPath} holds ${model.kind})`);
        const units =
          model.kind === "softmax" ? model.features : model.layers[model.layers.length - 2]!.outputs;
        const size = x.rows * model.classes * (units + 1);
        if (size > MAX_EMBEDDING_VALUES)
          throw new UsageError(
            `gradient embeddings would hold ${size} values (rows × classes × (units + 1)); use an mlp (smaller last layer) or fewer rows`,
          );
        await writeMatrix(o.embeddings, gradientEmbeddingMatrix(gradientEmbeddings(model, x)), {
          float32: true,
        });
      }
      // Score the labelled rows whose label the model knows.
      let metrics: Record<string, number> | undefined;
      let scored = 0;
      if (loaded.labels) {
        const { codes } = encodeLabels(loaded.labels, pipeline.classes);
        const rows = Array.from(codes.keys()).filter((i) => codes[i]! >= 0);
        scored = rows.length;
        if (rows.length > 0) {
          const y = Int32Array.from(rows, (i) => codes[i]!);
          const p = selectRows(probs, rows);
          const pred = argmaxRows(p);
          metrics = {
            accuracy: accuracy(y, pred),
            macroF1: macroF1(y, pred, { classes: pipeline.classes.length }).macroF1,
            logLoss: logLoss(y, p),
            ece: calibrationError(y, p).ece,
          };
        }
      }
      const summary = {
        model: modelPath,
        data,
        rows: probs.rows,
        classes: pipeline.classes,
        temperature: pipeline.temperature,
        ...(o.mcSamples ? { mcSamples: o.mcSamples } : {}),
        ...(metrics ? { scoredRows: scored, metrics } : {}),
        out: o.out,
        ...(o.mcOut ? { mcOut: o.mcOut } : {}),
        ...(o.embeddings ? { embeddings: o.embeddings } : {}),
      };
      if (o.json) return printJson(ctx, summary);
      ctx.stdout.write(
        `Predicted ${probs.rows} rows of ${data} with ${modelPath} (${pipeline.classes.join(", ")}).\n`,
      );
      if (metrics) {
        ctx.stdout.write(`\nOn the ${scored} labelled rows:\n`);
        ctx.stdout.write(table(["metric", "value"], Object.entries(metrics)));
      }
      ctx.stdout.write(`\nWrote ${[o.out, o.mcOut, o.embeddings].filter(Boolean).join(", ")}.\n`);
    });
}
