// `npm run bench -- agreement [--items N] [--nltk-items N]`: agreement coefficients on a synthetic crowd of N items
// (default 1M) × 5 raters (drawn from 100), 5 classes, made with simulateCrowd. Times every coefficient from the
// encoded judgments (median of 3 runs), the cost of one bootstrap replicate, and compares with statsmodels'
// fleiss_kappa on the same labels and nltk's alpha on the first --nltk-items items (default 10k).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Annotations,
  BootstrapRunner,
  brennanPrediger,
  categoryCounts,
  congerKappa,
  fleissKappa,
  fleissKappaStatistic,
  gwetAc1,
  type ItemStatistic,
  krippendorffAlpha,
  krippendorffAlphaStatistic,
  pairwiseKappa,
  percentAgreement,
  raterQuality,
  simulateCrowd,
} from "@vox/core";
import { writeNpy } from "@vox/io";
import { markdownTable, report, runExternal } from "./_util.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const items = arg("--items", 1_000_000);
const nltkItems = Math.min(items, arg("--nltk-items", 10_000));
const overlap = 5;

process.stderr.write(`simulating ${items} items × ${overlap} raters\n`);
const sim = simulateCrowd({ items, raters: 100, overlap, classes: 5, seed: 1, accuracy: [0.5, 0.9] });
const nominal = sim.annotations;
// The same judgments on a numeric scale 1 … 5 for the interval and ordinal levels.
const numeric: Annotations = { ...nominal, classes: nominal.classes.map((_, c) => String(c + 1)) };
const n = nominal.item.length;

/** Median seconds of `runs` calls (after one warm-up call) and the last value. */
function time(fn: () => number, runs = 3): { seconds: number; value: number } {
  let value = fn();
  const t: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    value = fn();
    t.push((performance.now() - t0) / 1000);
  }
  t.sort((x, y) => x - y);
  return { seconds: t[Math.floor(runs / 2)]!, value };
}

const rows: { metric: string; seconds: number; value: number }[] = [];
const measure = (metric: string, fn: () => number, runs = 3) => {
  process.stderr.write(`${metric}\n`);
  rows.push({ metric, ...time(fn, runs) });
};
measure("category counts (shared preprocessing)", () => categoryCounts(nominal).offsets.length);
measure("Krippendorff's α, nominal", () => krippendorffAlpha(nominal).value);
measure("Krippendorff's α, interval", () => krippendorffAlpha(numeric, { level: "interval" }).value);
measure("Krippendorff's α, ordinal", () => krippendorffAlpha(numeric, { level: "ordinal" }).value);
measure("Krippendorff's α, ratio", () => krippendorffAlpha(numeric, { level: "ratio" }).value);
measure("Fleiss' κ (with Gwet's SE and the FNL null SE)", () => fleissKappa(nominal).value);
const counts = categoryCounts(nominal);
measure("Fleiss' κ from category counts (counts given)", () => fleissKappa(counts).value);
measure("Fleiss' κ, quadratic weights", () => fleissKappa(numeric, { weights: "quadratic" }).value);
measure("Gwet's AC1", () => gwetAc1(nominal).value);
measure("percent agreement", () => percentAgreement(nominal).value);
measure("Brennan–Prediger", () => brennanPrediger(nominal).value);
measure("Conger's κ", () => congerKappa(nominal).value);
measure("pairwise Cohen's κ (4,950 rater pairs)", () => pairwiseKappa(nominal).mean, 1);
measure(
  "raterQuality (vs rest, LOO consensus, spammer score)",
  () => raterQuality(nominal).restAgreement[0]!,
  1,
);

// One bootstrap replicate: resample items, recompute from per-item sufficient statistics.
const replicate = (s: ItemStatistic, reps: number) => {
  const runner = new BootstrapRunner([s], 1);
  const t0 = performance.now();
  runner.step(reps);
  return (performance.now() - t0) / 1000 / reps;
};
const reps = items >= 1_000_000 ? 5 : 20;
process.stderr.write("bootstrap replicates\n");
const bootFleiss = replicate(fleissKappaStatistic(nominal), reps);
const bootAlpha = replicate(krippendorffAlphaStatistic(nominal), reps);

// Anchors on the same labels: items × 5 matrix of class codes (simulateCrowd emits each item's judgments together).
const dir = mkdtempSync(join(tmpdir(), "vox-bench-agree-"));
const npy = join(dir, "labels.npy");
await writeNpy(npy, { dtype: "int32", shape: [items, overlap], data: nominal.label });
process.stderr.write("running the statsmodels / nltk anchor\n");
type Anchor = {
  statsmodels: string;
  nltk: string;
  aggregateSeconds: number;
  fleissSeconds: number;
  fleiss: number;
  nltkAlphaSeconds: number;
  nltkAlpha: number;
};
const anchor = runExternal<Anchor>("/usr/bin/python3", [
  "bench/_agreement_anchor.py",
  npy,
  String(nltkItems),
]);
rmSync(dir, { recursive: true, force: true });

// vox on the nltk subset: the first nltkItems items (simulateCrowd emits each item's judgments together, in order).
const cut = nltkItems * overlap;
const subset: Annotations = {
  ...nominal,
  items: nominal.items.slice(0, nltkItems),
  item: nominal.item.subarray(0, cut),
  rater: nominal.rater.subarray(0, cut),
  label: nominal.label.subarray(0, cut),
};
const small = time(() => krippendorffAlpha(subset).value, 5);

const fleissRow = rows.find((r) => r.metric.startsWith("Fleiss' κ (with"))!;
const fleissCountsRow = rows.find((r) => r.metric.startsWith("Fleiss' κ from category counts"))!;
const mjs = (s: number, count = n) => (count / s / 1e6).toFixed(1);
const table = markdownTable(
  ["metric", "seconds", "M judgments/s", "value"],
  rows.map((r) => [
    r.metric,
    r.seconds.toFixed(3),
    mjs(r.seconds),
    r.metric.startsWith("category") ? "–" : r.value.toFixed(6),
  ]),
);
const anchorRows: (string | number)[][] = [];
if (anchor) {
  if (Math.abs(anchor.fleiss - fleissRow.value) > 1e-9)
    throw new Error(`Fleiss' κ differs: ${anchor.fleiss} vs ${fleissRow.value}`);
  if (Math.abs(anchor.nltkAlpha - small.value) > 1e-9)
    throw new Error(`α differs: ${anchor.nltkAlpha} vs ${small.value}`);
  const total = anchor.aggregateSeconds + anchor.fleissSeconds;
  anchorRows.push(
    [
      `Fleiss' κ, ${items.toLocaleString("en")} items`,
      `statsmodels ${anchor.statsmodels} aggregate_raters + fleiss_kappa`,
      total.toFixed(3),
      fleissRow.seconds.toFixed(3),
      (total / fleissRow.seconds).toFixed(1),
    ],
    [
      `Fleiss' κ, ${items.toLocaleString("en")} items`,
      "statsmodels fleiss_kappa alone vs vox fleissKappa on category counts (count table given to both)",
      anchor.fleissSeconds.toFixed(3),
      fleissCountsRow.seconds.toFixed(3),
      (anchor.fleissSeconds / fleissCountsRow.seconds).toFixed(1),
    ],
    [
      `α nominal, ${nltkItems.toLocaleString("en")} items`,
      `nltk ${anchor.nltk} AnnotationTask.alpha`,
      anchor.nltkAlphaSeconds.toFixed(3),
      small.seconds.toFixed(4),
      (anchor.nltkAlphaSeconds / small.seconds).toFixed(0),
    ],
  );
}
const markdown = [
  `${items.toLocaleString("en")} items × ${overlap} raters (of 100), 5 classes: ${n.toLocaleString("en")} judgments (simulateCrowd, seed 1). Median of 3 runs from the encoded judgments (category counts included), one process, Node ${process.version}:`,
  "",
  table,
  "",
  `One bootstrap replicate (resample ${items.toLocaleString("en")} items, recompute from per-item counts): Fleiss' κ ${(bootFleiss * 1000).toFixed(0)} ms, α nominal ${(bootAlpha * 1000).toFixed(0)} ms (mean of ${reps}).`,
  "",
  anchor
    ? markdownTable(["task", "anchor", "anchor s", "vox s", "anchor / vox"], anchorRows)
    : "(anchor skipped: /usr/bin/python3 with statsmodels and nltk not available)",
  "",
  `Peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB.`,
].join("\n");
report("agreement", {
  items,
  judgments: n,
  rows,
  bootstrap: { fleissSeconds: bootFleiss, alphaSeconds: bootAlpha, reps },
  anchor,
  voxSubsetAlpha: small,
  markdown,
});
