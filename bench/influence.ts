// `npm run bench -- influence [--seeds 3] [--n 2000] [--rate 0.1] [--sizes 250,500,1000,2000]`: finding injected
// label noise with INCV, influence-function self-influence and TracIn self-influence, against confident learning,
// and the cost of influence functions against leave-one-out retraining.
//
// Detection: on SST-2 and SMS spam (../shared/data/text; bench/_textSets.ts), a stratified subset of --n training
// rows (seeded), each label flipped with probability --rate (flipLabels, seed = the run's seed). TF-IDF (word
// unigrams, min_df 2) is fitted once on the subset's texts and shared by every method (transductive vocabulary, the
// same for all). Softmax regression, C = 1, everywhere:
//   CL            5-fold out-of-fold probabilities, findLabelIssues (prune_by_noise_rate) for the flagged set and
//                 1 − self-confidence for the ranking (Northcutt et al. 2021)
//   NCV, INCV     Chen et al. 2019 (one halving; 4 rounds, remove ratio from the round-1 estimate); INCV's ranking is
//                 removed → candidates → selected, by held-out loss
//   IF-self       ∇ℓᵢᵀH⁻¹∇ℓᵢ at the lbfgs fit (CG tolerance 1e-6)
//   TracIn-self   Σ_epochs η‖∇ℓᵢ‖² over 30 minibatch epochs (batch 64, Adam step 0.01)
//   loss          in-sample cross-entropy of the given label at the lbfgs fit (control)
// Measures: AUROC of the score against the flipped rows, precision at k = number of flips, flagged-set precision/
// recall where a method flags a set, and test accuracy after dropping each ranking's top k rows and refitting (the
// noisy-label baseline keeps every row). Mean ± sd over seeds.
//
// Cost: on SMS spam subsets of --sizes rows, the time of one lbfgs fit, of one test-loss influence solve (all
// training rows at once), of self-influence for every row, and of one leave-one-out refit (× n for all of LOO).
import {
  auroc,
  createLearner,
  crossValidatedProba,
  type Features,
  findLabelIssues,
  fitTfidf,
  flipLabels,
  incv,
  labelQualityScores,
  noisyCrossValidation,
  precisionAtK,
  predictProba,
  selectRows,
  softmaxInfluence,
  softmaxLogits,
  softmaxRegression,
  softmaxRows,
  TracInRecorder,
  tracInSelfInfluence,
  transformTfidf,
} from "@vox/core";
import { accuracyOf, loadTextSets, meanSd, numberArg, pct, stratifiedSubset } from "./_textSets.js";
import { markdownTable, report } from "./_util.js";

const seeds = numberArg("--seeds", 3);
const n = numberArg("--n", 2000);
const rate = numberArg("--rate", 0.1);
const sizesArg = process.argv.indexOf("--sizes");
const sizes = sizesArg >= 0 ? process.argv[sizesArg + 1]!.split(",").map(Number) : [250, 500, 1000, 2000];
const C = 1;
const tfidf = { minDf: 2 };
const t0 = performance.now();
const sets = await loadTextSets();
const time = <T>(f: () => T): [T, number] => {
  const s = performance.now();
  const r = f();
  return [r, (performance.now() - s) / 1000];
};
const fitLogreg = (x: Features, y: Int32Array) =>
  softmaxRegression(x, y, { classes: 2, C, solver: "lbfgs" }).model;

interface MethodResult {
  auroc: number;
  precisionAtK: number;
  setPrecision?: number;
  setRecall?: number;
  setSize?: number;
  testAccuracy: number;
  seconds: number;
}
const results = new Map<string, MethodResult[]>();
const baseline = new Map<string, number[]>();
const push = (key: string, r: MethodResult) => results.set(key, [...(results.get(key) ?? []), r]);

for (const set of sets) {
  for (let seed = 1; seed <= seeds; seed++) {
    const rows = stratifiedSubset(set.train.y, Math.min(n, set.train.y.length), seed);
    const texts = Array.from(rows, (i) => set.train.texts[i]!);
    const clean = Int32Array.from(rows, (i) => set.train.y[i]!);
    const noisy = flipLabels(clean, { rate, classes: 2, seed });
    const y = noisy.labels;
    const f = fitTfidf(texts, tfidf);
    const x = f.matrix;
    const xTest = transformTfidf(f.vectorizer, set.test.texts);
    const k = noisy.flips;
    const testAccuracyWithout = (score: ArrayLike<number>) => {
      const order = Int32Array.from({ length: y.length }, (_, i) => i).sort(
        (a, b) => score[b]! - score[a]! || a - b,
      );
      const keep = order.subarray(k).slice().sort();
      const m = fitLogreg(
        selectRows(x, keep),
        Int32Array.from(keep, (i) => y[i]!),
      );
      return accuracyOf(set.test.y, softmaxRows(softmaxLogits(m, xTest)));
    };
    const setStats = (flag: (i: number) => boolean) => {
      let tp = 0;
      let size = 0;
      for (let i = 0; i < y.length; i++) {
        if (!flag(i)) continue;
        size++;
        tp += noisy.flipped[i]!;
      }
      return { setPrecision: size ? tp / size : Number.NaN, setRecall: tp / k, setSize: size };
    };
    const score = (name: string, s: ArrayLike<number>, extra: { seconds: number }) =>
      push(`${set.name}|${name}`, {
        auroc: auroc(s, noisy.flipped),
        precisionAtK: precisionAtK(s, noisy.flipped, k).precision,
        testAccuracy: testAccuracyWithout(s),
        ...extra,
      });
    const [full, fitSeconds] = time(() => fitLogreg(x, y));
    baseline.set(set.name, [
      ...(baseline.get(set.name) ?? []),
      accuracyOf(set.test.y, softmaxRows(softmaxLogits(full, xTest))),
    ]);
    // Confident learning.
    const [cl, clSeconds] = time(() => {
      const oof = crossValidatedProba(x, y, {
        learner: createLearner({ model: "logreg", options: { C, solver: "lbfgs" } }),
        folds: 5,
        classes: 2,
        seed,
      });
      const mask = findLabelIssues(y, oof.probs, { filterBy: "prune_by_noise_rate" }).mask;
      const quality = labelQualityScores(y, oof.probs, { method: "self_confidence" });
      return { mask, score: quality.map((q) => 1 - q) };
    });
    score("CL (5-fold, prune_by_noise_rate)", cl.score, {
      seconds: clSeconds,
      ...setStats((i) => cl.mask[i] === 1),
    });
    // Noisy cross-validation and INCV.
    const fitPredict = (train: Int32Array, test: Int32Array) =>
      softmaxRows(
        softmaxLogits(
          fitLogreg(
            selectRows(x, train),
            Int32Array.from(train, (i) => y[i]!),
          ),
          selectRows(x, test),
        ),
      );
    const [ncv, ncvSeconds] = time(() => noisyCrossValidation(y, { fitPredict, classes: 2, seed }));
    score("NCV (unselected; score = held-out loss)", ncv.loss, {
      seconds: ncvSeconds,
      ...setStats((i) => ncv.selected[i] === 0),
    });
    const [inc, incvSeconds] = time(() => incv(y, { fitPredict, classes: 2, seed }));
    const incvScore = new Float64Array(y.length);
    inc.ranked.forEach((i, r) => {
      incvScore[i] = y.length - r;
    });
    score("INCV (removed)", incvScore, { seconds: incvSeconds, ...setStats((i) => inc.status[i] === 0) });
    push(`${set.name}|INCV (not selected)`, {
      ...results.get(`${set.name}|INCV (removed)`)!.at(-1)!,
      ...setStats((i) => inc.status[i] !== 2),
    });
    // Influence-function self-influence.
    const [self, selfSeconds] = time(() =>
      softmaxInfluence(full, { x, y }, { C, tolerance: 1e-6 }).selfInfluence(),
    );
    score("IF self-influence", self, { seconds: selfSeconds + fitSeconds });
    // TracIn self-influence.
    const [tracin, tracinSeconds] = time(() => {
      const rec = new TracInRecorder({ learningRate: 0.01 });
      softmaxRegression(x, y, {
        classes: 2,
        C,
        solver: "minibatch",
        epochs: 30,
        batchSize: 64,
        learningRate: 0.01,
        tolerance: 0,
        seed,
        onEpoch: rec.hook,
      });
      return tracInSelfInfluence(rec.checkpoints, { x, y });
    });
    score("TracIn self-influence", tracin, { seconds: tracinSeconds });
    // Control: in-sample loss of the given label.
    const p = predictProba(full, x);
    const loss = Float64Array.from(y, (c, i) => -Math.log(p.data[i * 2 + c]!));
    score("in-sample loss (control)", loss, { seconds: fitSeconds });
    process.stderr.write(`${set.name} seed ${seed}: ${k} flips of ${y.length}\n`);
  }
}

const methods = [...new Set([...results.keys()].map((key) => key.split("|")[1]!))];
const num = (xs: number[], digits = 3) => {
  const { mean, sd } = meanSd(xs);
  return `${mean.toFixed(digits)} ± ${sd.toFixed(digits)}`;
};
const detectionRows: (string | number)[][] = [];
for (const set of sets) {
  detectionRows.push([
    set.name,
    "no cleaning (noisy labels)",
    "–",
    "–",
    "–",
    "–",
    pct(baseline.get(set.name)!),
    "–",
  ]);
  for (const m of methods) {
    const r = results.get(`${set.name}|${m}`)!;
    const has = r[0]!.setPrecision !== undefined;
    detectionRows.push([
      set.name,
      m,
      num(r.map((v) => v.auroc)),
      num(r.map((v) => v.precisionAtK)),
      has
        ? `${num(
            r.map((v) => v.setPrecision!),
            2,
          )} / ${num(
            r.map((v) => v.setRecall!),
            2,
          )}`
        : "–",
      has ? meanSd(r.map((v) => v.setSize!)).mean.toFixed(0) : "–",
      pct(r.map((v) => v.testAccuracy)),
      meanSd(r.map((v) => v.seconds)).mean.toFixed(2),
    ]);
  }
}

// Cost: influence vs leave-one-out retraining on SMS spam subsets.
const sms = sets.find((s) => s.name === "SMS spam")!;
const costRows: (string | number)[][] = [];
const cost: Record<string, number>[] = [];
for (const size of sizes) {
  const rows = stratifiedSubset(sms.train.y, Math.min(size, sms.train.y.length), 1);
  const texts = Array.from(rows, (i) => sms.train.texts[i]!);
  const y = flipLabels(
    Int32Array.from(rows, (i) => sms.train.y[i]!),
    { rate, classes: 2, seed: 1 },
  ).labels;
  const f = fitTfidf(texts, tfidf);
  const x = f.matrix;
  const xTest = transformTfidf(f.vectorizer, sms.test.texts);
  const [model, fitSeconds] = time(() => fitLogreg(x, y));
  const inf = softmaxInfluence(model, { x, y }, { C });
  const [, testSeconds] = time(() => inf.testInfluence(xTest, sms.test.y));
  const probe = Int32Array.from({ length: Math.min(100, y.length) }, (_, i) => i);
  const [, selfSeconds] = time(() => inf.selfInfluence({ rows: probe }));
  const selfAll = (selfSeconds / probe.length) * y.length;
  const looRows = Math.min(5, y.length);
  const [, looSeconds] = time(() => {
    for (let i = 0; i < looRows; i++) {
      const keep = Int32Array.from({ length: y.length - 1 }, (_, t) => (t < i ? t : t + 1));
      fitLogreg(
        selectRows(x, keep),
        Int32Array.from(keep, (r) => y[r]!),
      );
    }
  });
  const looAll = (looSeconds / looRows) * y.length;
  cost.push({ n: y.length, features: x.cols, fitSeconds, testSeconds, selfAll, looAll });
  costRows.push([
    y.length,
    x.cols,
    fitSeconds.toFixed(3),
    testSeconds.toFixed(3),
    selfAll.toFixed(2),
    looAll.toFixed(1),
    `${(looAll / testSeconds).toFixed(0)}×`,
    `${(looAll / selfAll).toFixed(1)}×`,
  ]);
}

const markdown = [
  `### Finding injected label noise (${(100 * rate).toFixed(0)}% symmetric flips, ${n} training rows, ${seeds} seeds)`,
  "",
  markdownTable(
    [
      "set",
      "method",
      "AUROC",
      "precision@k (k = flips)",
      "flagged set precision / recall",
      "flagged",
      "test acc. after dropping top k",
      "seconds",
    ],
    detectionRows,
  ),
  "",
  "### Cost: influence functions vs leave-one-out retraining (SMS spam, softmax regression, lbfgs)",
  "",
  markdownTable(
    [
      "n",
      "features",
      "fit (s)",
      "test-set influence, all rows (s)",
      "self-influence, all rows (s, from 100)",
      "LOO for all rows (s, from 5 refits)",
      "LOO / test influence",
      "LOO / self-influence",
    ],
    costRows,
  ),
  "",
  `Total ${((performance.now() - t0) / 1000).toFixed(0)} s on a contended machine (\`npm run bench -- influence\`).`,
].join("\n");
report("influence", { seeds, n, rate, sizes, results: Object.fromEntries(results), cost, markdown });
