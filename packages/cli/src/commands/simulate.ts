import { basename } from "node:path";
import type { Command } from "commander";
import { type CliContext, intOption, log, numberOption, printJson, UsageError } from "../context.js";
import {
  addFeatureOptions,
  addModelOptions,
  type FeatureCliOptions,
  learnerSpec,
  type ModelCliOptions,
} from "../learning.js";
import { runModel } from "../simulateModel.js";
import { DEFAULT_REPLAY_POLICIES, runReplay } from "../simulateReplay.js";
import { type SimulationReport, summarize, summaryTable, writeSimulation } from "../simulateReport.js";

interface SimulateOptions extends FeatureCliOptions, ModelCliOptions {
  replay?: string;
  strategies?: string;
  seeds: number;
  seed: number;
  init?: number;
  batch?: number;
  budget?: number;
  test?: string;
  testShare: number;
  pool?: number;
  ssl?: string;
  out: string;
  json?: boolean;
}

const DEFAULT_STRATEGIES = "random,least-confidence,margin,entropy";

/** `vox simulate DATA`: active-learning curves with gold as the oracle, or repeated labeling against a real crowd. */
export function registerSimulate(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("simulate")
    .summary(
      "simulate active learning (learning curves, AULC) or active repeated labeling on a replayed crowd",
    )
    .description(
      "Model mode (DATA = a labelled dataset): labels --init random rows, then asks each of --strategies for --batch\n" +
        "rows at a time until --budget rows are labeled, training --model on --features after every batch and\n" +
        "measuring accuracy and macro-F1 on --test (or a fixed stratified --test-share hold-out of DATA). Repeats for\n" +
        "--seeds seeds. Reference: the same model trained on the whole pool.\n" +
        "Replay mode (--replay JUDGMENTS; DATA = gold item,label, which may be the same file for Snow et al.'s\n" +
        "TSVs): reveals --init real judgments per item, then lets each policy SCORE[:RATER] request --batch more\n" +
        "(item, rater) pairs per round among the judgments the crowd really made, aggregating with Dawid–Skene after\n" +
        "every round. Reference: Dawid–Skene on every judgment (full redundancy).\n" +
        "Writes to --out: curves.csv and curves.json (every run), summary.json (mean curves, AULC, labels needed to\n" +
        "reach shares of the reference), curves.svg, curves.png and index.html. See docs/active.md.",
    )
    .argument("<data>", "labelled dataset (model mode) or gold labels item,label (replay mode)")
    .requiredOption("--out <dir>", "folder to write the curves, summary, plot and HTML page into")
    .option("--replay <file>", "real crowd judgments (item,rater,label) to replay: repeated-labeling mode")
    .option(
      "--strategies <list>",
      `comma-separated: query strategies (model mode; default ${DEFAULT_STRATEGIES}) or policies SCORE[:RATER] ` +
        `(replay; default ${DEFAULT_REPLAY_POLICIES})`,
    )
    .option(
      "--seeds <n>",
      "runs per strategy (seeds --seed … --seed + n − 1)",
      intOption("--seeds", { min: 1 }),
      5,
    )
    .option("--seed <n>", "first seed", intOption("--seed", { min: 0 }), 0)
    .option(
      "--init <n>",
      "random rows labeled first (model mode, default 20); judgments revealed per item (replay, default 1)",
      intOption("--init", { min: 0 }),
    )
    .option(
      "--batch <n>",
      "rows per query (default 20); requests per round in replay mode (default ⌈items / 20⌉)",
      intOption("--batch", { min: 1 }),
    )
    .option(
      "--budget <n>",
      "stop at this many labeled rows (default 500) or judgments (replay; default all)",
      intOption("--budget", { min: 1 }),
    )
    .option("--test <file>", "model mode: held-out labelled rows to measure on (same layout as DATA)")
    .option(
      "--test-share <x>",
      "model mode without --test: share of DATA held out (stratified, seed 0)",
      numberOption("--test-share", { min: 0.01, max: 0.9 }),
      0.25,
    )
    .option(
      "--pool <n>",
      "model mode: use a seeded random subset of n pool rows",
      intOption("--pool", { min: 2 }),
    )
    .option(
      "--ssl <method>",
      "model mode: semi-supervised fit each round (a hook; methods register in sslMethods)",
    );
  addModelOptions(addFeatureOptions(cmd))
    .option("--json", "print the summary as JSON on stdout")
    .action(async (data: string, o: SimulateOptions) => {
      const seeds = Array.from({ length: o.seeds }, (_, k) => o.seed + k);
      const report = o.replay ? await replay(data, o, seeds) : await model(data, o, seeds);
      const files = await writeSimulation(o.out, report, ctx.signal);
      if (o.json) return printJson(ctx, { ...report.report, files });
      ctx.stdout.write(`${report.report.title}\n\n${summaryTable(report.report)}\n`);
      ctx.stdout.write(`Wrote ${files.join(", ")}.\n`);
    });

  async function replay(data: string, o: SimulateOptions, seeds: number[]) {
    for (const [flag, v] of [
      ["--test", o.test],
      ["--pool", o.pool],
      ["--ssl", o.ssl],
    ] as const)
      if (v !== undefined) throw new UsageError(`${flag} applies to model mode, not to --replay`);
    const policies = (o.strategies ?? DEFAULT_REPLAY_POLICIES).split(",").map((p) => p.trim());
    const init = o.init ?? 1;
    const r = await runReplay(
      {
        gold: data,
        judgments: o.replay!,
        policies,
        seeds,
        init,
        ...(o.batch === undefined ? {} : { batch: o.batch }),
        ...(o.budget === undefined ? {} : { budget: o.budget }),
      },
      ctx,
    );
    const shares = [0.99, 1];
    const strategies = summarize(r.runs, shares);
    const reference = r.runs[0]!.reference;
    log(
      ctx,
      `${r.items} items, ${r.judgments} judgments, ${r.scored} with gold; full-redundancy DS accuracy ${reference.toFixed(4)}.`,
    );
    const report: SimulationReport = {
      mode: "replay",
      title: `Repeated labeling on ${basename(o.replay!)}: Dawid–Skene accuracy vs judgments`,
      unit: "judgments",
      reference: { name: "Dawid–Skene, all judgments", accuracy: reference },
      shares,
      baseline: pickBaseline(
        strategies.map((x) => x.strategy),
        "round-robin",
      ),
      settings: {
        gold: data,
        replay: o.replay,
        items: r.items,
        judgments: r.judgments,
        init,
        batch: r.batch,
        budget: o.budget ?? r.judgments,
        seeds,
      },
      strategies,
    };
    return { report, runs: r.runs };
  }

  async function model(data: string, o: SimulateOptions, seeds: number[]) {
    const strategies = (o.strategies ?? DEFAULT_STRATEGIES).split(",").map((p) => p.trim());
    const init = o.init ?? 20;
    if (init < 1) throw new UsageError("--init must be at least 1 in model mode");
    const batch = o.batch ?? 20;
    const budget = o.budget ?? 500;
    const r = await runModel(
      {
        data,
        ...(o.test === undefined ? {} : { test: o.test }),
        testShare: o.testShare,
        ...(o.pool === undefined ? {} : { pool: o.pool }),
        strategies,
        seeds,
        init,
        batch,
        budget,
        ...(o.ssl === undefined ? {} : { ssl: o.ssl }),
      },
      o,
      ctx,
    );
    const shares = [0.9, 0.95];
    log(
      ctx,
      `${r.poolRows} pool rows, ${r.testRows} test rows, ${r.classes.length} classes; full-pool accuracy ${r.full.toFixed(4)}.`,
    );
    const report: SimulationReport = {
      mode: "model",
      title: `Active learning on ${basename(data)}: test accuracy vs labels`,
      unit: "labels",
      reference: { name: "model on the whole pool", accuracy: r.full },
      shares,
      baseline: pickBaseline(strategies, "random"),
      settings: {
        data,
        test: o.test ?? `stratified ${o.testShare} hold-out (seed 0)`,
        poolRows: r.poolRows,
        testRows: r.testRows,
        classes: r.classes,
        features: o.features,
        model: learnerSpec(o),
        ssl: o.ssl ?? null,
        init,
        batch,
        budget,
        seeds,
      },
      strategies: summarize(r.runs, shares),
    };
    return { report, runs: r.runs };
  }
}

/** The strategy to compare against: `preferred` when it was run, else the first one. */
function pickBaseline(names: readonly string[], preferred: string): string {
  return names.includes(preferred) ? preferred : (names[0] ?? preferred);
}
