import {
  type AgreementResult,
  type Annotations,
  BootstrapRunner,
  brennanPrediger,
  brennanPredigerStatistic,
  type CategoryCounts,
  type ClassOrder,
  categoryCounts,
  classAgreement,
  cohenKappa,
  cohenKappaStatistic,
  congerKappa,
  congerKappaStatistic,
  fleissKappa,
  fleissKappaStatistic,
  gwetAc1,
  gwetAc1Statistic,
  type ItemStatistic,
  itemDisagreement,
  krippendorffAlpha,
  krippendorffAlphaStatistic,
  type MeasurementLevel,
  pairwiseKappa,
  pairwiseKappaStatistic,
  pairwiseMatrix,
  percentAgreement,
  percentAgreementStatistic,
  scottPi,
  scottPiStatistic,
  toRows,
  type WeightScheme,
} from "@vox/core";
import { createProgress, readAnnotations, VoxIoError, writeTable } from "@vox/io";
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

const METRICS = ["percent", "cohen", "fleiss", "krippendorff", "scott", "gwet", "bp", "conger"] as const;
type MetricName = (typeof METRICS)[number];

interface AgreeOptions extends AnnotationCliOptions {
  metric: string;
  level: MeasurementLevel;
  weights: WeightScheme;
  ci: number;
  bootstrap: number;
  seed: number;
  minShared: number;
  perItem?: string;
  json?: boolean;
}

/** Largest rater count for which the pairwise matrix is given in JSON (it has raters² cells). */
const MATRIX_LIMIT = 200;
/** Largest rater count for which the pairwise matrix is printed for people. */
const PRINT_MATRIX_LIMIT = 8;

/** One metric's outcome: its JSON, a row for people, and the statistic a bootstrap reevaluates. */
interface Computed {
  key: string;
  label: string;
  json: Record<string, unknown>;
  value: number;
  se: number;
  analyticCi: [number, number];
  note: string;
  statistic: () => ItemStatistic;
}

/** Parses --metric: "all" or a comma-separated list of metric names. */
function parseMetrics(v: string): MetricName[] {
  if (v === "all") return [...METRICS];
  const names = v.split(",").map((s) => s.trim());
  for (const n of names) {
    if (!(METRICS as readonly string[]).includes(n)) {
      throw new UsageError(
        `--metric must be all or a comma-separated list of ${METRICS.join(", ")} (got ${JSON.stringify(n)})`,
      );
    }
  }
  return [...new Set(names)] as MetricName[];
}

/** `vox agree FILE`: agreement coefficients with confidence intervals, per-class agreement, per-item disagreement. */
export function registerAgree(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("agree")
    .summary("inter-rater agreement: Krippendorff's α, Fleiss' κ, Cohen's κ, Gwet's AC1 … with intervals")
    .description(
      "Measures how much raters agree beyond chance, on any number of raters with missing judgments: percent\n" +
        "agreement, Cohen's κ (two raters; with more, every pair and their mean), Scott's π, Fleiss' κ, Gwet's\n" +
        "AC1 (AC2 with weights), Brennan–Prediger, Conger's κ and Krippendorff's α at any level. Intervals are\n" +
        "analytic where a standard error is published, or a seeded bootstrap over items with --bootstrap N.\n" +
        "Items with a single judgment drop out. docs/agreement.md says which metric to use when.",
    )
    .argument("<file>", "annotations (item, rater, label)")
    .option("--metric <names>", `all, or a comma-separated list of ${METRICS.join(", ")}`, "all")
    .option(
      "--level <level>",
      "Krippendorff's α level: nominal, ordinal, interval or ratio (interval/ratio need numeric labels)",
      choiceOption("--level", ["nominal", "ordinal", "interval", "ratio"] as const),
      "nominal",
    )
    .option(
      "--weights <scheme>",
      "partial credit for near misses on ordered classes (κ family): none, linear or quadratic",
      choiceOption("--weights", ["none", "linear", "quadratic"] as const),
      "none",
    )
    .option(
      "--ci <level>",
      "confidence level of intervals",
      numberOption("--ci", { min: 0.5, max: 0.999 }),
      0.95,
    )
    .option(
      "--bootstrap <n>",
      "bootstrap replicates over items for every metric (0: analytic intervals only)",
      intOption("--bootstrap", { min: 0, max: 1_000_000 }),
      0,
    )
    .option("--seed <n>", "seed of the bootstrap", intOption("--seed"), 0)
    .option(
      "--min-shared <n>",
      "rater pairs sharing fewer items are left out of the mean pairwise κ",
      intOption("--min-shared", { min: 1 }),
      10,
    )
    .option(
      "--per-item <file>",
      "write per-item disagreement (majority, share, entropy) to a CSV/TSV/JSONL file",
    );
  addAnnotationOptions(cmd)
    .option("--json", "print JSON on stdout")
    .action(async (file: string, o: AgreeOptions) => {
      const metrics = parseMetrics(o.metric);
      const r = await readAnnotations(file, annotationReadOptions(o, ctx));
      const a = r.annotations;
      const counts = categoryCounts(a);
      let pairable = 0;
      for (const m of counts.total) if (m >= 2) pairable++;
      if (pairable === 0) {
        throw new UsageError(
          `${file}: no item has two or more judgments (${a.items.length} items, ${a.raters.length} raters): agreement is undefined`,
        );
      }
      const order: ClassOrder = o.order ? "codes" : "auto";
      const computed = metrics.map((m) => compute(m, { a, counts, order, o }));
      const boot = o.bootstrap > 0 ? await runBootstrap(ctx, computed, o) : undefined;
      if (o.perItem) await writePerItem(ctx, o.perItem, { a, counts });
      const classes = classAgreement(counts);
      const perClass = a.classes.map((name, c) => ({
        class: name,
        judgments: classes.judgments[c]!,
        share: classes.share[c]!,
        specificAgreement: classes.specificAgreement[c]!,
        kappa: classes.kappa[c]!,
      }));
      const metricsJson: Record<string, unknown> = {};
      computed.forEach((c, k) => {
        const b = boot?.[k];
        metricsJson[c.key] = {
          ...c.json,
          value: c.value,
          ci: b ? b.ci : Number.isFinite(c.se) ? c.analyticCi : null,
          ciMethod: b ? "bootstrap" : Number.isFinite(c.se) ? "analytic" : null,
          se: c.se,
          ...(b ? { bootstrap: { se: b.se, ci: b.ci, replicates: b.replicates, valid: b.valid } } : {}),
        };
      });
      const result = {
        items: a.items.length,
        raters: a.raters.length,
        judgments: a.item.length,
        pairableItems: pairable,
        classes: a.classes.length,
        confidence: o.ci,
        ...(o.bootstrap > 0 ? { bootstrap: { replicates: o.bootstrap, seed: o.seed } } : {}),
        metrics: metricsJson,
        perClass,
      };
      if (o.json) return printJson(ctx, result);
      printHuman(ctx, { file, a, pairable, computed, boot, perClass, o });
    });
}

interface ComputeInput {
  a: Annotations;
  counts: CategoryCounts;
  order: ClassOrder;
  o: AgreeOptions;
}

/** The common JSON and row fields of a chance-corrected coefficient. */
function fromResult(r: AgreementResult, weights: WeightScheme) {
  return {
    value: r.value,
    se: r.se,
    analyticCi: r.ci,
    json: { observed: r.observed, expected: r.expected, units: r.units, weights },
  };
}

function compute(metric: MetricName, input: ComputeInput): Computed {
  const { a, counts, order, o } = input;
  const w = { weights: o.weights, order, confidence: o.ci };
  const weighted = o.weights !== "none";
  switch (metric) {
    case "percent":
      return {
        key: "percent_agreement",
        label: "percent agreement",
        note: "not chance-corrected",
        ...fromResult(percentAgreement(counts, w), o.weights),
        statistic: () => percentAgreementStatistic(counts, w),
      };
    case "fleiss": {
      const r = fleissKappa(counts, w);
      const base = fromResult(r, o.weights);
      return {
        key: "fleiss_kappa",
        label: "Fleiss' κ",
        note: "SE: Gwet 2008",
        ...base,
        json: { ...base.json, se0: r.se0 },
        statistic: () => fleissKappaStatistic(counts, w),
      };
    }
    case "gwet":
      return {
        key: weighted ? "gwet_ac2" : "gwet_ac1",
        label: weighted ? "Gwet's AC2" : "Gwet's AC1",
        note: "SE: Gwet 2008",
        ...fromResult(gwetAc1(counts, w), o.weights),
        statistic: () => gwetAc1Statistic(counts, w),
      };
    case "bp":
      return {
        key: "brennan_prediger",
        label: "Brennan–Prediger",
        note: `chance 1/q, q = ${a.classes.length}`,
        ...fromResult(brennanPrediger(counts, w), o.weights),
        statistic: () => brennanPredigerStatistic(counts, w),
      };
    case "conger":
      return {
        key: "conger_kappa",
        label: "Conger's κ",
        note: "bootstrap only",
        ...fromResult(congerKappa(a, w), o.weights),
        statistic: () => congerKappaStatistic(a, w),
      };
    case "krippendorff": {
      const opts = { level: o.level, order };
      let r: ReturnType<typeof krippendorffAlpha>;
      try {
        r = krippendorffAlpha(counts, opts);
      } catch (e) {
        if (e instanceof RangeError) {
          throw new UsageError(
            `--level ${o.level}: ${e.message}; use --level nominal or ordinal (with --order)`,
          );
        }
        throw e;
      }
      return {
        key: "krippendorff_alpha",
        label: "Krippendorff's α",
        note: `${o.level}; bootstrap only`,
        value: r.value,
        se: Number.NaN,
        analyticCi: [Number.NaN, Number.NaN],
        json: {
          level: o.level,
          observedDisagreement: r.observedDisagreement,
          expectedDisagreement: r.expectedDisagreement,
          units: r.units,
          pairableValues: r.pairableValues,
        },
        statistic: () => krippendorffAlphaStatistic(counts, opts),
      };
    }
    case "cohen":
    case "scott":
      return twoRater(metric, input);
  }
}

/** Cohen's κ or Scott's π: the coefficient for exactly two raters, else every pair and the mean. */
function twoRater(metric: "cohen" | "scott", input: ComputeInput): Computed {
  const { a, order, o } = input;
  const w = { weights: o.weights, order, confidence: o.ci };
  const key = metric === "cohen" ? "cohen_kappa" : "scott_pi";
  const label = metric === "cohen" ? "Cohen's κ" : "Scott's π";
  if (a.raters.length === 2) {
    const r = metric === "cohen" ? cohenKappa(a, w) : scottPi(a, w);
    const base = fromResult(r, o.weights);
    return {
      key,
      label,
      note: metric === "cohen" ? "SE: Fleiss, Cohen & Everitt 1969" : "SE: Gwet 2014",
      ...base,
      json: {
        ...base.json,
        raters: [...a.raters],
        ...(metric === "cohen" ? { se0: (r as ReturnType<typeof cohenKappa>).se0 } : {}),
      },
      statistic: () => (metric === "cohen" ? cohenKappaStatistic(a, w) : scottPiStatistic(a, w)),
    };
  }
  const pw = pairwiseKappa(a, { metric, weights: o.weights, order, minShared: o.minShared });
  const r = a.raters.length;
  let matrix: Record<string, unknown>;
  if (r <= MATRIX_LIMIT) {
    const shared = Array.from({ length: r }, () => new Array<number>(r).fill(0));
    for (let p = 0; p < pw.first.length; p++) {
      shared[pw.first[p]!]![pw.second[p]!] = pw.shared[p]!;
      shared[pw.second[p]!]![pw.first[p]!] = pw.shared[p]!;
    }
    matrix = { raters: [...a.raters], matrix: toRows(pairwiseMatrix(pw)), shared };
  } else {
    matrix = { matrixOmitted: `${r} raters > ${MATRIX_LIMIT}; see vox raters for each rater's agreement` };
  }
  return {
    key,
    label,
    note: `mean of ${pw.used} rater pairs sharing ≥ ${o.minShared} items`,
    value: pw.mean,
    se: Number.NaN,
    analyticCi: [Number.NaN, Number.NaN],
    json: {
      aggregate: "mean over rater pairs (Light 1971)",
      mean: pw.mean,
      pairs: pw.first.length,
      pairsUsed: pw.used,
      minShared: o.minShared,
      weights: o.weights,
      ...matrix,
    },
    statistic: () => pairwiseKappaStatistic(a, { metric, weights: o.weights, order, minShared: o.minShared }),
  };
}

/** Runs the bootstrap in chunks so Ctrl-C and progress stay responsive; one resample serves every metric. */
async function runBootstrap(ctx: CliContext, computed: Computed[], o: AgreeOptions) {
  const runner = new BootstrapRunner(
    computed.map((c) => c.statistic()),
    o.seed,
  );
  const progress = createProgress({
    label: "bootstrap",
    total: o.bootstrap,
    unit: "replicates",
    stream: ctx.stderr,
  });
  const started = Date.now();
  let chunk = 1;
  while (runner.completed < o.bootstrap) {
    if (ctx.signal.aborted) {
      progress.finish();
      throw new VoxIoError("ABORTED", { path: "bootstrap" }, "interrupted");
    }
    const t = Date.now();
    runner.step(Math.min(chunk, o.bootstrap - runner.completed));
    // Aim for chunks of about 50 ms between checks of the signal.
    if (Date.now() - t < 25) chunk *= 2;
    progress.update(runner.completed);
    await new Promise((resolve) => setImmediate(resolve));
  }
  progress.finish();
  const seconds = (Date.now() - started) / 1000;
  if (seconds > 2) log(ctx, `bootstrap: ${o.bootstrap} replicates in ${seconds.toFixed(1)} s`);
  return computed.map((_, k) => runner.result(k, o.ci));
}

/** Writes one row per item: judgments, majority class (empty on ties), its share, entropy and pairwise agreement. */
async function writePerItem(ctx: CliContext, path: string, data: { a: Annotations; counts: CategoryCounts }) {
  const { a, counts } = data;
  const d = itemDisagreement(counts);
  function* rows() {
    for (let i = 0; i < a.items.length; i++) {
      const m = d.majority[i]!;
      const num = (x: number) => (Number.isNaN(x) ? null : x);
      yield [
        a.items[i]!,
        d.judgments[i]!,
        m >= 0 ? a.classes[m]! : null,
        num(d.majorityShare[i]!),
        num(d.entropy[i]!),
        num(d.pairAgreement[i]!),
      ];
    }
  }
  await writeTable(
    path,
    {
      header: ["item", "judgments", "majority", "majority_share", "entropy_bits", "pair_agreement"],
      rows: rows(),
    },
    { signal: ctx.signal },
  );
  log(ctx, `wrote per-item disagreement for ${a.items.length} items to ${path}`);
}

function printHuman(
  ctx: CliContext,
  p: {
    file: string;
    a: Annotations;
    pairable: number;
    computed: Computed[];
    boot: ReturnType<BootstrapRunner["result"]>[] | undefined;
    perClass: { class: string; judgments: number; share: number; specificAgreement: number; kappa: number }[];
    o: AgreeOptions;
  },
) {
  const { file, a, pairable, computed, boot, perClass, o } = p;
  ctx.stdout.write(
    `${file}: ${a.items.length} items (${pairable} with ≥ 2 judgments), ${a.raters.length} raters, ` +
      `${a.item.length} judgments, ${a.classes.length} classes${o.weights !== "none" ? `; ${o.weights} weights` : ""}\n\n`,
  );
  const pct = `${Math.round(o.ci * 1000) / 10}% CI`;
  const range = (ci: [number, number]) =>
    Number.isFinite(ci[0]) && Number.isFinite(ci[1]) ? `${fmt(ci[0])} … ${fmt(ci[1])}` : "–";
  ctx.stdout.write(
    table(
      ["metric", "value", pct, "interval", "note"],
      computed.map((c, k) => {
        const b = boot?.[k];
        const ci = b ? b.ci : c.analyticCi;
        const how = b ? "bootstrap" : Number.isFinite(c.se) ? "analytic" : "–";
        return [c.label, c.value, range(ci), how, c.note];
      }),
    ),
  );
  const pairwise = computed.find((c) => c.json.matrix !== undefined);
  if (pairwise && a.raters.length <= PRINT_MATRIX_LIMIT) {
    const m = pairwise.json.matrix as number[][];
    ctx.stdout.write(`\n${pairwise.label} for each pair of raters (on the items both judged):\n`);
    ctx.stdout.write(
      table(
        ["", ...a.raters],
        a.raters.map((name, r) => [name, ...m[r]!.map((v) => (Number.isNaN(v) ? "–" : v))]),
      ),
    );
  }
  ctx.stdout.write("\n");
  // Most frequent classes first when there are many (numeric scales can have dozens).
  const shown =
    perClass.length > 20 ? [...perClass].sort((x, y) => y.judgments - x.judgments).slice(0, 20) : perClass;
  ctx.stdout.write(
    table(
      ["class", "judgments", "share", "specific agreement", "class κ"],
      shown.map((c) => [c.class, c.judgments, c.share, c.specificAgreement, c.kappa]),
    ),
  );
  if (shown.length < perClass.length)
    ctx.stdout.write(`… ${perClass.length - shown.length} more classes (--json lists all)\n`);
  if (!boot) log(ctx, "Add --bootstrap 1000 for bootstrap intervals on every metric (seeded with --seed).");
}
