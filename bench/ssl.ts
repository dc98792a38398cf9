// `npm run bench -- ssl [--seeds 5] [--pool 600] [--test 300] [--steps 150] [--methods a,b] [--sizes 20,50]`:
// semi-supervised learning on LSA "embeddings" of SST-2 and SMS spam (../shared/data/text). There is no sentence-
// embedding model in ../shared, so the features are TF-IDF (word unigrams + bigrams, sublinear tf) reduced to 100
// dimensions by randomized truncated SVD (latent semantic analysis) and L2-normalised, fitted (unsupervised) on the
// pool and test texts of each seed. For each seed: `--pool` rows drawn from the train pool (stratified), of which
// 20/50/100/250 keep their labels (stratified); `--test` rows of the fixed test set. Every method is fitted
// transductively on pool + test rows (test rows unlabeled: the graph methods need them in the graph, and the same
// setting is used for all) and scored by accuracy on the test rows. Baselines: the same MLP and schedule on the
// labeled rows alone ("supervised"), and softmax regression (C = 1) on the labeled rows of the LSA features and of
// the raw TF-IDF. Mean ± sd over seeds; Δ is the paired mean difference from "supervised". The two sets run in
// parallel child processes (`--child NAME` runs one set and prints its rows as JSON).

import { spawn } from "node:child_process";
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
import {
  accuracyOf,
  numberArg as arg,
  loadTextSets,
  meanSd,
  pct,
  stratifiedSubset,
  type TextSet,
} from "./_textSets.js";
import { markdownTable, report } from "./_util.js";

const seeds = arg("--seeds", 5);
const poolSize = arg("--pool", 600);
const testSize = arg("--test", 300);
const steps = arg("--steps", 150);
const listArg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]!.split(",") : undefined;
};
const sizes = (listArg("--sizes") ?? ["20", "50", "100", "250"]).map(Number);
// "supervised-logreg" is the logreg (LSA) row below; "fixmatch-da" is left out by default to keep the run short.
const methods = (listArg("--methods") ??
  SSL_METHODS.filter((m) => m !== "supervised-logreg" && m !== "fixmatch-da")) as SslMethod[];
const child = listArg("--child")?.[0];
const t0 = performance.now();

type Row = { set: string; labels: number; method: string; accuracy: number[]; seconds: number[] };
const rows = new Map<string, Row>();
const record = (r: { set: string; labels: number; method: string; accuracy: number; seconds: number }) => {
  const key = `${r.set}|${r.labels}|${r.method}`;
  const row = rows.get(key) ?? { set: r.set, labels: r.labels, method: r.method, accuracy: [], seconds: [] };
  row.accuracy.push(r.accuracy);
  row.seconds.push(r.seconds);
  rows.set(key, row);
};

async function runSet(set: TextSet): Promise<void> {
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

if (child !== undefined) {
  const set = (await loadTextSets()).find((t) => t.name === child);
  if (!set) throw new Error(`no text set named ${child}`);
  await runSet(set);
  process.stdout.write(`${JSON.stringify([...rows.values()])}\n`);
  process.exit(0);
}
const names = (await loadTextSets()).map((t) => t.name);
const passOn = process.argv.slice(2).filter((a, i, all) => a !== "--child" && all[i - 1] !== "--child");
const results = await Promise.all(names.map((name) => runBenchChild([...passOn, "--child", name])));
for (const r of results.flat()) rows.set(`${r.set}|${r.labels}|${r.method}`, r);

/** Runs this file for one set in a child process; resolves with the rows it prints last. */
function runBenchChild(args: string[]): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ["--conditions=vox-source", "--import", "tsx", "bench/ssl.ts", ...args],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    p.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    p.on("exit", (code) => {
      if (code !== 0) reject(new Error(`bench/ssl.ts ${args.join(" ")} exited with ${code}`));
      const lines = out.trim().split("\n");
      resolve(JSON.parse(lines[lines.length - 1]!) as Row[]);
    });
  });
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
