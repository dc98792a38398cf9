// `npm run bench -- models [--rows N] [--docs N] [--iterations N]`: models and features against scikit-learn.
// 1. Softmax regression on N × 384 dense features, 10 classes (default N = 100k): vox's L-BFGS and minibatch solvers
//    and scikit-learn's LogisticRegression(multinomial, lbfgs) with the same iteration budget, same data (.npy).
// 2. TF-IDF and feature hashing of N documents (default 100k) sampled with replacement (seed 1) from the shared text
//    sets (SST-2 train + test, SMS spam), against TfidfVectorizer / HashingVectorizer on the same file.
// Each vox run is a fresh process (clean peak RSS); anchors run with Debian's /usr/bin/python3. Files are deleted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@vox/core";
import { encodeNpy } from "@vox/io";
import { sharedData } from "../test-support/index.js";
import { markdownTable, report, runChild, runExternal } from "./_util.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const rows = arg("--rows", 100_000);
const docsN = arg("--docs", 100_000);
const budget = arg("--iterations", 100);
const epochs = arg("--epochs", 5);
const d = 384;
const k = 10;
const dir = mkdtempSync(join(tmpdir(), "vox-bench-models-"));

// Softmax data: 10 Gaussian classes, means N(0, 0.1²) per coordinate, unit noise (classes overlap).
process.stderr.write(`writing ${rows} × ${d} features\n`);
const rng = createRng(1);
const means = Float64Array.from({ length: k * d }, () => rng.normal(0, 0.1));
const x = new Float64Array(rows * d);
const y = new Int32Array(rows);
for (let i = 0; i < rows; i++) {
  const c = rng.int(k);
  y[i] = c;
  for (let j = 0; j < d; j++) x[i * d + j] = means[c * d + j]! + rng.normal();
}
const xPath = join(dir, "x.npy");
const yPath = join(dir, "y.npy");
writeFileSync(xPath, encodeNpy({ data: x, shape: [rows, d] }));
writeFileSync(yPath, encodeNpy({ data: y, shape: [rows] }));

// TF-IDF corpus: documents drawn with replacement from the shared text sets.
const pool: string[] = [];
for (const f of [
  ["sst2", "train.tsv"],
  ["sst2", "test.tsv"],
  ["sms_spam", "SMSSpamCollection.tsv"],
]) {
  for (const line of readFileSync(sharedData("text", ...f), "utf8").split("\n")) {
    const tab = line.indexOf("\t");
    if (tab >= 0) pool.push(line.slice(tab + 1).replace(/\r/g, " "));
  }
}
const corpus = Array.from({ length: docsN }, () => pool[rng.int(pool.length)]!);
const docsPath = join(dir, "docs.txt");
writeFileSync(docsPath, `${corpus.join("\n")}\n`);

type Run = { seconds: number; peakRssMiB: number; [k: string]: unknown };
const py = (args: string[]) => runExternal<Run>("/usr/bin/python3", ["bench/_sklearn_models.py", ...args]);
const child = (args: string[], env?: Record<string, string>) =>
  runChild<Run>("bench/_modelsChild.ts", args, env);

process.stderr.write(`softmax regression: vox lbfgs (${budget} iterations max), pure-TS kernels\n`);
const voxLbfgs = child(["softmax-lbfgs", xPath, yPath, String(budget)]);
process.stderr.write("softmax regression: vox lbfgs, onnxruntime kernels (@vox/accel)\n");
const voxLbfgsOrt = child(["softmax-lbfgs", xPath, yPath, String(budget)], {
  VOX_BENCH_BACKEND: "onnxruntime",
});
process.stderr.write(`softmax regression: vox minibatch (${epochs} epochs)\n`);
const voxMinibatch = child(["softmax-minibatch", xPath, yPath, String(epochs)]);
process.stderr.write("softmax regression: scikit-learn\n");
const skSoftmax = py(["softmax-lbfgs", xPath, yPath, String(budget)]);

const text: { name: string; vox: Run; sk: Run | undefined }[] = [];
for (const [mode, n] of [
  ["tfidf", "1"],
  ["tfidf", "2"],
  ["hashing", "1"],
] as const) {
  process.stderr.write(`${mode} (1–${n}-grams): vox, scikit-learn\n`);
  text.push({
    name: `${mode} ${n === "1" ? "unigrams" : "1–2-grams"}`,
    vox: child([mode, docsPath, n]),
    sk: py([mode, docsPath, n]),
  });
}
rmSync(dir, { recursive: true, force: true });

const ratio = (a: Run | undefined, b: Run) => (a ? (a.seconds / b.seconds).toFixed(2) : "–");
const softmaxRows: (string | number)[][] = [
  [
    "vox L-BFGS, pure-TS kernels",
    voxLbfgs.seconds,
    String(voxLbfgs.iterations),
    String(voxLbfgs.converged),
    (voxLbfgs.logLoss as number).toFixed(4),
    Math.round(voxLbfgs.peakRssMiB),
    "1.00",
  ],
  [
    "vox L-BFGS, onnxruntime kernels",
    voxLbfgsOrt.seconds,
    String(voxLbfgsOrt.iterations),
    String(voxLbfgsOrt.converged),
    (voxLbfgsOrt.logLoss as number).toFixed(4),
    Math.round(voxLbfgsOrt.peakRssMiB),
    ratio(voxLbfgsOrt, voxLbfgs),
  ],
  [
    "vox minibatch Adam",
    voxMinibatch.seconds,
    `${voxMinibatch.iterations} epochs`,
    "–",
    (voxMinibatch.logLoss as number).toFixed(4),
    Math.round(voxMinibatch.peakRssMiB),
    ratio(voxMinibatch, voxLbfgs),
  ],
];
if (skSoftmax)
  softmaxRows.push([
    `scikit-learn ${skSoftmax.sklearn} lbfgs`,
    skSoftmax.seconds,
    String(skSoftmax.iterations),
    String(skSoftmax.converged),
    (skSoftmax.logLoss as number).toFixed(4),
    Math.round(skSoftmax.peakRssMiB),
    ratio(skSoftmax, voxLbfgs),
  ]);
const textRows = text.flatMap(({ name, vox, sk }) => [
  [
    `vox ${name}`,
    vox.seconds,
    Math.round(docsN / vox.seconds / 1000),
    String(vox.columns),
    String(vox.nnz),
    Math.round(vox.peakRssMiB),
    "1.00",
  ],
  ...(sk
    ? [
        [
          `scikit-learn ${name}`,
          sk.seconds,
          Math.round(docsN / sk.seconds / 1000),
          String(sk.columns),
          String(sk.nnz),
          Math.round(sk.peakRssMiB),
          ratio(sk, vox),
        ],
      ]
    : []),
]);
const markdown = [
  `Softmax regression, ${rows.toLocaleString("en")} × ${d} dense float64 features, ${k} classes, C = 1, at most ${budget} L-BFGS iterations (log-loss on the training rows):`,
  "",
  markdownTable(
    ["solver", "seconds", "iterations", "converged", "log-loss", "peak RSS MiB", "time vs vox L-BFGS"],
    softmaxRows,
  ),
  "",
  `Text features of ${docsN.toLocaleString("en")} documents (sampled with replacement from SST-2 and SMS spam), default settings otherwise:`,
  "",
  markdownTable(
    ["vectorizer", "seconds", "k docs/s", "columns", "non-zeros", "peak RSS MiB", "time vs vox"],
    textRows,
  ),
].join("\n");
report("models", {
  rows,
  d,
  k,
  budget,
  epochs,
  docs: docsN,
  softmax: { voxLbfgs, voxMinibatch, sklearn: skSoftmax },
  text,
  markdown,
});
