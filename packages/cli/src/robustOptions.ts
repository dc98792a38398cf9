// Noise-robust training flags of `vox train`: the loss, the noise transition matrix (read or estimated), label
// smoothing, truncation, co-teaching and noisy label annealing. Parsing and checks live here; train.ts runs them.
import { checkTransition, type LossSpec, type Matrix } from "@vox/core";
import { readMatrix, VoxIoError } from "@vox/io";
import type { Command } from "commander";
import { choiceOption, fmt, intOption, numberOption, UsageError } from "./context.js";

/** The robust-training losses `--loss` offers. */
export const CLI_LOSSES = ["ce", "gce", "mae", "sce", "forward"] as const;

/** Flags of the robust-training options. */
export interface RobustCliOptions {
  loss: (typeof CLI_LOSSES)[number];
  q?: number;
  truncate?: number;
  pruneRounds?: number;
  sceAlpha?: number;
  sceBeta?: number;
  noiseMatrix?: string;
  estimateNoise?: boolean;
  noiseOut?: string;
  labelSmoothing?: number;
  coTeaching?: boolean;
  forgetRate?: number;
  gradualEpochs?: number;
  perClassSelection?: boolean;
  noisyLabelAnnealing?: boolean;
}

/** Adds the noise-robust training options (see docs/models.md, "Training on noisy labels"). */
export function addRobustOptions(cmd: Command): Command {
  return cmd
    .option(
      "--loss <kind>",
      "ce (cross-entropy), gce (generalized CE), mae, sce (symmetric CE) or forward (noise-corrected CE)",
      choiceOption("--loss", CLI_LOSSES),
      "ce",
    )
    .option("--q <q>", "gce: q in (0, 1] (default 0.7)", numberOption("--q", { min: 1e-6, max: 1 }))
    .option(
      "--truncate <k>",
      "gce: truncated loss: drop rows whose own-label probability is ≤ k and refit",
      numberOption("--truncate", { min: 0, max: 1 }),
    )
    .option(
      "--prune-rounds <n>",
      "with --truncate: refits at most (default 2)",
      intOption("--prune-rounds", { min: 1, max: 100 }),
    )
    .option(
      "--sce-alpha <a>",
      "sce: weight of cross-entropy (default 0.1)",
      numberOption("--sce-alpha", { min: 0 }),
    )
    .option(
      "--sce-beta <b>",
      "sce: weight of reverse cross-entropy (default 1)",
      numberOption("--sce-beta", { min: 0 }),
    )
    .option(
      "--noise-matrix <file>",
      "forward / co-teaching: P(observed | true) as a K×K CSV/TSV/.npy, rows = true classes (docs/formats.md)",
    )
    .option(
      "--estimate-noise",
      "forward / co-teaching: estimate the noise matrix by confident learning on out-of-fold probabilities (--folds)",
    )
    .option("--noise-out <file>", "write the noise matrix used (read or estimated) as CSV with class names")
    .option(
      "--label-smoothing <e>",
      "cross-entropy against (1 − e)·label + e/K",
      numberOption("--label-smoothing", { min: 0, max: 0.999 }),
    )
    .option("--co-teaching", "train two networks that pick small-loss rows for each other (Han et al. 2018)")
    .option(
      "--forget-rate <r>",
      "co-teaching: share of each batch finally dropped (default: the noise rate of the noise matrix, else 0.2)",
      numberOption("--forget-rate", { min: 0, max: 0.99 }),
    )
    .option(
      "--gradual-epochs <n>",
      "co-teaching: epochs to ramp the forget rate up (default 10)",
      intOption("--gradual-epochs", { min: 1 }),
    )
    .option(
      "--per-class-selection",
      "co-teaching: keep the same share of every class of each batch (vox option, not in the paper)",
    )
    .option(
      "--noisy-label-annealing",
      "skip rows the model confidently contradicts, threshold annealed from 0.9 to 1/K (mlp or minibatch logreg)",
    );
}

/** The robust options that change anything (for errors and the summary). */
export function robustActive(o: RobustCliOptions): boolean {
  return (
    o.loss !== "ce" ||
    o.labelSmoothing !== undefined ||
    o.coTeaching === true ||
    o.noisyLabelAnnealing === true ||
    o.noiseMatrix !== undefined ||
    o.estimateNoise === true
  );
}

/** Checks the combinations of robust flags before any work is done. */
export function checkRobustOptions(
  o: RobustCliOptions,
  model: { kind: string; solver: string; calibrate: boolean },
): void {
  const only = (flag: string, cond: boolean, what: string) => {
    if (!cond) throw new UsageError(`${flag} applies to ${what}`);
  };
  if (robustActive(o) && model.kind !== "logreg" && model.kind !== "mlp")
    throw new UsageError(`noise-robust training needs --model logreg or mlp (got ${model.kind})`);
  only("--q", o.q === undefined || o.loss === "gce", "--loss gce");
  only("--truncate", o.truncate === undefined || o.loss === "gce", "--loss gce");
  only("--prune-rounds", o.pruneRounds === undefined || o.truncate !== undefined, "--truncate");
  only("--sce-alpha", o.sceAlpha === undefined || o.loss === "sce", "--loss sce");
  only("--sce-beta", o.sceBeta === undefined || o.loss === "sce", "--loss sce");
  only("--label-smoothing", o.labelSmoothing === undefined || o.loss === "ce", "--loss ce");
  only("--forget-rate", o.forgetRate === undefined || o.coTeaching === true, "--co-teaching");
  only("--gradual-epochs", o.gradualEpochs === undefined || o.coTeaching === true, "--co-teaching");
  only("--per-class-selection", !o.perClassSelection || o.coTeaching === true, "--co-teaching");
  if (o.sceAlpha === 0 && o.sceBeta === 0)
    throw new UsageError("--sce-alpha and --sce-beta must not both be 0");
  if (o.noiseMatrix && o.estimateNoise)
    throw new UsageError("give either --noise-matrix FILE or --estimate-noise, not both");
  const hasNoise = o.noiseMatrix !== undefined || o.estimateNoise === true;
  if (o.loss === "forward" && !hasNoise)
    throw new UsageError("--loss forward needs the noise matrix: --noise-matrix FILE or --estimate-noise");
  if (hasNoise && o.loss !== "forward" && !o.coTeaching)
    throw new UsageError("--noise-matrix and --estimate-noise are used by --loss forward or --co-teaching");
  only("--noise-out", o.noiseOut === undefined || hasNoise, "--noise-matrix or --estimate-noise");
  if (o.coTeaching && o.truncate !== undefined)
    throw new UsageError("--co-teaching and --truncate are two ways to drop rows: choose one");
  if (o.coTeaching && model.calibrate)
    throw new UsageError("--calibrate is not available with --co-teaching");
  if (o.noisyLabelAnnealing && model.kind === "logreg" && model.solver !== "minibatch" && !o.coTeaching)
    throw new UsageError(
      "--noisy-label-annealing needs training in minibatches: --model mlp or --solver minibatch",
    );
  if (o.noisyLabelAnnealing && o.truncate !== undefined)
    throw new UsageError("--noisy-label-annealing and --truncate are two ways to drop rows: choose one");
}

/** The loss the flags describe (undefined: plain cross-entropy, the model's default path). */
export function lossSpecFrom(o: RobustCliOptions, transition?: Matrix): LossSpec | undefined {
  let spec: LossSpec | undefined;
  switch (o.loss) {
    case "ce":
      spec = o.labelSmoothing !== undefined ? { kind: "smoothing", epsilon: o.labelSmoothing } : undefined;
      break;
    case "gce":
      spec = { kind: "gce", q: o.q ?? 0.7 };
      break;
    case "mae":
      spec = { kind: "mae" };
      break;
    case "sce":
      spec = { kind: "sce", alpha: o.sceAlpha ?? 0.1, beta: o.sceBeta ?? 1 };
      break;
    case "forward":
      if (!transition) throw new UsageError("--loss forward needs the noise matrix");
      spec = { kind: "forward", transition: matrixRows(transition) };
      break;
  }
  return o.noisyLabelAnnealing ? { kind: "nla", base: spec ?? { kind: "ce" } } : spec;
}

/** A matrix as nested arrays (for JSON). */
export function matrixRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

/**
 * Reads a noise transition matrix file: K×K, entry (i, j) = P(observed label j | true label i), rows summing to 1.
 * A CSV/TSV header names the classes of the columns (rows follow the same order) and may list them in any order;
 * without one (or in a .npy) the order is the training classes' order.
 */
export async function readNoiseMatrix(path: string, classes: readonly string[]): Promise<Matrix> {
  const k = classes.length;
  let { matrix, header } = await readMatrix(path);
  // Class names that are numbers ("0,1") look like data: a (K+1)×K file has them as its header.
  if (!header && matrix.rows === k + 1 && matrix.cols === k && !path.toLowerCase().endsWith(".npy"))
    ({ matrix, header } = await readMatrix(path, { header: true }));
  const firstLine = header ? 2 : 1;
  const csv = !path.toLowerCase().endsWith(".npy");
  if (matrix.rows !== k || matrix.cols !== k)
    throw new VoxIoError(
      "BAD_VALUE",
      { path },
      `the noise matrix must be ${k}×${k} for the ${k} classes (${classes.join(", ")}); found ${matrix.rows}×${matrix.cols}`,
    );
  let order = classes.map((_, i) => i);
  if (header) {
    const missing = classes.filter((c) => !header.includes(c));
    if (missing.length > 0 || new Set(header).size !== k)
      throw new VoxIoError(
        "BAD_VALUE",
        { path, line: 1 },
        `the header must name each class once (${classes.join(", ")}); got ${header.join(", ")}`,
      );
    order = classes.map((c) => header.indexOf(c));
  }
  const data = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) data[i * k + j] = matrix.data[order[i]! * k + order[j]!]!;
  try {
    return checkTransition({ rows: k, cols: k, data }, { classes: k });
  } catch (e) {
    const msg = (e as Error).message;
    const bad = /^(?:row |transition\[)(\d+)/.exec(msg);
    const i = bad ? Number(bad[1]) : undefined;
    const which = i === undefined ? "" : ` (true class ${JSON.stringify(classes[i])})`;
    throw new VoxIoError(
      "BAD_VALUE",
      { path, ...(csv && i !== undefined ? { line: firstLine + order[i]! } : {}), cause: e },
      `${msg}${which}; rows are true classes, columns observed ones, and each row sums to 1`,
    );
  }
}

/** The matrix as table rows for a terminal (true class, then P(observed = each class)). */
export function noiseTableRows(m: Matrix, classes: readonly string[]): (string | number)[][] {
  return classes.map((c, i) => [c, ...classes.map((_, j) => fmt(m.data[i * m.cols + j]!, 3))]);
}
