// `npm run bench -- eda [--seeds 5] [--size 500]`: does EDA (Wei & Zou 2019) help a linear text classifier with
// 500 training examples? On SST-2 and SMS spam (../shared/data/text): for each seed a stratified subset of --size
// rows of the train pool; TF-IDF (word unigrams, fitted on the training texts) + softmax regression (C = 1,
// lbfgs); accuracy on the fixed test set, with and without EDA. EDA settings: the paper's for 500 examples
// (α = 0.05, N = 16) and its general default (α = 0.1, N = 4); augmented copies keep their source's label and
// are added to the originals. Control: the originals repeated N + 1 times (same row count, so the L2 penalty
// weighs the same against the data; with a fixed C, more rows alone weaken the regularisation). Also reported, on
// the first setting: affinity (Gontijo-Lopes et al. 2020: accuracy of the model trained on the real subset on EDA
// copies of the test set, minus its accuracy on the test set), their diversity (final training loss with EDA /
// with the repeated originals), and distinct-2 / Self-BLEU of the copies vs the originals. Mean ± sd over seeds;
// gains are paired (same subset, same seed).
import {
  crossEntropyLoss,
  distinctN,
  eda,
  fitTfidf,
  modelAffinity,
  predictProba,
  selfBleu,
  softmaxLogits,
  softmaxRegression,
  transformTfidf,
} from "@vox/core";
import { readWordNet } from "@vox/io";
import { accuracyOf, numberArg as arg, loadTextSets, meanSd, pct, stratifiedSubset } from "./_textSets.js";
import { markdownTable, report } from "./_util.js";

const seeds = arg("--seeds", 5);
const size = arg("--size", 500);
const C = 1;
const settings = [
  { name: "EDA α=0.05, N=16", alpha: 0.05, n: 16 },
  { name: "EDA α=0.1, N=4", alpha: 0.1, n: 4 },
];
const t0 = performance.now();
const sets = await loadTextSets();
const wordnet = await readWordNet();

type Fit = { accuracy: number; trainLoss: number };
function fitAndScore(train: { texts: string[]; y: Int32Array }, test: { texts: string[]; y: Int32Array }) {
  const f = fitTfidf(train.texts);
  const r = softmaxRegression(f.matrix, train.y, { C, classes: 2 });
  const accuracy = accuracyOf(test.y, predictProba(r.model, transformTfidf(f.vectorizer, test.texts)));
  // Mean training cross-entropy without the penalty (Gontijo-Lopes et al.'s diversity compares final training losses).
  const trainLoss = crossEntropyLoss(softmaxLogits(r.model, f.matrix), train.y) / train.y.length;
  return {
    fit: { accuracy, trainLoss } as Fit,
    model: r.model,
    vectorizer: f.vectorizer,
    iterations: r.iterations,
  };
}

function augment(texts: string[], y: Int32Array, s: { alpha: number; n: number; seed: number }) {
  const a = eda(texts, {
    thesaurus: wordnet,
    n: s.n,
    alphaSr: s.alpha,
    alphaRi: s.alpha,
    alphaRs: s.alpha,
    pRd: s.alpha,
    seed: s.seed,
  });
  return { texts: a.texts, y: Int32Array.from(a.source, (i) => y[i]!) };
}

const results: Record<string, unknown>[] = [];
const rows: (string | number)[][] = [];
const extraRows: (string | number)[][] = [];
for (const set of sets) {
  const base: number[] = [];
  const withEda: number[][] = settings.map(() => []);
  const gains: number[][] = settings.map(() => []);
  const repeated: number[][] = settings.map(() => []);
  const overRepeat: number[][] = settings.map(() => []);
  const affinity: number[] = [];
  const diversity: number[] = [];
  const distinct2: [number[], number[]] = [[], []];
  const sbleu: [number[], number[]] = [[], []];
  for (let seed = 1; seed <= seeds; seed++) {
    process.stderr.write(`${set.name}, seed ${seed}\n`);
    const rowsIdx = stratifiedSubset(set.train.y, size, seed);
    const sub = {
      texts: Array.from(rowsIdx, (i) => set.train.texts[i]!),
      y: Int32Array.from(rowsIdx, (i) => set.train.y[i]!),
    };
    const plain = fitAndScore(sub, set.test);
    base.push(plain.fit.accuracy);
    for (const [q, s] of settings.entries()) {
      const aug = augment(sub.texts, sub.y, { ...s, seed });
      const train = { texts: [...sub.texts, ...aug.texts], y: Int32Array.from([...sub.y, ...aug.y]) };
      const r = fitAndScore(train, set.test);
      withEda[q]!.push(r.fit.accuracy);
      gains[q]!.push(r.fit.accuracy - plain.fit.accuracy);
      const copies = Array.from({ length: s.n + 1 }, () => sub);
      const dup = fitAndScore(
        { texts: copies.flatMap((c) => c.texts), y: Int32Array.from(copies.flatMap((c) => [...c.y])) },
        set.test,
      );
      repeated[q]!.push(dup.fit.accuracy);
      overRepeat[q]!.push(r.fit.accuracy - dup.fit.accuracy);
      if (q === 0) {
        diversity.push(r.fit.trainLoss / dup.fit.trainLoss);
        // Affinity: the model trained on the real subset, on EDA copies of the test set vs the test set.
        const testAug = augment(set.test.texts, set.test.y, { ...s, n: 1, seed: 1000 + seed });
        const aff = modelAffinity(
          {
            labels: testAug.y,
            probs: predictProba(plain.model, transformTfidf(plain.vectorizer, testAug.texts)),
          },
          {
            labels: set.test.y,
            probs: predictProba(plain.model, transformTfidf(plain.vectorizer, set.test.texts)),
          },
        );
        affinity.push(aff.affinity);
        distinct2[0].push(distinctN(sub.texts, 2).ratio);
        distinct2[1].push(distinctN(aug.texts, 2).ratio);
        sbleu[0].push(selfBleu(sub.texts).score);
        sbleu[1].push(selfBleu(aug.texts).score);
      }
    }
  }
  const points = (xs: number[]) => {
    const g = meanSd(xs);
    return `${g.mean >= 0 ? "+" : ""}${(100 * g.mean).toFixed(1)} ± ${(100 * g.sd).toFixed(1)}`;
  };
  rows.push([set.name, "no augmentation", size, pct(base), "–", "–"]);
  settings.forEach((s, q) => {
    rows.push([
      set.name,
      `originals ×${s.n + 1} (control)`,
      size * (s.n + 1),
      pct(repeated[q]!),
      points(repeated[q]!.map((a, i) => a - base[i]!)),
      "–",
    ]);
    rows.push([
      set.name,
      s.name,
      size * (s.n + 1),
      pct(withEda[q]!),
      points(gains[q]!),
      points(overRepeat[q]!),
    ]);
  });
  const f = (xs: number[], d = 3) => `${meanSd(xs).mean.toFixed(d)} ± ${meanSd(xs).sd.toFixed(d)}`;
  extraRows.push([
    set.name,
    `${(100 * meanSd(affinity).mean).toFixed(1)} ± ${(100 * meanSd(affinity).sd).toFixed(1)}`,
    f(diversity, 2),
    `${f(distinct2[0])} → ${f(distinct2[1])}`,
    `${f(sbleu[0])} → ${f(sbleu[1])}`,
  ]);
  results.push({
    set: set.name,
    split: set.split,
    trainPool: set.train.y.length,
    test: set.test.y.length,
    base,
    withEda,
    gains,
    affinity,
    diversity,
    distinct2,
    selfBleu: sbleu,
  });
}
const seconds = (performance.now() - t0) / 1000;
const markdown = [
  markdownTable(
    [
      "set",
      "training data",
      "rows",
      "test accuracy % (mean ± sd)",
      "vs no augmentation, points",
      "vs the control, points",
    ],
    rows,
  ),
  "",
  markdownTable(
    [
      "set",
      "affinity, points",
      "diversity (train loss, EDA / control)",
      "distinct-2: originals → EDA copies",
      "Self-BLEU-4: originals → EDA copies",
    ],
    extraRows,
  ),
  "",
  `${seeds} seeds, ${size} training rows per seed, TF-IDF + softmax regression (C = ${C}); ${seconds.toFixed(0)} s.`,
].join("\n");
report("eda", { seeds, size, C, settings, results, seconds, markdown });
