// `npm run bench -- simulate [--quick] [--part crowd|text] [--seeds N]`: the issue-6 experiments.
// Crowd part: active repeated labeling replayed on the real crowds in ../shared/data/crowd (a judgment is revealed
// only when a policy asks for that (item, rater) pair), Dawid–Skene after each round, accuracy against gold: how many
// judgments each policy needs to reach full-redundancy Dawid–Skene accuracy. Text part: pool-based active learning
// on SST-2 and SMS spam, TF-IDF (word unigrams, fitted on the pool texts) + softmax regression (C = 1), a fixed
// stratified pool of 2000 training rows (seed 0), init 20, batch 20, budget 500, accuracy on the fixed test set;
// mean normalised AULC over seeds per strategy against random. No sentence-embedding model exists here, so only
// TF-IDF features are measured. --quick: 2 seeds, fewer strategies. Timings come from a contended 2-core machine.
import {
  accuracy,
  argmaxRows,
  createLearner,
  encodeGold,
  fitTfidf,
  getQueryStrategy,
  type ItemScore,
  labelsToReach,
  learningCurveArea,
  predictProba,
  type RaterChoice,
  replayRepeatedLabeling,
  simulateActiveLearning,
  transformTfidf,
} from "@vox/core";
import { readAnnotations, readGold } from "@vox/io";
import { sharedData } from "../test-support/index.js";
import { loadTextSets, meanSd, numberArg, stratifiedSubset } from "./_textSets.js";
import { markdownTable, report } from "./_util.js";

const quick = process.argv.includes("--quick");
const partArg = process.argv.indexOf("--part");
const part = partArg >= 0 ? process.argv[partArg + 1] : "all";
const seeds = numberArg("--seeds", quick ? 2 : 5);
const seedList = Array.from({ length: seeds }, (_, k) => k);
const t0 = Date.now();

const CROWDS = [
  { name: "Snow RTE", answers: "snow_rte/rte.standardized.tsv", gold: "snow_rte/rte.standardized.tsv" },
  { name: "Snow TEMP", answers: "snow_temp/temp.standardized.tsv", gold: "snow_temp/temp.standardized.tsv" },
  { name: "Snow WSD", answers: "snow_wsd/wsd.standardized.tsv", gold: "snow_wsd/wsd.standardized.tsv" },
  { name: "D_PosSent", answers: "zheng_d_possent/answer.csv", gold: "zheng_d_possent/truth.csv" },
  { name: "D_Product", answers: "zheng_d_product/answer.csv", gold: "zheng_d_product/truth.csv" },
];

const POLICIES: { name: string; score: ItemScore; rater: RaterChoice }[] = [
  { name: "posterior:information", score: "posterior", rater: "information" },
  { name: "posterior:random", score: "posterior", rater: "random" },
  { name: "lu:random", score: "lu", rater: "random" },
  { name: "round-robin", score: "fewest", rater: "random" },
  { name: "random", score: "random", rater: "random" },
];

/** Mean curve over runs that share one x grid up to the shortest run. */
function meanOf(curves: { x: number[]; y: number[] }[]): { x: number[]; y: number[] } {
  const len = Math.min(...curves.map((c) => c.x.length));
  const x = curves[0]!.x.slice(0, len);
  const y = x.map((_, k) => curves.reduce((s, c) => s + c.y[k]!, 0) / curves.length);
  return { x, y };
}

const f = (v: number, d = 4) => v.toFixed(d);

async function crowdPart() {
  const results: Record<string, unknown>[] = [];
  const rows: (string | number)[][] = [];
  for (const set of CROWDS) {
    const { annotations: a } = await readAnnotations(sharedData("crowd", set.answers), { progress: false });
    const gold = encodeGold(a, (await readGold(sharedData("crowd", set.gold), { progress: false })).pairs);
    const n = a.item.length;
    const batch = Math.ceil(a.items.length / 20);
    for (const p of quick ? POLICIES.filter((q) => q.name !== "posterior:random") : POLICIES) {
      const start = Date.now();
      const runs = seedList.map((seed) =>
        replayRepeatedLabeling(a, {
          truth: gold.truth,
          initial: 1,
          batch,
          score: p.score,
          rater: p.rater,
          seed,
        }),
      );
      const full = runs[0]!.fullAccuracy;
      const mean = meanOf(runs.map((r) => ({ x: Array.from(r.judgments), y: Array.from(r.accuracy) })));
      const toFull = labelsToReach(mean.x, mean.y, full);
      const to99 = labelsToReach(mean.x, mean.y, 0.99 * full);
      const perSeed = runs.map((r) => r.judgmentsToFull);
      const aulc = meanSd(runs.map((r) => learningCurveArea(r.judgments, r.accuracy)));
      const seconds = (Date.now() - start) / 1000 / seeds;
      results.push({
        set: set.name,
        policy: p.name,
        items: a.items.length,
        judgments: n,
        batch,
        full,
        toFull,
        to99,
        perSeed,
        aulc,
        mean,
        seconds,
      });
      rows.push([
        set.name,
        p.name,
        `${f(full)} (${n})`,
        toFull < 0 ? "not reached" : `${toFull} (${((100 * toFull) / n).toFixed(0)}%)`,
        to99 < 0 ? "not reached" : `${to99} (${((100 * to99) / n).toFixed(0)}%)`,
        `${f(meanSd(perSeed).mean, 0)} [${Math.min(...perSeed)}–${Math.max(...perSeed)}]`,
        `${f(aulc.mean)} ± ${f(aulc.sd)}`,
        seconds.toFixed(1),
      ]);
      process.stderr.write(
        `${set.name} ${p.name}: to full ${toFull}, to 99% ${to99}, per seed ${perSeed.join(",")}\n`,
      );
    }
  }
  const markdown = markdownTable(
    [
      "crowd",
      "policy",
      "full-redundancy DS acc (judgments)",
      "judgments: mean curve reaches full",
      "judgments: mean curve reaches 99% of full",
      "per-seed first reach, mean [min–max]",
      "AULC ± sd",
      "s/run",
    ],
    rows,
  );
  return { results, markdown };
}

async function textPart() {
  const sets = await loadTextSets();
  const strategies = quick
    ? ["random", "margin", "entropy"]
    : ["random", "margin", "entropy", "least-confidence", "badge", "core-set"];
  const learner = createLearner({ model: "logreg", options: { C: 1 } });
  const results: Record<string, unknown>[] = [];
  const rows: (string | number)[][] = [];
  for (const set of sets) {
    const pool = stratifiedSubset(set.train.y, 2000, 0);
    const texts = Array.from(pool, (i) => set.train.texts[i]!);
    const y = Int32Array.from(pool, (i) => set.train.y[i]!);
    const tf = fitTfidf(texts);
    const x = tf.matrix;
    const test = { x: transformTfidf(tf.vectorizer, set.test.texts), y: set.test.y };
    const fullModel = learner(x, y, { classes: 2, seed: 0 });
    const full = accuracy(test.y, argmaxRows(predictProba(fullModel, test.x)));
    let randomAulc: number[] = [];
    for (const name of strategies) {
      const start = Date.now();
      const runs = seedList.map((seed) =>
        simulateActiveLearning(x, y, {
          strategy: getQueryStrategy(name),
          learner,
          test,
          init: 20,
          batch: 20,
          budget: 500,
          seed,
        }),
      );
      const aulcs = runs.map((r) => learningCurveArea(r.labels, r.accuracy));
      const f1s = runs.map((r) => learningCurveArea(r.labels, r.macroF1));
      if (name === "random") randomAulc = aulcs;
      const diff = aulcs.map((v, k) => v - randomAulc[k]!);
      const mean = meanOf(runs.map((r) => ({ x: Array.from(r.labels), y: Array.from(r.accuracy) })));
      const to90 = labelsToReach(mean.x, mean.y, 0.9 * full);
      const to95 = labelsToReach(mean.x, mean.y, 0.95 * full);
      const seconds = (Date.now() - start) / 1000 / seeds;
      const a = meanSd(aulcs);
      const d = meanSd(diff);
      const wins = diff.filter((v) => v > 0).length;
      results.push({
        set: set.name,
        strategy: name,
        full,
        aulc: a,
        aulcMacroF1: meanSd(f1s),
        diffVsRandom: d,
        perSeed: aulcs,
        wins,
        to90,
        to95,
        final: mean.y[mean.y.length - 1],
        mean,
        seconds,
      });
      rows.push([
        set.name,
        name,
        `${f(a.mean)} ± ${f(a.sd)}`,
        name === "random"
          ? "–"
          : `${d.mean >= 0 ? "+" : ""}${f(d.mean)} ± ${f(d.sd)} (${wins}/${seeds} seeds)`,
        f(meanSd(f1s).mean),
        f(mean.y[mean.y.length - 1]!),
        to90 < 0 ? "not reached" : to90,
        to95 < 0 ? "not reached" : to95,
        seconds.toFixed(1),
      ]);
      process.stderr.write(
        `${set.name} ${name}: AULC ${f(a.mean)} (Δ ${f(d.mean)}), ${seconds.toFixed(1)} s/run\n`,
      );
    }
    rows.push([set.name, `(full pool of 2000: accuracy ${f(full)})`, "", "", "", "", "", "", ""]);
  }
  const markdown = markdownTable(
    [
      "set",
      "strategy",
      "AULC (accuracy) ± sd",
      "Δ AULC vs random (paired by seed)",
      "AULC (macro-F1)",
      "accuracy at 500",
      "labels to 90% of full",
      "labels to 95% of full",
      "s/run",
    ],
    rows,
  );
  return { results, markdown };
}

const crowd = part === "all" || part === "crowd" ? await crowdPart() : undefined;
const text = part === "all" || part === "text" ? await textPart() : undefined;
const seconds = (Date.now() - t0) / 1000;
const settings = {
  seeds,
  quick,
  crowd:
    "init 1 judgment per item, batch ⌈items/20⌉ requests per round, Dawid–Skene (no smoothing) after each round",
  text: "TF-IDF word unigrams fitted on a fixed stratified 2000-row pool (seed 0), softmax regression C = 1, init 20, batch 20, budget 500",
};
report(`simulate${part === "all" ? "" : `-${part}`}${quick ? "-quick" : ""}`, {
  settings,
  crowd: crowd?.results,
  text: text?.results,
  seconds,
  markdown: [
    `Settings: ${seeds} seeds; ${settings.crowd}; ${settings.text}. Total ${seconds.toFixed(0)} s on a contended machine.`,
    ...(crowd ? ["", "### Active repeated labeling (crowd replay)", "", crowd.markdown] : []),
    ...(text ? ["", "### Active learning on text (TF-IDF + softmax regression)", "", text.markdown] : []),
  ].join("\n"),
});
