// What `vox simulate` writes, in both modes: per-run learning curves, their mean over seeds, the normalised area
// under each curve, the labels needed to reach given shares of the reference accuracy, and the files (CSV, JSON,
// SVG, PNG, HTML) in the --out folder. Nothing is written until every run has finished.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { labelsToReach, learningCurveArea } from "@vox/core";
import { writeFileAtomic, writeTable } from "@vox/io";
import { fmt, table } from "./context.js";
import { lineSvg, svgToPng } from "./plots.js";

/** One simulated run: a strategy (or repeated-labeling policy) under one seed. */
export interface SimulationRun {
  strategy: string;
  seed: number;
  /** Labels (or judgments) at each point. */
  x: number[];
  accuracy: number[];
  /** Present in the model-based mode. */
  macroF1?: number[];
  /** The reference accuracy this run is compared with (full data, or full-redundancy Dawid–Skene). */
  reference: number;
}

/** Mean ± sd over seeds of one metric on a common x grid. */
export interface MeanCurve {
  x: number[];
  mean: number[];
  sd: number[];
}

/** Everything reported for one strategy. */
export interface StrategySummary {
  strategy: string;
  seeds: number;
  accuracy: MeanCurve;
  macroF1?: MeanCurve;
  /** Normalised area under the accuracy curve (mean height), mean and sd over seeds, and per seed. */
  aulc: { mean: number; sd: number; perSeed: number[] };
  /** Same for macro-F1 (model-based mode). */
  aulcMacroF1?: { mean: number; sd: number };
  /** Labels (judgments) at which the mean accuracy curve first reaches share × reference; null = never. */
  reach: Record<string, number | null>;
  /** Same per seed (null where that seed's curve never reaches it). */
  reachPerSeed: Record<string, (number | null)[]>;
  /** Last point of the mean accuracy curve. */
  final: { x: number; accuracy: number };
}

/**
 * The mean curve over runs on the union of their x values. A run's value at x is its value at its last point at or
 * before x (curves are step functions between rounds); x values before a run's first point are skipped.
 */
export function meanCurve(runs: readonly { x: number[]; y: number[] }[]): MeanCurve {
  const grid = [...new Set(runs.flatMap((r) => r.x))].sort((a, b) => a - b);
  const start = Math.max(...runs.map((r) => r.x[0]!));
  const x = grid.filter((v) => v >= start);
  const mean: number[] = [];
  const sd: number[] = [];
  const cursor = runs.map(() => 0);
  for (const v of x) {
    const vals = runs.map((r, k) => {
      while (cursor[k]! + 1 < r.x.length && r.x[cursor[k]! + 1]! <= v) cursor[k]!++;
      return r.y[cursor[k]!]!;
    });
    const m = vals.reduce((s, t) => s + t, 0) / vals.length;
    mean.push(m);
    sd.push(Math.sqrt(vals.reduce((s, t) => s + (t - m) ** 2, 0) / Math.max(1, vals.length - 1)));
  }
  return { x, mean, sd };
}

function meanSd(v: readonly number[]): { mean: number; sd: number } {
  const mean = v.reduce((s, t) => s + t, 0) / v.length;
  const sd = Math.sqrt(v.reduce((s, t) => s + (t - mean) ** 2, 0) / Math.max(1, v.length - 1));
  return { mean, sd };
}

const shareKey = (share: number) => `${+(share * 100).toFixed(2)}%`;

/** Summaries per strategy, in the order the strategies first appear. `shares` are fractions of the reference. */
export function summarize(runs: readonly SimulationRun[], shares: readonly number[]): StrategySummary[] {
  const names = [...new Set(runs.map((r) => r.strategy))];
  return names.map((strategy) => {
    const mine = runs.filter((r) => r.strategy === strategy);
    const acc = meanCurve(mine.map((r) => ({ x: r.x, y: r.accuracy })));
    const perSeed = mine.map((r) => learningCurveArea(r.x, r.accuracy));
    const reference = meanSd(mine.map((r) => r.reference)).mean;
    const reach: Record<string, number | null> = {};
    const reachPerSeed: Record<string, (number | null)[]> = {};
    for (const s of shares) {
      const hit = labelsToReach(acc.x, acc.mean, s * reference);
      reach[shareKey(s)] = hit < 0 ? null : hit;
      reachPerSeed[shareKey(s)] = mine.map((r) => {
        const h = labelsToReach(r.x, r.accuracy, s * r.reference);
        return h < 0 ? null : h;
      });
    }
    const out: StrategySummary = {
      strategy,
      seeds: mine.length,
      accuracy: acc,
      aulc: { ...meanSd(perSeed), perSeed },
      reach,
      reachPerSeed,
      final: { x: acc.x[acc.x.length - 1]!, accuracy: acc.mean[acc.mean.length - 1]! },
    };
    if (mine.every((r) => r.macroF1)) {
      out.macroF1 = meanCurve(mine.map((r) => ({ x: r.x, y: r.macroF1! })));
      out.aulcMacroF1 = meanSd(mine.map((r) => learningCurveArea(r.x, r.macroF1!)));
    }
    return out;
  });
}

/** What goes into the files besides the runs. */
export interface SimulationReport {
  mode: "model" | "replay";
  title: string;
  /** "labels" or "judgments": the x axis. */
  unit: string;
  /** What the reference accuracy is, in words, and its value. */
  reference: { name: string; accuracy: number };
  shares: number[];
  /** The strategy the AULC differences are taken against (random, or round-robin in replay mode). */
  baseline: string;
  settings: Record<string, unknown>;
  strategies: StrategySummary[];
}

/** The human table: AULC, final accuracy and labels to reach each share, one row per strategy. */
export function summaryTable(report: SimulationReport): string {
  const head = [
    "strategy",
    "AULC (mean ± sd)",
    `AULC Δ vs ${report.baseline}`,
    `final acc`,
    ...report.shares.map((s) => `${report.unit} to ${shareKey(s)}`),
  ];
  const base = report.strategies.find((s) => s.strategy === report.baseline)?.aulc.mean ?? Number.NaN;
  const rows = report.strategies.map((s) => [
    s.strategy,
    `${fmt(s.aulc.mean, 4)} ± ${fmt(s.aulc.sd, 4)}`,
    `${s.aulc.mean - base >= 0 ? "+" : ""}${fmt(s.aulc.mean - base, 4)}`,
    `${fmt(s.final.accuracy, 4)} @ ${s.final.x}`,
    ...report.shares.map((sh) => {
      const v = s.reach[shareKey(sh)];
      return v === null || v === undefined ? "not reached" : String(v);
    }),
  ]);
  return table(head, rows);
}

/** Writes curves.csv, curves.json, summary.json, curves.svg, curves.png and index.html into `dir`. */
export async function writeSimulation(
  dir: string,
  data: { report: SimulationReport; runs: readonly SimulationRun[] },
  signal: AbortSignal,
): Promise<string[]> {
  const { report, runs } = data;
  await mkdir(dir, { recursive: true });
  const hasF1 = runs.every((r) => r.macroF1);
  const header = ["strategy", "seed", report.unit, "accuracy", ...(hasF1 ? ["macro_f1"] : [])];
  const rows = runs.flatMap((r) =>
    r.x.map((x, k) => [r.strategy, r.seed, x, r.accuracy[k]!, ...(hasF1 ? [r.macroF1![k]!] : [])]),
  );
  const svg = curvesSvg(report);
  const files = {
    csv: join(dir, "curves.csv"),
    curves: join(dir, "curves.json"),
    summary: join(dir, "summary.json"),
    svg: join(dir, "curves.svg"),
    png: join(dir, "curves.png"),
    html: join(dir, "index.html"),
  };
  await writeTable(files.csv, { header, rows }, { signal });
  await writeFileAtomic(files.curves, `${JSON.stringify({ unit: report.unit, runs }, null, 1)}\n`);
  await writeFileAtomic(files.summary, `${JSON.stringify(report, null, 1)}\n`);
  await writeFileAtomic(files.svg, svg);
  await writeFileAtomic(files.png, await svgToPng(svg));
  await writeFileAtomic(files.html, htmlPage(report, svg));
  return Object.values(files);
}

function curvesSvg(report: SimulationReport): string {
  return lineSvg({
    title: report.title,
    xLabel: report.unit,
    yLabel: "accuracy",
    series: report.strategies.map((s) => ({
      name: s.strategy,
      x: s.accuracy.x,
      y: s.accuracy.mean,
      lower: s.accuracy.mean.map((m, k) => m - s.accuracy.sd[k]!),
      upper: s.accuracy.mean.map((m, k) => m + s.accuracy.sd[k]!),
    })),
    references: [{ label: report.reference.name, y: report.reference.accuracy }],
  });
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function htmlPage(report: SimulationReport, svg: string): string {
  const head = [
    "strategy",
    "AULC",
    "sd",
    "final accuracy",
    ...report.shares.map((s) => `${report.unit} to ${shareKey(s)}`),
  ];
  const rows = report.strategies.map((s) => [
    s.strategy,
    fmt(s.aulc.mean, 4),
    fmt(s.aulc.sd, 4),
    `${fmt(s.final.accuracy, 4)} at ${s.final.x}`,
    ...report.shares.map((sh) => String(s.reach[shareKey(sh)] ?? "not reached")),
  ]);
  const cell = (tag: string, v: string) => `<${tag}>${esc(v)}</${tag}>`;
  const settings = Object.entries(report.settings)
    .map(([k, v]) => `<li><code>${esc(k)}</code>: ${esc(JSON.stringify(v))}</li>`)
    .join("");
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(report.title)}</title><style>` +
    "body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em}table{border-collapse:collapse}" +
    "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}</style></head><body>" +
    `<h1>${esc(report.title)}</h1>` +
    `<p>Reference: ${esc(report.reference.name)} = ${fmt(report.reference.accuracy, 4)}. AULC is the normalised ` +
    `area under the mean-accuracy learning curve (its mean height over the ${esc(report.unit)} range), averaged over seeds.</p>` +
    svg +
    `<table><thead><tr>${head.map((h) => cell("th", h)).join("")}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((v) => cell("td", v)).join("")}</tr>`).join("") +
    `</tbody></table><h2>Settings</h2><ul>${settings}</ul>` +
    "<p>Files: curves.csv and curves.json (every run), summary.json (this page's numbers).</p></body></html>\n"
  );
}
