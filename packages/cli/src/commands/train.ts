import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  type AnnealedLoss,
  accuracy,
  argmaxRows,
  cartographyRecords,
  coTeaching,
  createLearner,
  createLoss,
  DynamicsRecorder,
  type EpochHook,
  type LearnerSpec,
  type LossFunction,
  type LossSpec,
  logLoss,
  type Matrix,
  noiseTransition,
  predictProba,
  pruneLowConfidence,
  temperatureScaling,
} from "@vox/core";
import { binaryPathFor, writeFileAtomic, writeMatrix } from "@vox/io";
import type { Command } from "commander";
import { type CliContext, fmt, intOption, log, printJson, table, UsageError } from "../context.js";
import {
  addFeatureOptions,
  addModelOptions,
  checkAborted,
  crossValidate,
  encodeLabels,
  type FeatureCliOptions,
  type FitReport,
  featureSpec,
  fitFeatures,
  fitModel,
  type LoadedData,
  learnerSpec,
  loadData,
  type ModelCliOptions,
  savePipeline,
} from "../learning.js";
import {
  addRobustOptions,
  checkRobustOptions,
  lossSpecFrom,
  matrixRows,
  noiseTableRows,
  type RobustCliOptions,
  readNoiseMatrix,
  robustActive,
} from "../robustOptions.js";

/** The learner spec with a loss in its options (logreg and mlp; the others have no loss). */
function withLoss(spec: LearnerSpec, loss: LossSpec | LossFunction): LearnerSpec {
  if (spec.model === "logreg") return { model: "logreg", options: { ...spec.options, loss } };
  if (spec.model === "mlp") return { model: "mlp", options: { ...spec.options, loss } };
  return spec;
}

interface TrainOptions extends FeatureCliOptions, ModelCliOptions, RobustCliOptions {
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
        "DIR/training_dynamics/dynamics_epoch_E.jsonl in the cartography format (data maps, AUM, forgetting).\n" +
        "Noisy labels: --loss gce|mae|sce|forward, --label-smoothing, --co-teaching, --noisy-label-annealing\n" +
        "(docs/models.md, 'Training on noisy labels'); forward correction takes --noise-matrix FILE or\n" +
        "--estimate-noise (confident learning on out-of-fold probabilities).",
    )
    .argument("<data>", "the dataset (see docs/formats.md, 'Datasets for learning')")
    .requiredOption("--out <file>", "model file to write (.json; the arrays go to the .bin beside it)")
    .option("--seed <n>", "random seed", intOption("--seed"), 0)
    .option("--calibrate", "fit a softmax temperature on out-of-fold predictions")
    .option("--folds <k>", "folds for --calibrate", intOption("--folds", { min: 2, max: 1000 }), 5)
    .option("--dynamics <dir>", "write per-epoch training dynamics (cartography format) into this folder");
  addRobustOptions(addModelOptions(addFeatureOptions(cmd)))
    .option("--json", "print JSON on stdout")
    .action(async (data: string, o: TrainOptions) => {
      if (!o.out.toLowerCase().endsWith(".json"))
        throw new UsageError(`--out must end in .json (got ${o.out})`);
      const spec = learnerSpec(o);
      checkRobustOptions(o, { kind: o.model, solver: o.solver, calibrate: o.calibrate === true });
      const epochBased =
        o.model === "mlp" || (o.model === "logreg" && o.solver === "minibatch") || o.coTeaching === true;
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
      const onEpoch: EpochHook = recorder
        ? (info) => {
            recorder.hook(info);
            return progress(info);
          }
        : progress;
      // The labelled rows only, for cross-validation (noise estimation, calibration).
      const cvData = (): LoadedData => {
        const d = { ...loaded, ids, labels: rows.map((i) => loaded.labels![i]!) } as LoadedData;
        if (loaded.texts) d.texts = rows.map((i) => loaded.texts![i]!);
        if (loaded.matrix) d.matrix = features.x as Matrix;
        return d;
      };
      let noise: { source: string; transition: Matrix; noiseRate: number } | undefined;
      if (o.noiseMatrix) {
        const transition = await readNoiseMatrix(o.noiseMatrix, classes);
        // Expected share of wrong labels if the observed class shares were the true ones.
        const k = classes.length;
        const share = new Float64Array(k);
        for (const c of y) share[c]! += 1 / y.length;
        let noiseRate = 0;
        for (let j = 0; j < k; j++) noiseRate += share[j]! * (1 - transition.data[j * k + j]!);
        noise = { source: o.noiseMatrix, transition, noiseRate };
      } else if (o.estimateNoise) {
        log(
          ctx,
          `estimating the noise matrix from ${o.folds}-fold out-of-fold probabilities (confident learning)`,
        );
        const cv = await crossValidate(cvData(), y, {
          spec: featureSpec(o),
          learner: spec,
          folds: o.folds,
          seed: o.seed,
          classes: classes.length,
          ctx,
        });
        checkAborted(ctx, o.out);
        const est = noiseTransition(y, cv.probs);
        noise = {
          source: "estimated (confident learning)",
          transition: est.transition,
          noiseRate: est.noiseRate,
        };
      }
      if (noise && o.noiseOut) await writeMatrix(o.noiseOut, noise.transition, { header: classes });
      const lossSpec = lossSpecFrom(o, noise?.transition);
      const lossFn = lossSpec ? createLoss(lossSpec, classes.length) : undefined;
      const recordSpec = lossSpec ? withLoss(spec, lossSpec) : spec;
      const fitSpec = lossFn ? withLoss(spec, lossFn) : spec;
      let fit: FitReport;
      let robustFit: Record<string, unknown> = {};
      let forgetRate: number | undefined;
      if (o.coTeaching) {
        const mlpModel = o.model === "mlp";
        const settings = {
          forgetRate: o.forgetRate ?? noise?.noiseRate ?? 0.2,
          gradualEpochs: o.gradualEpochs ?? 10,
          epochs: o.epochs ?? 30,
          batchSize: o.batchSize ?? 128,
          learningRate: o.learningRate ?? (mlpModel ? 0.001 : 0.01),
          weightDecay: mlpModel ? o.weightDecay : 1 / (o.C * y.length),
          perClass: o.perClassSelection === true,
        };
        const r = coTeaching(features.x, y, {
          ...settings,
          classes: classes.length,
          hidden: mlpModel ? o.hidden : [],
          dropout: mlpModel ? o.dropout : 0,
          ...(lossFn ? { loss: lossFn } : {}),
          seed: o.seed,
          onEpoch,
        });
        fit = { model: r.model, iterations: r.iterations, converged: r.converged };
        let kept = 0;
        for (const s of r.selected) kept += s;
        robustFit = { coTeaching: { ...settings, keptInLastEpoch: kept } };
        forgetRate = settings.forgetRate;
      } else if (o.truncate !== undefined) {
        const r = pruneLowConfidence(features.x, y, {
          learner: createLearner(fitSpec),
          threshold: o.truncate,
          rounds: o.pruneRounds ?? 2,
          classes: classes.length,
          seed: o.seed,
        });
        fit = { model: r.model, iterations: r.iterations, converged: r.converged };
        robustFit = { truncation: { threshold: o.truncate, fits: r.iterations, kept: r.keptTrace } };
      } else {
        fit = fitModel(
          fitSpec,
          { x: features.x, y },
          { classes: classes.length, seed: o.seed, onEpoch, shouldStop: () => ctx.signal.aborted },
        );
      }
      if (lossSpec?.kind === "nla") robustFit.noisyLabelAnnealing = { ...(lossFn as AnnealedLoss).stats };
      if (tty && epochBased) ctx.stderr.write("\n");
      checkAborted(ctx, o.out);
      const robust = robustActive(o)
        ? {
            loss: lossSpec ?? { kind: "ce" },
            ...(noise
              ? {
                  noise: {
                    source: noise.source,
                    noiseRate: noise.noiseRate,
                    transition: matrixRows(noise.transition),
                    ...(o.noiseOut ? { out: o.noiseOut } : {}),
                  },
                }
              : {}),
            ...robustFit,
          }
        : undefined;
      let calibration: { temperature: number; before: number; after: number } | undefined;
      if (o.calibrate) {
        const cv = await crossValidate(cvData(), y, {
          spec: featureSpec(o),
          learner: recordSpec,
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
        model: recordSpec,
        features: o.features,
        seed: o.seed,
        ...(fit.iterations !== undefined ? { iterations: fit.iterations, converged: fit.converged } : {}),
        ...(robust ? { robust } : {}),
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
        model: recordSpec,
        features: { spec: o.features, columns: features.x.cols },
        ...(fit.iterations !== undefined ? { iterations: fit.iterations, converged: fit.converged } : {}),
        trainingAccuracy: accuracy(y, argmaxRows(p)),
        trainingLogLoss: logLoss(y, p),
        ...(calibration ? { calibration } : {}),
        ...(robust ? { robust } : {}),
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
      if (robust) {
        const what = [
          `loss ${lossSpec ? describeLoss(lossSpec) : "cross-entropy"}`,
          ...(forgetRate !== undefined ? [`co-teaching (forget rate ${fmt(forgetRate)})`] : []),
          ...(o.truncate !== undefined ? [`truncated at ${o.truncate} (${fit.iterations} fits)`] : []),
        ];
        ctx.stdout.write(`\nNoise-robust training: ${what.join(", ")}.\n`);
        if (noise) {
          ctx.stdout.write(
            `Noise matrix P(observed | true), ${noise.source}; expected noise rate ${fmt(noise.noiseRate)}:\n`,
          );
          ctx.stdout.write(
            table(["true \\ observed", ...classes], noiseTableRows(noise.transition, classes)),
          );
        }
      }
      ctx.stdout.write(
        `\nWrote ${o.out} and ${binaryPathFor(o.out)}.${dynamicsFiles.length ? ` Dynamics: ${dynamicsFiles.join(", ")}` : ""}\n`,
      );
      if (summary.skippedUnlabelled) log(ctx, `${summary.skippedUnlabelled} unlabelled rows were not used.`);
      log(ctx, `Next: vox predict ${o.out} NEW_DATA --out probs.npy`);
    });
}

/** A loss spec in words, for the terminal. */
function describeLoss(spec: LossSpec): string {
  switch (spec.kind) {
    case "ce":
      return "cross-entropy";
    case "gce":
      return `generalized cross-entropy (q = ${spec.q ?? 0.7})`;
    case "mae":
      return "mean absolute error";
    case "sce":
      return `symmetric cross-entropy (α = ${spec.alpha ?? 0.1}, β = ${spec.beta ?? 1})`;
    case "forward":
      return "forward-corrected cross-entropy";
    case "smoothing":
      return `label smoothing (ε = ${spec.epsilon ?? 0.1})`;
    case "nla":
      return `${describeLoss(spec.base ?? { kind: "ce" })} with noisy label annealing`;
  }
}
