import { aum, dataMap, forgettingEvents, type TrainingDynamics } from "@vox/core";
import { readTrainingDynamics, writeFileAtomic, writeTable } from "@vox/io";
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
} from "../context.js";
import { barSvg, histogramSvg, scatterSvg, svgToPng } from "../plots.js";

type Method = "datamap" | "aum" | "forgetting";

interface DynamicsOptions {
  method: Method;
  plot?: string;
  out?: string;
  thresholdClass?: number;
  percentile: number;
  burnOut?: number;
  top: number;
  json?: boolean;
  float32?: boolean;
}

/** `vox dynamics PATH`: data maps, forgetting events or AUM from per-epoch logits. */
export function registerDynamics(program: Command, ctx: CliContext): void {
  program
    .command("dynamics")
    .summary("data maps, forgetting events and AUM from training dynamics")
    .description(
      "Reads per-epoch logits in allenai/cartography's format (PATH: a folder of dynamics_epoch_E.jsonl files, or\n" +
        "one holding training_dynamics/) and computes, per example: a data map (Swayamdipta et al. 2020: confidence,\n" +
        "variability, correctness, forgetfulness), forgetting events (Toneva et al. 2019) or the area under the margin\n" +
        "(Pleiss et al. 2020; with --threshold-class, examples trained with that fake class are threshold samples\n" +
        "and examples below their 99th percentile are flagged). See docs/quality.md.",
    )
    .argument("<path>", "folder with dynamics_epoch_E.jsonl files")
    .option(
      "--method <method>",
      "datamap, aum or forgetting",
      choiceOption("--method", ["datamap", "aum", "forgetting"] as const),
      "datamap",
    )
    .option("--plot <file>", "write a chart: .svg, or .png (rendered with Skia)")
    .option("--out <file>", "write every example's statistics (CSV, TSV or JSONL), most suspicious first")
    .option(
      "--threshold-class <c>",
      "aum: the fake class of the threshold samples",
      intOption("--threshold-class", { min: 0 }),
    )
    .option(
      "--percentile <p>",
      "aum: flag below this percentile of threshold samples",
      numberOption("--percentile", { min: 0, max: 100 }),
      99,
    )
    .option("--burn-out <n>", "datamap: use only the first n epochs", intOption("--burn-out", { min: 1 }))
    .option("--top <n>", "rows to show in the table", intOption("--top", { min: 0 }), 10)
    .option("--float32", "hold logits as float32 (half the memory for very large runs)")
    .option("--json", "print JSON on stdout")
    .action(async (path: string, o: DynamicsOptions) => {
      const d = await readTrainingDynamics(path, {
        progress: ctx.stderr,
        signal: ctx.signal,
        float32: o.float32 ?? false,
      });
      log(ctx, `${d.examples} examples, ${d.epochs} epochs, ${d.classes} outputs`);
      switch (o.method) {
        case "datamap":
          return runDataMap(ctx, d, o);
        case "forgetting":
          return runForgetting(ctx, d, o);
        case "aum":
          return runAum(ctx, d, o);
      }
    });
}

/** Writes an SVG (or PNG for a .png name) atomically. */
export async function writePlot(path: string, svg: string): Promise<void> {
  if (path.toLowerCase().endsWith(".png")) await writeFileAtomic(path, await svgToPng(svg));
  else await writeFileAtomic(path, svg);
}

/** The data-map scatter: variability × confidence, coloured by the share of epochs predicted correctly. */
export function dataMapSvg(m: ReturnType<typeof dataMap>, title = "Data map"): string {
  const bucket = Int32Array.from(m.correctness, (c) => Math.min(4, Math.floor((5 * c) / (m.epochs + 1e-9))));
  return scatterSvg({
    x: m.variability,
    y: m.confidence,
    group: bucket,
    legend: ["correct < 20%", "20–40%", "40–60%", "60–80%", "≥ 80%"],
    title,
    xLabel: "variability (std of p(label) over epochs)",
    yLabel: "confidence (mean p(label))",
    yRange: [0, 1],
  });
}

async function runDataMap(ctx: CliContext, d: TrainingDynamics, o: DynamicsOptions) {
  const id = idOf(d);
  const m = coreCall(() => dataMap(d, o.burnOut ? { burnOut: o.burnOut } : {}));
  const order = sortBy(m.confidence);
  // Regions of the map as Swayamdipta et al. describe them (their thresholds are visual; these are vox's).
  let easy = 0;
  let hard = 0;
  let ambiguous = 0;
  for (let i = 0; i < d.examples; i++) {
    if (m.variability[i]! >= 0.2) ambiguous++;
    else if (m.confidence[i]! >= 0.5) easy++;
    else hard++;
  }
  if (o.plot) await writePlot(o.plot, dataMapSvg(m));
  if (o.out) {
    await writeTable(
      o.out,
      {
        header: [
          "id",
          "index",
          "gold",
          "confidence",
          "variability",
          "correctness",
          "forgetfulness",
          "threshold_closeness",
        ],
        rows: (function* () {
          for (const i of order) {
            yield [
              id(i),
              i,
              d.gold[i]!,
              m.confidence[i]!,
              m.variability[i]!,
              m.correctness[i]!,
              m.forgetfulness[i]!,
              m.thresholdCloseness[i]!,
            ];
          }
        })(),
      },
      { signal: ctx.signal },
    );
  }
  const top = Array.from(order.subarray(0, o.top), (i) => ({
    id: id(i),
    gold: d.gold[i]!,
    confidence: m.confidence[i]!,
    variability: m.variability[i]!,
    correctness: m.correctness[i]!,
  }));
  const result = {
    method: "datamap",
    examples: d.examples,
    epochs: m.epochs,
    regions: { easyToLearn: easy, hardToLearn: hard, ambiguous },
    meanConfidence: mean(m.confidence),
    meanVariability: mean(m.variability),
    lowestConfidence: top,
    ...(o.plot ? { plot: o.plot } : {}),
    ...(o.out ? { out: o.out } : {}),
  };
  if (o.json) return printJson(ctx, result);
  ctx.stdout.write(
    `Data map over ${m.epochs} epochs: ${easy} easy-to-learn (confidence ≥ 0.5, variability < 0.2), ${hard} hard-to-learn ` +
      `(confidence < 0.5), ${ambiguous} ambiguous (variability ≥ 0.2).\nHard-to-learn examples are the likeliest mislabels.\n\n`,
  );
  ctx.stdout.write(
    table(
      ["id", "gold", "confidence", "variability", "correct epochs"],
      top.map((t) => [t.id, t.gold, t.confidence, t.variability, t.correctness]),
    ),
  );
}

async function runForgetting(ctx: CliContext, d: TrainingDynamics, o: DynamicsOptions) {
  const id = idOf(d);
  const f = forgettingEvents(d);
  const score = Float64Array.from(f.forgetting, (v) => -v);
  const order = sortBy(score);
  let unforgettable = 0;
  let never = 0;
  const histogram = new Map<number, number>();
  for (let i = 0; i < d.examples; i++) {
    if (f.neverLearned[i]) never++;
    else {
      if (f.forgetting[i] === 0) unforgettable++;
      histogram.set(f.forgetting[i]!, (histogram.get(f.forgetting[i]!) ?? 0) + 1);
    }
  }
  const counts = [...histogram].sort((a, b) => a[0] - b[0]);
  if (o.plot) {
    await writePlot(
      o.plot,
      barSvg({
        labels: [...counts.map(([k]) => `${k} forgetting events`), "never learned"],
        values: [...counts.map(([, v]) => v), never],
        title: "Forgetting events per example",
        xLabel: "examples",
      }),
    );
  }
  if (o.out) {
    await writeTable(
      o.out,
      {
        header: [
          "id",
          "index",
          "gold",
          "forgetting",
          "first_learned",
          "presentations_needed",
          "never_learned",
        ],
        rows: (function* () {
          for (const i of order)
            yield [
              id(i),
              i,
              d.gold[i]!,
              f.forgetting[i]!,
              f.firstLearned[i]!,
              f.presentationsNeeded[i]!,
              f.neverLearned[i]!,
            ];
        })(),
      },
      { signal: ctx.signal },
    );
  }
  const top = Array.from(order.subarray(0, o.top), (i) => ({
    id: id(i),
    gold: d.gold[i]!,
    forgetting: f.forgetting[i]!,
    firstLearned: f.firstLearned[i]!,
    neverLearned: f.neverLearned[i] === 1,
  }));
  const result = {
    method: "forgetting",
    examples: d.examples,
    epochs: d.epochs,
    unforgettable,
    neverLearned: never,
    histogram: Object.fromEntries(counts),
    mostForgotten: top,
    ...(o.plot ? { plot: o.plot } : {}),
    ...(o.out ? { out: o.out } : {}),
  };
  if (o.json) return printJson(ctx, result);
  ctx.stdout.write(
    `${unforgettable} unforgettable examples (learned, never forgotten), ${never} never learned (counted as forgotten ` +
      `every epoch, ${d.epochs}).\n\n`,
  );
  ctx.stdout.write(
    table(
      ["id", "gold", "forgetting", "first learned"],
      top.map((t) => [t.id, t.gold, t.forgetting, t.neverLearned ? "never" : t.firstLearned]),
    ),
  );
}

async function runAum(ctx: CliContext, d: TrainingDynamics, o: DynamicsOptions) {
  const id = idOf(d);
  const r = coreCall(() =>
    aum(
      d,
      o.thresholdClass === undefined ? {} : { thresholdClass: o.thresholdClass, percentile: o.percentile },
    ),
  );
  const order = sortBy(r.aum);
  if (o.plot) {
    await writePlot(
      o.plot,
      histogramSvg({
        values: r.aum,
        title: r.threshold === undefined ? "Area under the margin" : `AUM (threshold ${fmt(r.threshold)})`,
        xLabel: "AUM (mean margin over epochs)",
        ...(r.threshold === undefined ? {} : { marker: r.threshold }),
      }),
    );
  }
  if (o.out) {
    const extra = r.flagged ? ["threshold_sample", "flagged"] : [];
    await writeTable(
      o.out,
      {
        header: ["id", "index", "gold", "aum", ...extra],
        rows: (function* () {
          for (const i of order) {
            yield [
              id(i),
              i,
              d.gold[i]!,
              r.aum[i]!,
              ...(r.flagged ? [r.thresholdSamples![i]!, r.flagged[i]!] : []),
            ];
          }
        })(),
      },
      { signal: ctx.signal },
    );
  }
  let flagged = 0;
  if (r.flagged) for (let i = 0; i < d.examples; i++) if (r.flagged[i] && !r.thresholdSamples![i]) flagged++;
  const top = Array.from(order.subarray(0, o.top), (i) => ({ id: id(i), gold: d.gold[i]!, aum: r.aum[i]! }));
  const result = {
    method: "aum",
    examples: d.examples,
    epochs: d.epochs,
    ...(r.threshold === undefined ? {} : { threshold: r.threshold, percentile: o.percentile, flagged }),
    lowestAum: top,
    ...(o.plot ? { plot: o.plot } : {}),
    ...(o.out ? { out: o.out } : {}),
  };
  if (o.json) return printJson(ctx, result);
  if (r.threshold !== undefined) {
    ctx.stdout.write(
      `AUM threshold (${o.percentile}th percentile of threshold samples): ${fmt(r.threshold)}; ${flagged} other examples ` +
        `fall below it.\n\n`,
    );
  } else ctx.stdout.write("Lowest AUM first (add --threshold-class C to flag with threshold samples).\n\n");
  ctx.stdout.write(
    table(
      ["id", "gold", "aum"],
      top.map((t) => [t.id, t.gold, t.aum]),
    ),
  );
}

/** Example i's id (cartography guid), or its index. */
function idOf(d: TrainingDynamics): (i: number) => string {
  return (i) => d.ids?.[i] ?? String(i);
}

/** Indices by ascending value, ties by index. */
function sortBy(v: Float64Array): Int32Array {
  return Int32Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a]! - v[b]! || a - b);
}

function mean(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}
