// Options and plumbing shared by the commands that learn from data (cv, train, predict, jury): reading a dataset,
// turning it into features, building a learner from flags, encoding labels, and saving/loading model files.
import {
  type CrossValidationResult,
  createLearner,
  crossValidatedProba,
  decodeModel,
  decodeVectorizer,
  type EpochHook,
  encodeModel,
  encodeVectorizer,
  type Features,
  fitHashing,
  fitTfidf,
  type HashingOptions,
  knn,
  type LearnerSpec,
  type Matrix,
  type Model,
  mlp,
  multinomialNaiveBayes,
  type StorableModel,
  softmaxRegression,
  type TfidfOptions,
  transformHashing,
  transformTfidf,
  type Vectorizer,
} from "@vox/core";
import {
  type Dataset,
  readDataset,
  readLabels,
  readMatrix,
  readModelFile,
  VoxIoError,
  writeModelFile,
} from "@vox/io";
import type { Command } from "commander";
import { type CliContext, choiceOption, intOption, numberOption, UsageError } from "./context.js";
import { VERSION } from "./program.js";

/** Flags of the data and feature options. */
export interface FeatureCliOptions {
  features: string;
  labels?: string;
  idColumn?: string;
  textColumn?: string;
  labelColumn?: string;
  analyzer: "word" | "char" | "char_wb";
  ngram: [number, number];
  minDf: number;
  maxDf: number;
  maxFeatures?: number;
  sublinearTf?: boolean;
  hashBits: number;
}

/** Flags of the model options. */
export interface ModelCliOptions {
  model: "logreg" | "mlp" | "knn" | "nb";
  C: number;
  solver: "auto" | "lbfgs" | "minibatch";
  hidden: number[];
  epochs?: number;
  dropout: number;
  weightDecay: number;
  learningRate?: number;
  batchSize?: number;
  k: number;
  metric: "cosine" | "euclidean";
  alpha: number;
}

/**
 * Feature sources that other packages add (part of the CLI's public surface): `--features NAME:ARG` calls
 * `featureProviders[NAME](ARG, texts, ctx)`. `embed` (sentence embeddings from a local model folder) is registered
 * by @vox/accel's wiring when it is installed.
 */
export const featureProviders: Record<
  string,
  (arg: string, texts: readonly string[], ctx: CliContext) => Promise<Matrix>
> = {};

/** Parses "N" or "MIN,MAX" (1 ≤ MIN ≤ MAX), or throws a UsageError naming the option. */
export function rangeOption(name: string): (v: string) => [number, number] {
  return (v) => {
    const m = /^\s*(\d+)\s*(?:[,:-]\s*(\d+))?\s*$/.exec(v);
    const lo = Number(m?.[1]);
    const hi = Number(m?.[2] ?? m?.[1]);
    if (!m || lo < 1 || hi < lo)
      throw new UsageError(`${name} must be N or MIN,MAX with 1 ≤ MIN ≤ MAX (got ${JSON.stringify(v)})`);
    return [lo, hi];
  };
}

function listOption(name: string): (v: string) => number[] {
  return (v) => {
    const parts = v.split(",").map((s) => s.trim());
    const out = parts.map((p) => Number(p));
    if (parts.length < 1 || parts.length > 2 || out.some((n) => !Number.isInteger(n) || n < 1))
      throw new UsageError(
        `${name} must be one or two positive integers, comma-separated (got ${JSON.stringify(v)})`,
      );
    return out;
  };
}

/** Adds the options that say where rows, texts and labels come from and how texts become features. */
export function addFeatureOptions(cmd: Command, defaultFeatures = "tfidf"): Command {
  return cmd
    .option(
      "--features <spec>",
      "tfidf, hashing, npy:FILE (rows aligned with DATA) or embed:DIR (sentence embeddings; needs @vox/accel)",
      defaultFeatures,
    )
    .option("--labels <file>", "labels when DATA is a features .npy: one label per line, or an integer .npy")
    .option("--id-column <name>", "DATA column holding the row id (default: id, item, guid, …)")
    .option("--text-column <name>", "DATA column holding the text (default: text, sentence, document, …)")
    .option("--label-column <name>", "DATA column holding the label (default: label, class, category, …)")
    .option(
      "--analyzer <kind>",
      "text features from word, char or char_wb n-grams",
      choiceOption("--analyzer", ["word", "char", "char_wb"] as const),
      "word",
    )
    .option("--ngram <min,max>", "n-gram lengths", rangeOption("--ngram"), [1, 1])
    .option(
      "--min-df <n>",
      "drop terms in fewer documents (integer count, or a share below 1)",
      numberOption("--min-df", { min: 0 }),
      1,
    )
    .option(
      "--max-df <x>",
      "drop terms in more documents (a share up to 1, or an integer count)",
      numberOption("--max-df", { min: 0 }),
      1,
    )
    .option(
      "--max-features <n>",
      "keep the most frequent terms only",
      intOption("--max-features", { min: 1 }),
    )
    .option("--sublinear-tf", "use 1 + ln(tf) instead of tf")
    .option(
      "--hash-bits <b>",
      "feature hashing: 2^b columns",
      intOption("--hash-bits", { min: 4, max: 30 }),
      20,
    );
}

/** Adds the options that choose and tune the model. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .option(
      "--model <kind>",
      "logreg (softmax regression), mlp, knn or nb (multinomial naive Bayes)",
      choiceOption("--model", ["logreg", "mlp", "knn", "nb"] as const),
      "logreg",
    )
    .option(
      "--C <c>",
      "logreg: inverse L2 strength (scikit-learn's C)",
      numberOption("--C", { min: 1e-12 }),
      1,
    )
    .option(
      "--solver <s>",
      "logreg: lbfgs (exact), minibatch (large data) or auto",
      choiceOption("--solver", ["auto", "lbfgs", "minibatch"] as const),
      "auto",
    )
    .option("--hidden <sizes>", "mlp: hidden layer sizes, e.g. 100 or 256,64", listOption("--hidden"), [100])
    .option(
      "--epochs <n>",
      "mlp and minibatch logreg: maximum passes over the data",
      intOption("--epochs", { min: 1 }),
    )
    .option(
      "--dropout <p>",
      "mlp: dropout probability",
      numberOption("--dropout", { min: 0, max: 0.95 }),
      0.1,
    )
    .option(
      "--weight-decay <l>",
      "mlp: L2 penalty on the weights",
      numberOption("--weight-decay", { min: 0 }),
      1e-4,
    )
    .option(
      "--learning-rate <r>",
      "mlp and minibatch logreg: Adam step size",
      numberOption("--learning-rate", { min: 1e-12 }),
    )
    .option(
      "--batch-size <n>",
      "mlp and minibatch logreg: rows per step",
      intOption("--batch-size", { min: 1 }),
    )
    .option("--k <n>", "knn: neighbours", intOption("--k", { min: 1 }), 5)
    .option(
      "--metric <m>",
      "knn: cosine or euclidean",
      choiceOption("--metric", ["cosine", "euclidean"] as const),
      "cosine",
    )
    .option("--alpha <a>", "nb: additive smoothing", numberOption("--alpha", { min: 0 }), 1);
}

/** The learner the model flags describe. */
export function learnerSpec(o: ModelCliOptions): LearnerSpec {
  const common = {
    ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
    ...(o.learningRate !== undefined ? { learningRate: o.learningRate } : {}),
    ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
  };
  switch (o.model) {
    case "logreg":
      return { model: "logreg", options: { C: o.C, solver: o.solver, ...common } };
    case "mlp":
      return {
        model: "mlp",
        options: { hidden: o.hidden, dropout: o.dropout, weightDecay: o.weightDecay, ...common },
      };
    case "knn":
      return { model: "knn", options: { k: o.k, metric: o.metric } };
    case "nb":
      return { model: "nb", options: { alpha: o.alpha } };
  }
}

/** How features are made: fitted from text (tfidf, hashing), read from a .npy, or from a provider. */
export type FeatureSpec =
  | { kind: "tfidf"; options: TfidfOptions }
  | { kind: "hashing"; options: HashingOptions }
  | { kind: "npy"; path: string }
  | { kind: "provider"; name: string; arg: string };

/** Parses --features and the text-feature flags. */
export function featureSpec(o: FeatureCliOptions): FeatureSpec {
  const analyzer = { analyzer: o.analyzer, ngramRange: o.ngram, sublinearTf: o.sublinearTf ?? false };
  const colon = o.features.indexOf(":");
  const name = colon < 0 ? o.features : o.features.slice(0, colon);
  const arg = colon < 0 ? "" : o.features.slice(colon + 1);
  switch (name) {
    case "tfidf":
      return {
        kind: "tfidf",
        options: {
          ...analyzer,
          minDf: o.minDf,
          maxDf: o.maxDf,
          ...(o.maxFeatures ? { maxFeatures: o.maxFeatures } : {}),
        },
      };
    case "hashing":
      return { kind: "hashing", options: { ...analyzer, features: 2 ** o.hashBits } };
    case "npy":
      if (!arg) throw new UsageError("--features npy:FILE needs the .npy file (e.g. --features npy:X.npy)");
      return { kind: "npy", path: arg };
    default:
      if (featureProviders[name]) return { kind: "provider", name, arg };
      if (name === "embed")
        throw new UsageError(
          "--features embed:DIR needs @vox/accel embeddings, which this vox does not have; use tfidf, hashing or npy:FILE",
        );
      throw new UsageError(
        `--features must be tfidf, hashing, npy:FILE or embed:DIR (got ${JSON.stringify(o.features)})`,
      );
  }
}

/** Rows to learn from: ids, texts (when the features come from text), labels, and precomputed features. */
export interface LoadedData {
  path: string;
  ids: string[];
  texts?: string[];
  labels?: string[];
  /** The file the labels came from (DATA, or --labels FILE). */
  labelsPath?: string;
  /** Features read from a .npy (DATA itself, or --features npy:FILE). */
  matrix?: Matrix;
  dataset?: Dataset;
}

/**
 * Reads DATA: a dataset (JSONL, CSV/TSV with a header, or label<TAB>text), or a features .npy with --labels.
 * With --features npy:FILE, FILE's rows must match DATA's.
 */
export async function loadData(path: string, o: FeatureCliOptions, ctx: CliContext): Promise<LoadedData> {
  const io = { progress: ctx.stderr, signal: ctx.signal };
  const spec = featureSpec(o);
  if (path.toLowerCase().endsWith(".npy")) {
    if (spec.kind !== "npy" && o.features !== "tfidf")
      throw new UsageError(`DATA is a features .npy, so --features ${o.features} does not apply`);
    const { matrix } = await readMatrix(path, io);
    const labels = o.labels
      ? (await readLabels(o.labels, { ...io, allowUnlabelled: true })).labels
      : undefined;
    if (labels && labels.length !== matrix.rows)
      throw new VoxIoError(
        "BAD_VALUE",
        { path: o.labels! },
        `${labels.length} labels for ${matrix.rows} rows of ${path}`,
      );
    const ids = Array.from({ length: matrix.rows }, (_, i) => String(i + 1));
    return { path, ids, matrix, ...(labels ? { labels, labelsPath: o.labels } : {}) };
  }
  const dataset = await readDataset(path, {
    ...io,
    columns: { id: o.idColumn, text: o.textColumn, label: o.labelColumn },
    requireText: spec.kind !== "npy",
  });
  const out: LoadedData = { path, ids: dataset.ids, dataset };
  if (dataset.texts) out.texts = dataset.texts;
  if (dataset.labels) {
    out.labels = dataset.labels;
    out.labelsPath = path;
  }
  if (o.labels) {
    const { labels } = await readLabels(o.labels, { ...io, allowUnlabelled: true });
    if (labels.length !== dataset.ids.length)
      throw new VoxIoError(
        "BAD_VALUE",
        { path: o.labels },
        `${labels.length} labels for ${dataset.ids.length} rows of ${path}`,
      );
    out.labels = labels;
    out.labelsPath = o.labels;
  }
  if (spec.kind === "npy") {
    const { matrix } = await readMatrix(spec.path, io);
    if (matrix.rows !== dataset.ids.length)
      throw new VoxIoError(
        "BAD_VALUE",
        { path: spec.path },
        `${matrix.rows} rows of features for ${dataset.ids.length} rows of ${path}`,
      );
    out.matrix = matrix;
  }
  return out;
}

/** Fitted features: the matrix and, for text features, the vectorizer that makes them again for new rows. */
export interface FittedFeatures {
  x: Features;
  vectorizer?: Vectorizer;
  /** For saved models: how to make the same features again ("npy" and providers need the same kind of input). */
  source: { kind: FeatureSpec["kind"]; name?: string; arg?: string };
}

/** Makes features for the given rows of the data (all rows by default), fitting a vectorizer when needed. */
export async function fitFeatures(
  spec: FeatureSpec,
  data: LoadedData,
  p: { rows?: ArrayLike<number>; ctx: CliContext },
): Promise<FittedFeatures> {
  const pick = <T>(all: readonly T[]) =>
    p.rows ? Array.from(p.rows as ArrayLike<number>, (i) => all[i]!) : [...all];
  if (data.matrix) {
    const m = data.matrix;
    if (!p.rows) return { x: m, source: { kind: "npy" } };
    const rows = p.rows;
    const out = new Float64Array(rows.length * m.cols);
    for (let t = 0; t < rows.length; t++)
      out.set(m.data.subarray(rows[t]! * m.cols, (rows[t]! + 1) * m.cols), t * m.cols);
    return { x: { rows: rows.length, cols: m.cols, data: out }, source: { kind: "npy" } };
  }
  const texts = data.texts;
  if (!texts) throw new UsageError(`${data.path} has no text column to make ${spec.kind} features from`);
  switch (spec.kind) {
    case "tfidf": {
      const f = fitTfidf(pick(texts), spec.options);
      return { x: f.matrix, vectorizer: f.vectorizer, source: { kind: "tfidf" } };
    }
    case "hashing": {
      const f = fitHashing(pick(texts), spec.options);
      return { x: f.matrix, vectorizer: f.vectorizer, source: { kind: "hashing" } };
    }
    case "provider": {
      const m = await featureProviders[spec.name]!(spec.arg, pick(texts), p.ctx);
      return { x: m, source: { kind: "provider", name: spec.name, arg: spec.arg } };
    }
    case "npy":
      throw new UsageError("internal: npy features without a matrix");
  }
}

/** Features for new rows with a fitted vectorizer (or the rows' own .npy/provider features). */
export async function transformFeatures(
  fitted: Pick<FittedFeatures, "vectorizer" | "source">,
  data: LoadedData,
  ctx: CliContext,
): Promise<Features> {
  if (fitted.vectorizer) {
    if (!data.texts)
      throw new UsageError(`the model makes features from text, but ${data.path} has no text column`);
    return fitted.vectorizer.kind === "tfidf"
      ? transformTfidf(fitted.vectorizer, data.texts)
      : transformHashing(fitted.vectorizer, data.texts);
  }
  if (fitted.source.kind === "provider") {
    const provider = featureProviders[fitted.source.name ?? ""];
    if (!provider || !data.texts)
      throw new UsageError(
        `the model was trained on --features ${fitted.source.name}:…, which this vox cannot make`,
      );
    return provider(fitted.source.arg ?? "", data.texts, ctx);
  }
  if (!data.matrix)
    throw new UsageError(
      "the model was trained on .npy features: give a features .npy (DATA.npy, or --features npy:FILE)",
    );
  return data.matrix;
}

/** Labels as class codes: classes in numeric order when every label is a number, else in code-point order. */
export function encodeLabels(
  labels: readonly string[],
  known?: readonly string[],
): { codes: Int32Array; classes: string[] } {
  let classes = known ? [...known] : [...new Set(labels.filter((l) => l !== ""))];
  if (!known) {
    const numeric = classes.every((c) => c.trim() !== "" && Number.isFinite(Number(c)));
    classes = numeric
      ? classes.sort((a, b) => Number(a) - Number(b))
      : classes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) codes[i] = labels[i] === "" ? -1 : (index.get(labels[i]!) ?? -2);
  return { codes, classes };
}

/** Every row labelled, or a VoxIoError naming the first unlabelled row's line. */
export async function requireLabels(data: LoadedData, what: string): Promise<string[]> {
  if (!data.labels)
    throw new UsageError(
      `${what} needs labels: ${data.path} has no label column${data.matrix ? " (give --labels FILE)" : ""}`,
    );
  const missing = data.labels.indexOf("");
  if (missing >= 0) {
    const fromData = data.labelsPath === data.path && data.dataset;
    const line = fromData ? (await data.dataset!.locate([missing]))[0] : missing + 1;
    const column = fromData ? data.dataset!.columns.label : undefined;
    throw new VoxIoError(
      "BAD_VALUE",
      { path: data.labelsPath ?? data.path, line, column },
      `${what} needs a label on every row`,
    );
  }
  return data.labels;
}

/** A trained pipeline as stored in a model file. */
export interface Pipeline {
  model: StorableModel;
  classes: string[];
  features: Pick<FittedFeatures, "vectorizer" | "source">;
  /** Temperature from `--calibrate` (1 when not calibrated). */
  temperature: number;
  /** What it was trained with (for people reading the file). */
  training: Record<string, unknown>;
  /** Rater names, for a multi-annotator model. */
  raters?: string[];
}

/** Writes a pipeline as a versioned model file (NAME.json + NAME.bin). */
export async function savePipeline(path: string, p: Pipeline): Promise<void> {
  const model = encodeModel(p.model);
  const features = p.features.vectorizer ? encodeVectorizer(p.features.vectorizer) : undefined;
  await writeModelFile(path, {
    meta: {
      vox: VERSION,
      classes: p.classes,
      temperature: p.temperature,
      training: p.training,
      features: { source: p.features.source, ...(features ? { vectorizer: features.meta } : {}) },
      model: model.meta,
      ...(p.raters ? { raters: p.raters } : {}),
    },
    arrays: { ...model.arrays, ...(features?.arrays ?? {}) },
  });
}

/** Reads a pipeline; damaged content is a VoxIoError naming the file. */
export async function loadPipeline(path: string): Promise<Pipeline> {
  const { meta, arrays } = await readModelFile(path);
  try {
    const m = meta as Record<string, unknown>;
    const classes = m.classes;
    if (!Array.isArray(classes) || !classes.every((c) => typeof c === "string"))
      throw new RangeError("model file has no class names");
    const f = (m.features ?? {}) as { source?: FittedFeatures["source"]; vectorizer?: unknown };
    const vectorizer = f.vectorizer === undefined ? undefined : decodeVectorizer(f.vectorizer, arrays);
    const model = decodeModel(m.model, arrays);
    if (model.classes !== classes.length)
      throw new RangeError(`model: ${model.classes} outputs for ${classes.length} class names`);
    return {
      model,
      classes,
      features: { source: f.source ?? { kind: "npy" }, ...(vectorizer ? { vectorizer } : {}) },
      temperature: typeof m.temperature === "number" ? m.temperature : 1,
      training: (m.training ?? {}) as Record<string, unknown>,
      ...(Array.isArray(m.raters) ? { raters: m.raters as string[] } : {}),
    };
  } catch (e) {
    if (e instanceof VoxIoError) throw e;
    throw new VoxIoError("BAD_VALUE", { path, cause: e }, (e as Error).message);
  }
}

/** Throws the CLI's "interrupted" error when Ctrl-C was pressed (outputs are not written). */
export function checkAborted(ctx: CliContext, path: string): void {
  if (ctx.signal.aborted) throw new VoxIoError("ABORTED", { path }, "interrupted");
}

/** Makes the features of a training and a held-out set of rows. */
export type FoldFeatures = (train: Int32Array, test: Int32Array) => { train: Features; test: Features };

/**
 * For text features (tfidf, hashing): features of a split with the vocabulary learned on its training rows only
 * (so held-out rows stay unseen). Undefined for features made once for all rows (npy, providers).
 */
export function foldFeatures(data: LoadedData, spec: FeatureSpec): FoldFeatures | undefined {
  const texts = data.texts;
  if (data.matrix || !texts || (spec.kind !== "tfidf" && spec.kind !== "hashing")) return undefined;
  const pick = (rows: Int32Array) => Array.from(rows, (i) => texts[i]!);
  return (train, test) => {
    if (spec.kind === "tfidf") {
      const f = fitTfidf(pick(train), spec.options);
      return { train: f.matrix, test: transformTfidf(f.vectorizer, pick(test)) };
    }
    const f = fitHashing(pick(train), spec.options);
    return { train: f.matrix, test: transformHashing(f.vectorizer, pick(test)) };
  };
}

/**
 * Stratified k-fold out-of-fold probabilities for the CLI: text features (tfidf, hashing) are fitted on each fold's
 * training rows only; other features are made once. Progress on a terminal; Ctrl-C stops after the current fold.
 */
export async function crossValidate(
  data: LoadedData,
  y: Int32Array,
  p: {
    spec: FeatureSpec;
    learner: LearnerSpec;
    folds: number;
    seed: number;
    classes: number;
    ctx: CliContext;
  },
): Promise<CrossValidationResult> {
  const { spec, ctx } = p;
  const featuresFor = foldFeatures(data, spec);
  // Never read when featuresFor makes every fold's features.
  const x: Features = featuresFor
    ? { rows: y.length, cols: 0, data: new Float64Array(0) }
    : (await fitFeatures(spec, data, { ctx })).x;
  const tty = ctx.stderr.isTTY === true;
  return crossValidatedProba(x, y, {
    learner: createLearner(p.learner),
    folds: p.folds,
    classes: p.classes,
    seed: p.seed,
    ...(featuresFor ? { featuresFor } : {}),
    onFold: (f, k) => {
      if (tty) ctx.stderr.write(`\rfold ${f + 1}/${k}${f + 1 === k ? "\n" : ""}`);
      return ctx.signal.aborted;
    },
  });
}

/** What fitting one model reports, whatever its kind. */
export interface FitReport {
  model: Model;
  iterations?: number;
  converged?: boolean;
  /** Final objective (training loss with penalty), when the model has one. */
  objective?: number;
}

/** Fits the model a learner spec describes, with an epoch hook where the model has epochs. */
export function fitModel(
  spec: LearnerSpec,
  data: { x: Features; y: Int32Array },
  p: { classes: number; seed: number; onEpoch?: EpochHook; shouldStop?: () => boolean },
): FitReport {
  const { x, y } = data;
  const last = (o: number[]) => o[o.length - 1];
  switch (spec.model) {
    case "logreg": {
      const r = softmaxRegression(x, y, { ...spec.options, ...p });
      return {
        model: r.model,
        iterations: r.iterations,
        converged: r.converged,
        objective: last(r.objective)!,
      };
    }
    case "mlp": {
      const { shouldStop: _, ...rest } = p;
      const r = mlp(x, y, { ...spec.options, ...rest });
      return {
        model: r.model,
        iterations: r.iterations,
        converged: r.converged,
        objective: last(r.objective)!,
      };
    }
    case "knn":
      return { model: knn(x, y, { ...spec.options, classes: p.classes }).model };
    case "nb":
      return { model: multinomialNaiveBayes(x, y, { ...spec.options, classes: p.classes }).model };
  }
}
