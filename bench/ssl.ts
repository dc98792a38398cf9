// `npm run bench -- ssl [--seeds 5] [--pool 800] [--test 300] [--steps 200] [--methods a,b] [--sizes 20,50]`:
// semi-supervised learning on LSA "embeddings" of SST-2 and SMS spam (../shared/data/text). There is no sentence-
// embedding model in ../shared, so the features are TF-IDF (word unigrams + bigrams, sublinear tf) reduced to 100
// dimensions by randomized truncated SVD (latent semantic analysis) and L2-normalised, fitted (unsupervised) on the
// pool and test texts of each seed. For each seed: `--pool` rows drawn from the train pool (stratified), of which
// 20/50/100/250 keep their labels (stratified); `--test` rows of the fixed test set. Every method is fitted
// transductively on pool + test rows (test rows unlabeled: the graph methods need them in the graph, and the same
// setting is used for all) and scored by accuracy on the test rows. Baselines: the same MLP and schedule on the
// labeled rows alone ("supervised"), and softmax regression (C = 1) on the labeled rows of the LSA features and of
// the raw TF-IDF. Mean ± sd over seeds; Δ is the paired mean difference from "supervised".
import {
  fitTfidf,
  normalizeRows,
  predictProba,
  SSL_METHODS,
  type SslMethod,
  selectRows,
  softmaxRegression,
  sslFitPredict,
  truncatedSvd,
} from "@vox/core";
import { accuracyOf, numberArg as arg, loadTextSets, meanSd, pct, stratifiedSubset } from "./_textSets.js";
import { markdownTable, report } from "./_util.js";

const seeds = arg("--seeds", 5);
const poolSize = arg("--pool", 800);
const testSize = arg("--test", 300);
const steps = arg("--steps", 200);
const listArg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]!.split(",") : undefined;
};
const sizes = (listArg("--sizes") ?? ["20", "50", "100", "250"]).map(Number);
const methods = (listArg("--methods") ?? SSL_METHODS.filter((m) => m !== "supervised-logreg")) as SslMethod[];
const t0 = performance.now();
const sets = await loadTextSets();

type Row = { set: string; labels: number; method: string; accuracy: number[]; seconds: number[] };
const rows = new Map<string, Row>();
const record = (r: { set: string; labels: number; method: string; accuracy: number; seconds: number }) => {
  const key = `${r.set}|${r.labels}|${r.method}`;
  const row = rows.get(key) ?? { set: r.set, labels: r.labels, method: r.method, accuracy: [], seconds: [] };
  row.accuracy.push(r.accuracy);
  row.seconds.push(r.seconds);
  rows.set(key, row);
};

for (const set of sets) {
  const testRows = stratifiedSubset(set.test.y, Math.min(testSize, set.test.y.length), 12345);
  const testTexts = Array.from(testRows, (i) => set.test.texts[i]!);
  const testY = Int32Array.from(testRows, (i) => set.test.y[i]!);
  for (let seed = 0; seed < seeds; seed++) {
    const poolRows = stratifiedSubset(set.train.y, poolSize, 1000 + seed);
    const poolY = Int32Array.from(poolRows, (i) => set.train.y[i]!);
    const texts = [...Array.from(poolRows, (i) => set.train.texts[i]!), ...testTexts];
    const tfidf = fitTfidf(texts, { ngramRange: [1, 2], sublinearTf: true, minDf: 2 });
    const lsa = normalizeRows(truncatedSvd(tfidf.matrix, { components: 100, seed }).embedding);
    const testIdx = Int32Array.from(testRows, (_, t) => poolSize + t);
    for (const n of sizes) {
      const labeledInPool = stratifiedSubset(poolY, n, 2000 + seed);
      const labels = Int32Array.from(labeledInPool, (i) => poolY[i]!);
      const score = (probs: { rows: number; cols: number; data: Float64Array }) =>
        accuracyOf(testY, selectRows(probs, testIdx));
      for (const [name, x] of [
        ["logreg (LSA)", lsa],
        ["logreg (TF-IDF)", tfidf.matrix],
      ] as const) {
        const t = performance.now();
        const model = softmaxRegression(selectRows(x, labeledInPool), labels, { C: 1, classes: 2 }).model;
        const accuracy = accuracyOf(testY, predictProba(model, selectRows(x, testIdx)));
        record({ set: set.name, labels: n, method: name, accuracy, seconds: (performance.now() - t) / 1000 });
      }
      for (const method of methods) {
        const t = performance.now();
        const probs = sslFitPredict(
          lsa,
          { indices: labeledInPool, labels },
          { method, seed, steps, classes: 2 },
        );
        record({
          set: set.name,
          labels: n,
          method,
          accuracy: score(probs),
          seconds: (performance.now() - t) / 1000,
        });
      }
      process.stderr.write(
        `${set.name} seed ${seed} n=${n} done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
      );
    }
  }
}

const all = [...rows.values()];
const table = all.map((r) => {
  const base = rows.get(`${r.set}|${r.labels}|supervised`);
  const delta = base ? meanSd(r.accuracy.map((a, s) => a - base.accuracy[s]!)) : undefined;
  return [
    r.set,
    r.labels,
    r.method,
    pct(r.accuracy),
    delta ? `${(100 * delta.mean).toFixed(1)} ± ${(100 * delta.sd).toFixed(1)}` : "",
    meanSd(r.seconds).mean.toFixed(2),
  ];
});
const markdown = [
  `Semi-supervised learning on LSA (TF-IDF → 100-d truncated SVD) features: accuracy on ${testSize} test rows, ${seeds} seeds, pool ${poolSize} rows, ${steps} steps per deep method (\`npm run bench -- ssl\`; contended 2-core machine, times are indicative). Δ: paired difference from "supervised" (same MLP, labeled rows only), in points.`,
  "",
  markdownTable(["set", "labels", "method", "accuracy %", "Δ vs supervised", "s / fit"], table),
].join("\n");
report("ssl", {
  markdown,
  settings: { seeds, poolSize, testSize, steps, sizes, methods },
  rows: all,
  seconds: (performance.now() - t0) / 1000,
});
