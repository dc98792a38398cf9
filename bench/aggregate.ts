// `npm run bench -- aggregate [--quick]`: truth inference on every crowd dataset in ../shared/data/crowd, beside the
// published numbers in its README (Zheng et al. PVLDB 2017 Table 6; crowd-kit's JOSS 2024 accuracies; crowd-kit
// 1.4.1 runs on this machine class), then a synthetic 10M-judgment crowd (1M items, 10k raters, 5 classes) fitted
// by Dawid–Skene and others in fresh processes for their time per iteration and peak RSS. crowd-kit itself is not
// installed here (no PyPI), so its columns are the published numbers, not a same-machine run. --quick skips the
// 10M run (it takes a few minutes).
import {
  type AggregateResult,
  type Annotations,
  categoricalAggregators,
  encodeGold,
  numericMean,
  numericMedian,
  numericTrimmedMean,
  raterBiasPrecision,
  scoreLabels,
  scoreValues,
} from "@vox/core";
import { readAnnotations, readGold } from "@vox/io";
import { markdownTable, report, runChild } from "./_util.js";

const SHARED = process.env.VOX_SHARED ?? "../shared";
const crowd = (...p: string[]) => [SHARED, "data", "crowd", ...p].join("/");
const quick = process.argv.includes("--quick");

/** Datasets: judgments, gold (the Snow files carry gold in a column), and the positive class for F1. */
const DATASETS = [
  { name: "D_Product", dir: "zheng_d_product", answers: "answer.csv", gold: "truth.csv", positive: "1" },
  { name: "D_PosSent", dir: "zheng_d_possent", answers: "answer.csv", gold: "truth.csv", positive: "1" },
  { name: "Snow RTE", dir: "snow_rte", answers: "rte.standardized.tsv", gold: undefined, positive: "1" },
  { name: "Snow TEMP", dir: "snow_temp", answers: "temp.standardized.tsv", gold: undefined, positive: "1" },
  {
    name: "Snow WSD",
    dir: "snow_wsd",
    answers: "wsd.standardized.tsv",
    gold: undefined,
    positive: undefined,
  },
  {
    name: "crowd-kit toy",
    dir: "crowdkit_toy",
    answers: "answer.csv",
    gold: "truth.csv",
    positive: undefined,
  },
  {
    name: "crowd-kit simple",
    dir: "crowdkit_simple",
    answers: "answer.csv",
    gold: "truth.csv",
    positive: undefined,
  },
] as const;

/** Published accuracy (and F1 of class "1") in ../shared/data/crowd/README.md. */
const ZHENG: Record<string, Record<string, [number, number]>> = {
  D_Product: {
    mv: [89.66, 59.05],
    onecoin: [92.8, 63.59],
    glad: [92.2, 60.17],
    ds: [93.66, 71.59],
    kos: [89.55, 50.31],
  },
  D_PosSent: {
    mv: [93.31, 92.85],
    onecoin: [95.1, 94.6],
    glad: [95.2, 94.71],
    ds: [96.0, 95.66],
    kos: [93.8, 93.06],
  },
};
const CROWDKIT: Record<string, Record<string, number>> = {
  D_Product: { mv: 89.7, wawa: 89.7, ds: 94.0, glad: 92.8, kos: 89.5, mace: 92.9 },
  D_PosSent: { mv: 93.2, wawa: 95.1, ds: 96.0, glad: 94.8, kos: 93.3, mace: 95.0 },
  "Snow RTE": { ds: 92.75 },
  "Snow TEMP": { ds: 94.16 },
  "Snow WSD": { ds: 99.44 },
};

function timed<T>(fn: () => T): { value: T; ms: number } {
  // Best of three, after one warm-up run: the datasets are small enough that single runs are mostly JIT noise.
  fn();
  let best = Infinity;
  let value!: T;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { value, ms: best };
}

/** Accuracy of majority vote averaged over all tie-breaks (Zheng et al.'s MV), from its posteriors. */
function expectedAccuracy(r: AggregateResult, truth: Int32Array): number {
  const K = r.posteriors.cols;
  let n = 0;
  let credit = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i]! < 0) continue;
    n++;
    const row = r.posteriors.data.subarray(i * K, (i + 1) * K);
    const best = Math.max(...row);
    const tied = row.filter((p) => p >= best - 1e-12).length;
    if (row[truth[i]!]! >= best - 1e-12) credit += 1 / tied;
  }
  return credit / n;
}

const rows: (string | number)[][] = [];
const results: Record<string, unknown>[] = [];
const dsChecks: string[] = [];
for (const set of DATASETS) {
  const read = await readAnnotations(crowd(set.dir, set.answers), { progress: false });
  const pairs = set.gold ? (await readGold(crowd(set.dir, set.gold), { progress: false })).pairs : read.gold!;
  const g = encodeGold(read.annotations, pairs);
  const a: Annotations = { ...read.annotations, classes: g.classes };
  const positive = set.positive ? a.classes.indexOf(set.positive) : -1;
  for (const m of categoricalAggregators) {
    if (m.needsKnown || (m.binaryOnly && a.classes.length > 2)) continue;
    const { value: r, ms } = timed(() => m.fit(a, {}));
    const s = scoreLabels(g.truth, r.labels, a.classes.length);
    const accuracy = 100 * s.accuracy;
    const f1 = 100 * (positive >= 0 ? s.f1[positive]! : s.macroF1);
    const zheng = ZHENG[set.name]?.[m.name];
    const ck = CROWDKIT[set.name]?.[m.name];
    const note =
      m.name === "mv" && expectedAccuracy(r, g.truth) !== s.accuracy
        ? `over all tie-breaks ${(100 * expectedAccuracy(r, g.truth)).toFixed(2)}`
        : "";
    rows.push([
      set.name,
      m.name,
      accuracy.toFixed(2),
      f1.toFixed(2),
      zheng ? `${zheng[0].toFixed(2)} / ${zheng[1].toFixed(2)}` : "",
      ck !== undefined ? ck.toFixed(2) : "",
      ms < 10 ? ms.toFixed(1) : Math.round(ms),
      r.iterations,
      note,
    ]);
    results.push({
      dataset: set.name,
      method: m.name,
      accuracy,
      f1,
      ms,
      iterations: r.iterations,
      zheng,
      crowdKit: ck,
    });
    if (m.name === "ds") {
      const anchors = [zheng?.[0], ck].filter((x): x is number => x !== undefined);
      for (const anchor of anchors) {
        const gap = accuracy - anchor;
        dsChecks.push(
          `${Math.abs(gap) <= 0.5 ? "ok  " : "MISS"} ${set.name}: DS ${accuracy.toFixed(2)} vs ${anchor.toFixed(2)} (${gap >= 0 ? "+" : ""}${gap.toFixed(2)} pt)`,
        );
      }
    }
  }
}

// N_Emotion: numeric scores −100…100, ten per item.
const emotion = await readAnnotations(crowd("zheng_n_emotion", "answer.csv"), { progress: false });
const emotionGold = (await readGold(crowd("zheng_n_emotion", "truth.csv"), { progress: false })).pairs;
const ea = emotion.annotations;
const truth = new Float64Array(ea.items.length).fill(Number.NaN);
const itemIndex = new Map(ea.items.map((x, i) => [x, i]));
for (const [item, v] of emotionGold) truth[itemIndex.get(item)!] = Number(v);
const ZHENG_NUMERIC: Record<string, [number, number]> = { mean: [12.02, 17.84], median: [13.53, 21.26] };
const numericRows: (string | number)[][] = [];
for (const [name, method] of [
  ["mean", numericMean],
  ["median", numericMedian],
  ["trimmed", numericTrimmedMean],
  ["bias", raterBiasPrecision],
] as const) {
  const { value: r, ms } = timed(() => method(ea));
  const s = scoreValues(truth, r.values);
  const z = ZHENG_NUMERIC[name];
  numericRows.push([
    name,
    s.mae.toFixed(2),
    s.rmse.toFixed(2),
    z ? `${z[0].toFixed(2)} / ${z[1].toFixed(2)}` : "",
    ms.toFixed(1),
    r.iterations,
  ]);
  results.push({ dataset: "N_Emotion", method: name, mae: s.mae, rmse: s.rmse, ms });
}

// 10M judgments: 1M items × 10 raters each out of 10k, 5 classes, 10% spammers; one fresh process per method.
type Big = {
  method: string;
  judgments: number;
  simulateSeconds: number;
  setupSeconds: number;
  fitSeconds: number;
  iterations: number;
  converged: boolean;
  secondsPerIteration: number;
  accuracy: number;
  peakRssMiB: number;
};
const big: Big[] = [];
if (!quick) {
  for (const method of ["mv", "onecoin", "ds", "ds@30", "glad"]) {
    process.stderr.write(`10M judgments: ${method}\n`);
    big.push(runChild<Big>("bench/_aggregateChild.ts", [method, "1000000", "10000", "5", "10"]));
  }
}

const markdown = [
  'Accuracy and F1 (%) per dataset and method: F1 of class "1" on the binary sets (Zheng et al.\'s measure), macro-F1',
  "on WSD and the crowd-kit fixtures. Published: Zheng et al. PVLDB 2017 Table 6 (accuracy / F1; their ZC column is",
  "shown against one-coin DS) and crowd-kit's accuracies (JOSS 2024 for D_Product and D_PosSent; crowd-kit 1.4.1 runs",
  "recorded in ../shared/data/crowd/README.md for Snow). Time: best of 3 runs in one process, default options.",
  "",
  markdownTable(
    ["dataset", "method", "acc", "F1", "Zheng acc / F1", "crowd-kit acc", "ms", "iters", "note"],
    rows,
  ),
  "",
  "Dawid–Skene against the published accuracies (goal: within 0.5 pt):",
  "",
  ...dsChecks.map((s) => `    ${s}`),
  "",
  "N_Emotion (numeric, −100…100): MAE and RMSE against Zheng et al. 2017 Table 6.",
  "",
  markdownTable(["method", "MAE", "RMSE", "Zheng MAE / RMSE", "ms", "iters"], numericRows),
  ...(big.length
    ? [
        "",
        `Synthetic crowd: ${big[0]!.judgments.toLocaleString("en")} judgments (1,000,000 items × 10 raters out of 10,000, 5 classes,`,
        `10% spammers), one fresh process per method; simulating took ${big[0]!.simulateSeconds.toFixed(1)} s (not counted).`,
        "ds@30 runs exactly 30 EM iterations (tolerance 0): a steadier time per iteration and a worst case for the fit.",
        "",
        markdownTable(
          ["method", "setup s", "fit s", "iterations", "s / iteration", "accuracy %", "peak RSS MiB"],
          big.map((b) => [
            b.method,
            b.setupSeconds.toFixed(2),
            b.fitSeconds.toFixed(2),
            `${b.iterations}${b.converged ? "" : " (cap)"}`,
            b.secondsPerIteration.toFixed(3),
            (100 * b.accuracy).toFixed(2),
            Math.round(b.peakRssMiB),
          ]),
        ),
      ]
    : []),
];
report("aggregate", { results, dsChecks, big, markdown: markdown.join("\n") });
