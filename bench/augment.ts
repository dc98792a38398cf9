// `npm run bench -- augment [--n 4]`: augmentation throughput on the SST-2 train set (../shared/data/text, 7447
// sentences): EDA with WordNet 3.1 and UDA's TF-IDF word replacement, n outputs per sentence, each in a fresh
// process. Anchor: the same algorithms in Python (bench/_augment_nltk.py: NLTK 3.8's WordNet reader on the same
// files, numpy for TF-IDF), run on the same machine. Set-up (loading WordNet, computing IDF) is timed apart.
import { existsSync } from "node:fs";
import { sharedData } from "../test-support/index.js";
import { markdownTable, report, runChild, runExternal } from "./_util.js";

const i = process.argv.indexOf("--n");
const n = i >= 0 ? Number(process.argv[i + 1]) : 4;
const path = sharedData("text/sst2/train.tsv");
if (!existsSync(path)) {
  process.stderr.write(`bench augment needs ${path} (set VOX_SHARED)\n`);
  process.exit(2);
}

type Run = { sentences: number; outputs: number; loadSeconds: number; seconds: number; peakRssMiB: number };
const rows: (string | number)[][] = [];
const results: Record<string, unknown> = {};
for (const method of ["eda", "tfidf"] as const) {
  process.stderr.write(`${method}: vox\n`);
  const vox = runChild<Run>("bench/_augmentChild.ts", [method, path, String(n)]);
  process.stderr.write(`${method}: python\n`);
  const py = runExternal<Run & { nltk: string }>("/usr/bin/python3", [
    "bench/_augment_nltk.py",
    method,
    path,
    String(n),
  ]);
  results[method] = { vox, python: py };
  const rate = (r: Run) => r.sentences / r.seconds;
  rows.push([
    `${method} (vox)`,
    vox.sentences,
    vox.outputs,
    vox.loadSeconds,
    vox.seconds,
    Math.round(rate(vox)),
    Math.round(vox.peakRssMiB),
    "1.00",
  ]);
  if (py)
    rows.push([
      `${method} (Python: ${method === "eda" ? `NLTK ${py.nltk} WordNet` : "numpy"})`,
      py.sentences,
      py.outputs,
      py.loadSeconds,
      py.seconds,
      Math.round(rate(py)),
      Math.round(py.peakRssMiB),
      (rate(py) / rate(vox)).toFixed(2),
    ]);
}
const markdown = markdownTable(
  [
    "method",
    "sentences",
    "outputs",
    "set-up s",
    "augment s",
    "sentences/s",
    "peak RSS MiB",
    "throughput vs vox",
  ],
  rows,
);
report("augment", { n, results, markdown });
