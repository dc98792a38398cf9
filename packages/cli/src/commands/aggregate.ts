import {
  type AggregateResult,
  type Annotations,
  binaryRelevance,
  bradleyTerry,
  type CategoricalOptions,
  type Comparisons,
  categoricalAggregator,
  crowdBradleyTerry,
  dawidSkene,
  encodeGold,
  encodeMultiLabel,
  glad,
  goldMajorityVote,
  judgmentValues,
  kos,
  mace,
  majorityVote,
  type NumericAggregateResult,
  numericMean,
  numericMedian,
  numericTrimmedMean,
  oneCoinDawidSkene,
  parseNumber,
  type RankingResult,
  raterBiasPrecision,
  scoreLabels,
  scoreRanking,
  scoreValues,
  type TiePolicy,
  wawa,
  weightedMajorityVote,
  zeroBasedSkill,
} from "@vox/core";
import {
  type Cell,
  COLUMN_ALIASES,
  normalizeHeader,
  openTable,
  readAnnotations,
  readGold,
  readPairwise,
  VoxIoError,
  writeTable,
} from "@vox/io";
import type { Command } from "commander";
import {
  type AnnotationCliOptions,
  addAnnotationOptions,
  annotationReadOptions,
} from "../annotationOptions.js";
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

const CATEGORICAL = ["mv", "wmv", "wawa", "zbs", "ds", "onecoin", "glad", "mace", "kos"] as const;
const NUMERIC = ["mean", "median", "trimmed", "bias"] as const;
const PAIRWISE = ["bt", "noisybt"] as const;
const METHODS = [...CATEGORICAL, ...NUMERIC, ...PAIRWISE] as const;
type Method = (typeof METHODS)[number];
type CategoricalMethod = (typeof CATEGORICAL)[number];

interface AggregateOptions extends AnnotationCliOptions {
  method: Method;
  known?: string;
  eval?: string;
  out?: string;
  soft?: boolean;
  maxIter?: number;
  tol?: number;
  seed: number;
  ties: TiePolicy;
  weights?: string;
  smoothing?: number;
  restarts?: number;
  trim?: number;
  regularization?: number;
  multiLabel?: string;
  json?: boolean;
}

const TITLES: Record<Method, string> = {
  mv: "Majority vote",
  wmv: "Weighted majority vote",
  wawa: "Wawa",
  zbs: "Zero-Based Skill",
  ds: "Dawid–Skene",
  onecoin: "One-coin Dawid–Skene",
  glad: "GLAD",
  mace: "MACE",
  kos: "KOS",
  mean: "Mean",
  median: "Median",
  trimmed: "Trimmed mean",
  bias: "Rater bias/precision model",
  bt: "Bradley–Terry",
  noisybt: "Crowd-BT (noisy Bradley–Terry)",
};

/** `vox aggregate FILE --method M`: infer true labels (or values, or a ranking) from many noisy raters. */
export function registerAggregate(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("aggregate")
    .summary("infer true labels, values or rankings from noisy raters (MV, Dawid–Skene, GLAD, MACE, BT, …)")
    .description(
      "Aggregates judgments into one answer per item and says how reliable each rater looks.\n" +
        "Categorical: mv, wmv (needs --weights or --known), wawa, zbs, ds, onecoin, glad, mace, kos (two classes).\n" +
        "Numeric labels: mean, median, trimmed, bias (per-rater bias and precision by EM).\n" +
        "Pairwise preferences (rater,left,right,label): bt (Bradley–Terry), noisybt (Crowd-BT).\n" +
        "--out writes item,label,confidence[,p:<class>…] (numeric: item,value; pairwise: item,score,rank) as CSV,\n" +
        "TSV or JSONL by extension. --known clamps known labels; --eval scores against gold (accuracy and macro-F1,\n" +
        "MAE and RMSE, or Spearman's rho). See docs/aggregation.md for the methods and when to use each.",
    )
    .argument(
      "<file>",
      "judgments (item,rater,label) or, for bt/noisybt, comparisons (rater,left,right,label)",
    )
    .requiredOption("--method <method>", `one of ${METHODS.join(", ")}`, choiceOption("--method", METHODS))
    .option("--known <file>", "known labels (item,label) to clamp: categorical methods")
    .option(
      "--eval <file>",
      "gold (item,label) to score the result against; numbers for numeric and pairwise",
    )
    .option("--out <file>", "write the aggregated labels (.csv, .tsv or .jsonl)")
    .option("--soft", "with --out, add the posterior of every class (p:<class> columns)")
    .option("--max-iter <n>", "iteration cap of iterative methods", intOption("--max-iter", { min: 0 }))
    .option("--tol <x>", "convergence tolerance of iterative methods", numberOption("--tol", { min: 0 }))
    .option("--seed <n>", "random seed (tie-breaks, random starts)", intOption("--seed"), 0)
    .option(
      "--ties <policy>",
      "tied votes: random (seeded), first (first class), soft (leave undecided)",
      choiceOption("--ties", ["random", "first", "soft"] as const),
      "random",
    )
    .option("--weights <file>", "wmv: rater weights (rater,weight)")
    .option(
      "--smoothing <x>",
      "ds: Dirichlet pseudo-count per confusion cell",
      numberOption("--smoothing", { min: 0 }),
    )
    .option("--restarts <n>", "mace: random starts", intOption("--restarts", { min: 1 }))
    .option("--trim <x>", "trimmed: share cut from each end", numberOption("--trim", { min: 0, max: 0.49 }))
    .option(
      "--regularization <x>",
      "bt/noisybt: virtual wins and losses per item",
      numberOption("--regularization", { min: 0 }),
    )
    .option(
      "--multi-label <sep>",
      "labels are sets joined by SEP (e.g. '|'): aggregate each class on its own",
    );
  addAnnotationOptions(cmd)
    .option("--json", "print JSON on stdout")
    .action(async (file: string, o: AggregateOptions) => {
      checkCombination(o);
      if ((PAIRWISE as readonly string[]).includes(o.method)) return runPairwise(ctx, file, o);
      const read = await readAnnotations(file, annotationReadOptions(o, ctx));
      if ((NUMERIC as readonly string[]).includes(o.method))
        return runNumeric(ctx, read.annotations, { file, o });
      if (o.multiLabel !== undefined) return runMultiLabel(ctx, read.annotations, { file, o });
      return runCategorical(ctx, read.annotations, { file, o, fileGold: read.gold });
    });
}

function checkCombination(o: AggregateOptions): void {
  const categorical = (CATEGORICAL as readonly string[]).includes(o.method);
  if (o.known && !categorical)
    throw new UsageError(`--known applies to categorical methods, not ${o.method}`);
  if (o.soft && !categorical) throw new UsageError(`--soft applies to categorical methods, not ${o.method}`);
  if (o.multiLabel !== undefined && !categorical) {
    throw new UsageError(`--multi-label applies to categorical methods, not ${o.method}`);
  }
  if (o.multiLabel === "") throw new UsageError("--multi-label needs a separator, e.g. --multi-label '|'");
  const only: [keyof AggregateOptions, string, readonly string[]][] = [
    ["weights", "--weights", ["wmv"]],
    ["smoothing", "--smoothing", ["ds"]],
    ["restarts", "--restarts", ["mace"]],
    ["trim", "--trim", ["trimmed"]],
    ["regularization", "--regularization", ["bt", "noisybt"]],
  ];
  for (const [key, flag, methods] of only) {
    if (o[key] !== undefined && !methods.includes(o.method)) {
      throw new UsageError(`${flag} applies to --method ${methods.join(" or ")}, not ${o.method}`);
    }
  }
}

/** Common options for core from the CLI flags. */
function iterationFlags(o: AggregateOptions): { maxIterations?: number; tolerance?: number } {
  return {
    ...(o.maxIter !== undefined ? { maxIterations: o.maxIter } : {}),
    ...(o.tol !== undefined ? { tolerance: o.tol } : {}),
  };
}

/** Encodes gold/known files against the dataset, extending its class table with classes only they mention. */
async function alignGold(
  ctx: CliContext,
  a: Annotations,
  files: { known?: string | undefined; eval?: string | undefined; fileGold?: [string, string][] | undefined },
): Promise<{ a: Annotations; known?: Int32Array; truth?: Int32Array }> {
  let current = a;
  const encode = async (path: string, what: string) => {
    const g = encodeGold(current, (await readGold(path, { progress: ctx.stderr, signal: ctx.signal })).pairs);
    if (g.unmatchedItems.length) {
      log(ctx, `${path}: ${g.unmatchedItems.length} ${what} items have no judgments and are ignored`);
    }
    current = { ...current, classes: g.classes };
    return g.truth;
  };
  const known = files.known ? await encode(files.known, "known") : undefined;
  let truth = files.eval ? await encode(files.eval, "gold") : undefined;
  if (!truth && files.fileGold) {
    // A gold column inside the judgments file (Snow et al.'s layout) scores the result too.
    const g = encodeGold(current, files.fileGold);
    truth = g.truth;
    current = { ...current, classes: g.classes };
  }
  return { a: current, ...(known ? { known } : {}), ...(truth ? { truth } : {}) };
}

async function readWeights(ctx: CliContext, path: string, a: Annotations): Promise<Float64Array> {
  const t = await openTable(path, { progress: ctx.stderr, signal: ctx.signal });
  const names = t.header.map(normalizeHeader);
  const raterCol = names.findIndex((h) => (COLUMN_ALIASES.rater as readonly string[]).includes(h));
  const weightCol = names.findIndex((h) => ["weight", "skill", "score", "accuracy"].includes(h));
  if (raterCol < 0 || weightCol < 0) {
    throw new VoxIoError(
      "MISSING_COLUMN",
      { path, line: 1 },
      `expected a rater column and a weight column (e.g. rater,weight); the header has: ${t.header.join(", ")}`,
    );
  }
  const index = new Map(a.raters.map((r, k) => [r, k]));
  const weights = new Float64Array(a.raters.length).fill(Number.NaN);
  let row = 0;
  for await (const batch of t.batches) {
    for (const rec of batch) {
      const k = row++;
      const w = parseNumber(rec[weightCol]!);
      if (!(w >= 0)) {
        const [line] = await t.locate([k]);
        throw new VoxIoError(
          "BAD_VALUE",
          { path, line, column: t.header[weightCol] },
          `weight ${JSON.stringify(rec[weightCol])} is not a number ≥ 0`,
        );
      }
      const r = index.get(rec[raterCol]!.trim());
      if (r !== undefined) weights[r] = w;
    }
  }
  const missing = a.raters.filter((_, k) => Number.isNaN(weights[k]!));
  if (missing.length) {
    throw new UsageError(
      `${path}: no weight for ${missing.length} rater(s), e.g. ${JSON.stringify(missing[0])}; every rater needs one`,
    );
  }
  return weights;
}

async function fitCategorical(
  ctx: CliContext,
  method: CategoricalMethod,
  job: { a: Annotations; o: AggregateOptions; known: Int32Array | undefined },
): Promise<AggregateResult> {
  const { a, o, known } = job;
  const common: CategoricalOptions = { ...iterationFlags(o), seed: o.seed, ties: o.ties, known };
  switch (method) {
    case "mv":
      return majorityVote(a, common);
    case "wmv":
      if (o.weights)
        return weightedMajorityVote(a, { ...common, weights: await readWeights(ctx, o.weights, a) });
      if (known) return goldMajorityVote(a, common);
      throw new UsageError(
        "--method wmv needs --weights FILE (rater,weight) or --known FILE (gold majority vote)",
      );
    case "wawa":
      return wawa(a, common);
    case "zbs":
      return zeroBasedSkill(a, common);
    case "ds":
      return dawidSkene(a, { ...common, ...(o.smoothing !== undefined ? { smoothing: o.smoothing } : {}) });
    case "onecoin":
      return oneCoinDawidSkene(a, common);
    case "glad":
      return glad(a, common);
    case "mace":
      return mace(a, { ...common, ...(o.restarts !== undefined ? { restarts: o.restarts } : {}) });
    case "kos":
      if (a.classes.length > 2) {
        throw new UsageError(`--method kos is for two classes; this file has ${a.classes.length}`);
      }
      return kos(a, common);
  }
}

async function runCategorical(
  ctx: CliContext,
  data: Annotations,
  job: { file: string; o: AggregateOptions; fileGold: [string, string][] | undefined },
): Promise<void> {
  const { file, o } = job;
  const { a, known, truth } = await alignGold(ctx, data, {
    known: o.known,
    eval: o.eval,
    fileGold: job.fileGold,
  });
  const r = await fitCategorical(ctx, o.method as CategoricalMethod, { a, o, known });
  const K = a.classes.length;
  const metrics = truth ? scoreLabels(truth, r.labels, K) : undefined;
  if (o.out) {
    const header = ["item", "label", "confidence", ...(o.soft ? a.classes.map((c) => `p:${c}`) : [])];
    function* rows(): Iterable<Cell[]> {
      for (let i = 0; i < a.items.length; i++) {
        const p = r.posteriors.data.subarray(i * K, (i + 1) * K);
        const label = r.labels[i]!;
        const confidence = label >= 0 ? p[label]! : Math.max(...p);
        const row: Cell[] = [a.items[i]!, label >= 0 ? a.classes[label]! : "", round(confidence)];
        if (o.soft) for (const x of p) row.push(round(x));
        yield row;
      }
    }
    await writeTable(o.out, { header, rows: rows() }, { signal: ctx.signal });
  }
  const counts = new Int32Array(K);
  let undecided = 0;
  for (const c of r.labels) {
    if (c >= 0) counts[c]!++;
    else undecided++;
  }
  const raters = a.raters.map((name, k) => ({
    rater: name,
    judgments: r.raters.judgments[k]!,
    skill: r.raters.skill[k]!,
    ...(r.raters.spamming ? { spamming: r.raters.spamming[k]! } : {}),
    ...(r.raters.confusion
      ? {
          confusion: Array.from({ length: K }, (_, t) =>
            Array.from(r.raters.confusion!.subarray((k * K + t) * K, (k * K + t + 1) * K)),
          ),
        }
      : {}),
  }));
  const result = {
    method: o.method,
    file,
    items: a.items.length,
    raters: raters,
    judgments: a.item.length,
    classes: a.classes.map((name, c) => ({
      name,
      items: counts[c]!,
      ...(r.classPrior ? { prior: r.classPrior[c]! } : {}),
    })),
    undecided,
    iterations: r.iterations,
    converged: r.converged,
    ...(r.logLikelihood.length ? { logLikelihood: r.logLikelihood[r.logLikelihood.length - 1]! } : {}),
    ...(metrics
      ? { metrics: { items: metrics.n, accuracy: metrics.accuracy, macroF1: metrics.macroF1 } }
      : {}),
    ...(o.out ? { out: o.out } : {}),
  };
  if (o.json) return printJson(ctx, result);
  ctx.stdout.write(
    `${TITLES[o.method]} on ${file}: ${a.items.length} items, ${a.raters.length} raters, ${a.item.length} judgments, ` +
      `${K} classes${iterationsText(r)}.\n`,
  );
  if (metrics) {
    ctx.stdout.write(
      `Against gold (${metrics.n} items): accuracy ${pct(metrics.accuracy)}, macro-F1 ${pct(metrics.macroF1)}.\n`,
    );
  }
  ctx.stdout.write("\n");
  // The 20 most frequent classes (all of them, in class order, when there are no more).
  const shown = a.classes.map((_, k) => k);
  if (K > 20) shown.sort((x, y) => counts[y]! - counts[x]!).splice(20);
  ctx.stdout.write(
    table(
      ["class", "items", "share", ...(r.classPrior ? ["prior"] : [])],
      shown.map((k) => [
        a.classes[k]!,
        counts[k]!,
        a.items.length ? counts[k]! / a.items.length : 0,
        ...(r.classPrior ? [r.classPrior[k]!] : []),
      ]),
    ),
  );
  if (K > shown.length) ctx.stdout.write(`… ${K - shown.length} more classes (--json lists all)\n`);
  if (undecided) ctx.stdout.write(`${undecided} items undecided (no judgments, or a tie kept soft).\n`);
  ctx.stdout.write("\n");
  writeRaterTable(ctx, raters, r.raters.spamming ? "spamming" : undefined);
  if (!o.out) log(ctx, "Add --out FILE to write the labels (--soft for every class's probability).");
}

function iterationsText(r: { iterations: number; converged: boolean }): string {
  if (r.iterations === 0) return "";
  return `; ${r.iterations} iterations (${r.converged ? "converged" : "iteration cap reached"})`;
}

/** The least reliable raters first: the ones worth a look. */
function writeRaterTable(
  ctx: CliContext,
  raters: { rater: string; judgments: number; skill: number; spamming?: number }[],
  extra: "spamming" | undefined,
): void {
  const sorted = [...raters].sort((x, y) => (x.skill || 0) - (y.skill || 0)).slice(0, 10);
  ctx.stdout.write(
    table(
      ["rater", "judgments", "skill", ...(extra ? [extra] : [])],
      sorted.map((x) => [x.rater, x.judgments, x.skill, ...(extra ? [x.spamming ?? Number.NaN] : [])]),
    ),
  );
  if (raters.length > sorted.length) {
    ctx.stdout.write(`(the ${sorted.length} lowest skills of ${raters.length} raters; --json lists all)\n`);
  }
}

async function runMultiLabel(
  ctx: CliContext,
  data: Annotations,
  job: { file: string; o: AggregateOptions },
): Promise<void> {
  const { file, o } = job;
  if (o.known || o.eval) throw new UsageError("--known and --eval are not supported with --multi-label yet");
  const m = encodeMultiLabel(data, { separator: o.multiLabel! });
  const method = o.method as CategoricalMethod;
  if (method === "wmv") throw new UsageError("--multi-label does not support --method wmv");
  const aggregator = categoricalAggregator(method);
  if (!aggregator) throw new UsageError(`--multi-label does not support --method ${method}`);
  const r = binaryRelevance(m, {
    aggregator: aggregator.fit,
    options: { ...iterationFlags(o), seed: o.seed, ties: o.ties },
  });
  const C = m.classes.length;
  if (o.out) {
    const header = ["item", "labels", ...m.classes.map((c) => `p:${c}`)];
    function* rows(): Iterable<Cell[]> {
      for (let i = 0; i < m.items.length; i++) {
        const present = m.classes.filter((_, c) => r.present[i * C + c] === 1);
        yield [
          m.items[i]!,
          present.join(o.multiLabel!),
          ...Array.from({ length: C }, (_, c) => round(r.probabilities.data[i * C + c]!)),
        ];
      }
    }
    await writeTable(o.out, { header, rows: rows() }, { signal: ctx.signal });
  }
  const counts = m.classes.map((_, c) => {
    let n = 0;
    for (let i = 0; i < m.items.length; i++) if (r.present[i * C + c] === 1) n++;
    return n;
  });
  const result = {
    method: o.method,
    multiLabel: true,
    file,
    items: m.items.length,
    raters: m.raters.length,
    judgments: m.item.length,
    classes: m.classes.map((name, c) => ({ name, items: counts[c]! })),
    ...(o.out ? { out: o.out } : {}),
  };
  if (o.json) return printJson(ctx, result);
  ctx.stdout.write(
    `${TITLES[o.method]} per class (binary relevance) on ${file}: ${m.items.length} items, ${m.raters.length} raters, ` +
      `${m.item.length} judgments, ${C} classes.\n\n`,
  );
  ctx.stdout.write(
    table(
      ["class", "items with it"],
      m.classes.map((c, k) => [c, counts[k]!]),
    ),
  );
}

async function runNumeric(
  ctx: CliContext,
  a: Annotations,
  job: { file: string; o: AggregateOptions },
): Promise<void> {
  const { file, o } = job;
  let values: Float64Array;
  try {
    values = judgmentValues(a);
  } catch (e) {
    if (e instanceof RangeError && "label" in e) {
      throw new UsageError(`${file}: --method ${o.method} needs numeric labels; ${e.message}`);
    }
    throw e;
  }
  let r: NumericAggregateResult;
  switch (o.method as (typeof NUMERIC)[number]) {
    case "mean":
      r = numericMean(a, { values });
      break;
    case "median":
      r = numericMedian(a, { values });
      break;
    case "trimmed":
      r = numericTrimmedMean(a, { values, ...(o.trim !== undefined ? { trim: o.trim } : {}) });
      break;
    case "bias":
      r = raterBiasPrecision(a, { values, ...iterationFlags(o) });
      break;
  }
  let metrics: { items: number; mae: number; rmse: number } | undefined;
  if (o.eval) {
    const truth = await numericGold(ctx, o.eval, a.items);
    const s = scoreValues(truth, r.values);
    metrics = { items: s.n, mae: s.mae, rmse: s.rmse };
  }
  if (o.out) {
    function* rows(): Iterable<Cell[]> {
      for (let i = 0; i < a.items.length; i++) {
        yield [a.items[i]!, Number.isNaN(r.values[i]!) ? null : round(r.values[i]!)];
      }
    }
    await writeTable(o.out, { header: ["item", "value"], rows: rows() }, { signal: ctx.signal });
  }
  const raters = a.raters.map((name, k) => ({
    rater: name,
    judgments: r.judgments[k]!,
    ...(r.bias ? { bias: r.bias[k]!, precision: r.precision![k]! } : {}),
  }));
  const result = {
    method: o.method,
    file,
    items: a.items.length,
    judgments: a.item.length,
    iterations: r.iterations,
    converged: r.converged,
    ...(metrics ? { metrics } : {}),
    raters,
    ...(o.out ? { out: o.out } : {}),
  };
  if (o.json) return printJson(ctx, result);
  ctx.stdout.write(
    `${TITLES[o.method]} on ${file}: ${a.items.length} items, ${a.raters.length} raters, ${a.item.length} judgments${iterationsText(r)}.\n`,
  );
  if (metrics) {
    ctx.stdout.write(
      `Against gold (${metrics.items} items): MAE ${fmt(metrics.mae, 4)}, RMSE ${fmt(metrics.rmse, 4)}.\n`,
    );
  }
  if (r.bias) {
    ctx.stdout.write("\n");
    const noisiest = [...raters].sort((x, y) => (x.precision ?? 0) - (y.precision ?? 0)).slice(0, 10);
    ctx.stdout.write(
      table(
        ["rater", "judgments", "bias", "noise sd"],
        noisiest.map((x) => [
          x.rater,
          x.judgments,
          x.bias ?? Number.NaN,
          1 / Math.sqrt(x.precision ?? Number.NaN),
        ]),
      ),
    );
  }
  if (!o.out) log(ctx, "Add --out FILE to write item,value.");
}

/** Gold numbers per item code (NaN where unknown); a non-numeric gold value is a usage error naming it. */
async function numericGold(ctx: CliContext, path: string, items: readonly string[]): Promise<Float64Array> {
  const g = await readGold(path, { progress: ctx.stderr, signal: ctx.signal });
  const index = new Map(items.map((item, i) => [item, i]));
  const truth = new Float64Array(items.length).fill(Number.NaN);
  for (const [item, label] of g.pairs) {
    const v = parseNumber(label);
    if (Number.isNaN(v))
      throw new UsageError(
        `${path}: gold value ${JSON.stringify(label)} of item ${JSON.stringify(item)} is not a number`,
      );
    const i = index.get(item);
    if (i !== undefined) truth[i] = v;
  }
  return truth;
}

async function runPairwise(ctx: CliContext, file: string, o: AggregateOptions): Promise<void> {
  const p = await readPairwise(file, { progress: ctx.stderr, signal: ctx.signal });
  const c: Comparisons = p.comparisons;
  const reg = o.regularization !== undefined ? { regularization: o.regularization } : {};
  const r: RankingResult =
    o.method === "bt"
      ? bradleyTerry(c, { ...iterationFlags(o), ...reg })
      : crowdBradleyTerry(c, { ...iterationFlags(o), ...reg });
  const rank = new Int32Array(c.items.length);
  r.ranking.forEach((item, k) => {
    rank[item] = k + 1;
  });
  let metrics: { items: number; spearman: number } | undefined;
  if (o.eval) {
    const truth = await numericGold(ctx, o.eval, c.items);
    const s = scoreRanking(truth, r.scores);
    metrics = { items: s.n, spearman: s.spearman };
  }
  if (o.out) {
    function* rows(): Iterable<Cell[]> {
      for (const i of r.ranking) yield [c.items[i]!, round(r.scores[i]!), rank[i]!];
    }
    await writeTable(o.out, { header: ["item", "score", "rank"], rows: rows() }, { signal: ctx.signal });
  }
  const raters = c.raters.map((name, k) => ({
    rater: name,
    judgments: r.judgments[k]!,
    ...(r.reliability ? { reliability: r.reliability[k]! } : {}),
  }));
  const result = {
    method: o.method,
    file,
    items: c.items.length,
    comparisons: c.left.length,
    iterations: r.iterations,
    converged: r.converged,
    ...(metrics ? { metrics } : {}),
    ranking: Array.from(r.ranking, (i) => ({ item: c.items[i]!, score: r.scores[i]!, rank: rank[i]! })),
    raters,
    ...(o.out ? { out: o.out } : {}),
  };
  if (o.json) return printJson(ctx, result);
  ctx.stdout.write(
    `${TITLES[o.method]} on ${file}: ${c.items.length} items, ${c.left.length} comparisons by ${c.raters.length} raters${iterationsText(r)}.\n`,
  );
  if (metrics)
    ctx.stdout.write(`Against gold (${metrics.items} items): Spearman's rho ${fmt(metrics.spearman, 4)}.\n`);
  ctx.stdout.write("\n");
  const top = Array.from(r.ranking.subarray(0, 15));
  ctx.stdout.write(
    table(
      ["rank", "item", "score"],
      top.map((i) => [rank[i]!, c.items[i]!, r.scores[i]!]),
    ),
  );
  if (c.items.length > top.length)
    ctx.stdout.write(`(top ${top.length} of ${c.items.length}; --out writes all)\n`);
  if (r.reliability) {
    ctx.stdout.write("\n");
    const worst = [...raters].sort((x, y) => (x.reliability ?? 1) - (y.reliability ?? 1)).slice(0, 10);
    ctx.stdout.write(
      table(
        ["rater", "comparisons", "reliability"],
        worst.map((x) => [x.rater, x.judgments, x.reliability ?? Number.NaN]),
      ),
    );
  }
}

/** Probabilities and values to 10 significant digits in files (JSON keeps full precision). */
function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(10)) : x;
}

function pct(x: number): string {
  return Number.isNaN(x) ? "–" : `${(100 * x).toFixed(2)}%`;
}
