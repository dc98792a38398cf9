import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  accuracy,
  argmaxRows,
  cartographyRecords,
  DynamicsRecorder,
  type EpochHook,
  logLoss,
  predictProba,
  temperatureScaling,
} from "@vox/core";
import { binaryPathFor, writeFileAtomic } from "@vox/io";
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
  fitFeatures,
  fitModel,
  learnerSpec,
  loadData,
  type ModelCliOptions,
  savePipeline,
} from "../learning.js";

interface TrainOptions extends FeatureCliOptions, ModelCliOptions {
  out: string;
  seed: number;
  calibrate?: boolean;
  folds: number;
  dynamics?: string;
  json?: boolean;
}

/** `vox train DATA --out model.json`: fits features and a model on the labelled rows and saves both. */
export function registerTrain(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("train")
    .summary("train a classifier and save it (features + model) to a versioned model file")
    .description(
      "Fits the text features (or takes a features .npy) and --model on the labelled rows of DATA (unlabelled rows\n" +
        "are ignored) and saves both as --out (NAME.json + NAME.bin; see docs/formats.md). --calibrate fits a\n" +
        "temperature on out-of-fold predictions (--folds) so `vox predict` gives calibrated probabilities.\n" +
        "--dynamics DIR records every row's logits at the end of each epoch (mlp, or logreg --solver minibatch) as\n" +
        "DIR/training_dynamics/dynamics_epoch_E.jsonl in the cartography format (data maps, AUM, forgetting).",
    )
    .argument("<data>", "the dataset (see docs/formats.md, 'Datasets for learning')")
    .requiredOption("--out <file>", "model file to write (.json; the arrays go to the .bin beside it)")
    .option("--seed <n>", "random seed", intOption("--seed"), 0)
    .option("--calibrate", "fit a softmax temperature on out-of-fold predictions")
    .option("--folds <k>", "folds for --calibrate", intOption("--folds", { min: 2, max: 1000 }), 5)
    .option("--dynamics <dir>", "write per-epoch training dynamics (cartography format) into this folder");
  addModelOptions(addFeatureOptions(cmd))
    .option("--json", "print JSON on stdout")
    .action(async (data: string, o: TrainOptions) => {
      if (!o.out.toLowerCase().endsWith(".json"))
        throw new UsageError(`--out must end in .json (got ${o.out})`);
      const spec = learnerSpec(o);
      const epochBased = o.model === "mlp" || (o.model === "logreg" && o.solver === "minibatch");
      if (o.dynamics && !epochBased)
        throw new UsageError(
          "--dynamics needs a model trained in epochs: --model mlp, or --model logreg --solver minibatch",
        );
      const loaded = await loadData(data, o, ctx);
      if (!loaded.labels) throw new UsageError(`vox train needs labels: ${data} has no label column`);
      const rows = loaded.labels.flatMap((l, i) => (l === "" ? [] : [i]));
      if (rows.length === 0) throw new UsageError(`${data} has no labelled rows`);
      const { codes: y, classes } = encodeLabels(rows.map((i) => loaded.labels![i]!));
      const ids = rows.map((i) => loaded.ids[i]!);
      const features = await fitFeatures(featureSpec(o), loaded, { rows, ctx });
      const tty = ctx.stderr.isTTY === true;
      const progress: EpochHook = (info) => {
        if (tty) ctx.stderr.write(`\repoch ${info.epoch + 1}: loss ${fmt(info.loss, 4)}   `);
        return ctx.signal.aborted;
      };
      const recorder = o.dynamics ? new DynamicsRecorder(y, { classes: classes.length, ids }) : undefined;
      const fit = fitModel(
        spec,
        { x: features.x, y },
        {
          classes: classes.length,
          seed: o.seed,
          onEpoch: recorder
            ? (info) => {
                recorder.hook(info);
                return progress(info);
              }
            : progress,
          shouldStop: () => ctx.signal.aborted,
        },
      );
      if (tty && epochBased) ctx.stderr.write("\n");
      checkAborted(ctx, o.out);
      let calibration: { temperature: number; before: number; after: number } | undefined;
      if (o.calibrate) {
        const cvData = { ...loaded, ids, labels: rows.map((i) => loaded.labels![i]!) } as typeof loaded;
        if (loaded.texts) cvData.texts = rows.map((i) => loaded.texts![i]!);
        if (loaded.matrix) cvData.matrix = features.x as typeof loaded.matrix;
        const cv = await crossValidate(cvData, y, {
          spec: featureSpec(o),
          learner: spec,
          folds: o.folds,
          seed: o.seed,
          classes: classes.length,
          ctx,
        });
        checkAborted(ctx, o.out);
        const logits = { ...cv.probs, data: cv.probs.data.map((p) => Math.log(p)) };
        const t = temperatureScaling(logits, y);
        calibration = { temperature: t.temperature, before: t.before, after: t.after };
      }
      const p = predictProba(fit.model, features.x);
      const training = {
        data,
        rows: rows.length,
        model: spec,
        features: o.features,
        seed: o.seed,
        ...(fit.iterations !== undefined ? { iterations: fit.iterations, converged: fit.converged } : {}),
      };
      await savePipeline(o.out, {
        model: fit.model,
        classes,
        features,
        temperature: calibration?.temperature ?? 1,
        training,
      });
      let dynamicsFiles: string[] = [];
      if (o.dynamics && recorder) {
        const dir = join(o.dynamics, "training_dynamics");
        mkdirSync(dir, { recursive: true });
        const d = recorder.build();
        for (let e = 0; e < d.epochs; e++) {
          const file = join(dir, `dynamics_epoch_${e}.jsonl`);
          const lines = cartographyRecords(d, e).map((r) => JSON.stringify(r));
          await writeFileAtomic(file, `${lines.join("\n")}\n`);
          dynamicsFiles.push(file);
        }
        if (dynamicsFiles.length > 3)
          dynamicsFiles = [dynamicsFiles[0]!, "…", dynamicsFiles[dynamicsFiles.length - 1]!];
      }
      const summary = {
        data,
        rows: rows.length,
        skippedUnlabelled: loaded.ids.length - rows.length,
        classes,
        model: spec,
        features: { spec: o.features, columns: features.x.cols },
        ...(fit.iterations !== undefined ? { iterations: fit.iterations, converged: fit.converged } : {}),
        trainingAccuracy: accuracy(y, argmaxRows(p)),
        trainingLogLoss: logLoss(y, p),
        ...(calibration ? { calibration } : {}),
        out: { model: o.out, binary: binaryPathFor(o.out) },
        ...(o.dynamics
          ? {
              dynamics: {
                folder: join(o.dynamics, "training_dynamics"),
                epochs: recorder!.epochs,
              },
            }
          : {}),
      };
      if (o.json) return printJson(ctx, summary);
      ctx.stdout.write(
        `Trained ${o.model} on ${rows.length} rows (${classes.length} classes: ${classes.join(", ")}), ${features.x.cols} ${o.features} features` +
          `${fit.iterations !== undefined ? `, ${fit.iterations} ${epochBased ? "epochs" : "iterations"}${fit.converged ? "" : " (not converged)"}` : ""}.\n\n`,
      );
      ctx.stdout.write(
        table(
          ["", "value"],
          [
            ["training accuracy (in-sample)", summary.trainingAccuracy],
            ["training log-loss (in-sample)", summary.trainingLogLoss],
            ...(calibration
              ? ([
                  ["temperature (out-of-fold)", calibration.temperature],
                  [
                    "out-of-fold log-loss before → after",
                    `${fmt(calibration.before)} → ${fmt(calibration.after)}`,
                  ],
                ] as [string, string | number][])
              : []),
          ],
        ),
      );
      ctx.stdout.write(
        `\nWrote ${o.out} and ${binaryPathFor(o.out)}.${dynamicsFiles.length ? ` Dynamics: ${dynamicsFiles.join(", ")}` : ""}\n`,
      );
      if (summary.skippedUnlabelled) log(ctx, `${summary.skippedUnlabelled} unlabelled rows were not used.`);
      log(ctx, `Next: vox predict ${o.out} NEW_DATA --out probs.npy`);
    });
}
