import { accuracy, argmaxRows, calibrationError, logLoss, macroF1 } from "@vox/core";
import { writeMatrix } from "@vox/io";
import type { Command } from "commander";
import { type CliContext, fmt, intOption, log, printJson, table, UsageError } from "../context.js";
import {
  addFeatureOptions,
  addModelOptions,
  checkAborted,
  crossValidate,
  encodeLabels,
  type FeatureCliOptions,
  featureSpec,
  learnerSpec,
  loadData,
  type ModelCliOptions,
  requireLabels,
} from "../learning.js";

interface CvOptions extends FeatureCliOptions, ModelCliOptions {
  folds: number;
  seed: number;
  out: string;
  json?: boolean;
}

/** `vox cv DATA`: out-of-fold predicted probabilities by stratified k-fold cross-validation. */
export function registerCv(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("cv")
    .summary("out-of-fold predicted probabilities by stratified k-fold cross-validation")
    .description(
      "Splits the labelled rows of DATA into --folds stratified folds (seeded), trains --model on all folds but one\n" +
        "and predicts the one left out, so every row gets probabilities from a model that never saw it (the input\n" +
        "label-error detection needs). Text features (tfidf, hashing) are learned on each fold's training rows only.\n" +
        "DATA: JSONL/CSV/TSV with a text and a label column, the headerless label<TAB>text layout, or a features\n" +
        ".npy with --labels FILE. Writes --out (rows × classes, columns in the class order printed) and prints\n" +
        "accuracy, macro-F1, log-loss and expected calibration error of the out-of-fold predictions.",
    )
    .argument("<data>", "the dataset (see docs/formats.md, 'Datasets for learning')")
    .requiredOption(
      "--out <file>",
      "write the probabilities here (.npy, or .csv/.tsv with class names as header)",
    )
    .option("--folds <k>", "number of folds", intOption("--folds", { min: 2, max: 1000 }), 5)
    .option("--seed <n>", "random seed (folds, model initialisation, shuffles)", intOption("--seed"), 0);
  addModelOptions(addFeatureOptions(cmd))
    .option("--json", "print JSON on stdout")
    .action(async (data: string, o: CvOptions) => {
      const loaded = await loadData(data, o, ctx);
      const labels = await requireLabels(loaded, "vox cv");
      const { codes: y, classes } = encodeLabels(labels);
      if (classes.length < 2)
        throw new UsageError(`vox cv needs at least two classes (found ${classes.length})`);
      if (o.folds > y.length)
        throw new UsageError(`--folds (${o.folds}) cannot exceed the number of rows (${y.length})`);
      const result = await crossValidate(loaded, y, {
        spec: featureSpec(o),
        learner: learnerSpec(o),
        folds: o.folds,
        seed: o.seed,
        classes: classes.length,
        ctx,
      });
      checkAborted(ctx, o.out);
      const probs = result.probs;
      const pred = argmaxRows(probs);
      const metrics = {
        accuracy: accuracy(y, pred),
        macroF1: macroF1(y, pred, { classes: classes.length }).macroF1,
        logLoss: logLoss(y, probs),
        ece: calibrationError(y, probs).ece,
      };
      await writeMatrix(o.out, probs, { header: classes, signal: ctx.signal });
      const summary = {
        data,
        rows: y.length,
        classes,
        model: learnerSpec(o),
        features: o.features,
        folds: o.folds,
        seed: o.seed,
        metrics,
        out: o.out,
      };
      if (o.json) return printJson(ctx, summary);
      ctx.stdout.write(
        `${y.length} rows, ${classes.length} classes, ${o.folds}-fold cross-validation of ${o.model} on ${o.features} features (seed ${o.seed}).\n\n`,
      );
      ctx.stdout.write(
        table(
          ["metric", "out-of-fold"],
          [
            ["accuracy", metrics.accuracy],
            ["macro-F1", metrics.macroF1],
            ["log-loss", metrics.logLoss],
            ["ECE (15 bins)", metrics.ece],
          ],
        ),
      );
      ctx.stdout.write(
        `\nWrote ${o.out}: ${probs.rows} × ${probs.cols} probabilities; columns: ${classes.join(", ")}.\n`,
      );
      log(ctx, `Log-loss ${fmt(metrics.logLoss)}; try --model mlp or --features hashing to compare.`);
    });
}
