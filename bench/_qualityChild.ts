// Child process of bench/quality.ts: builds (or reads) labels and probabilities, times vox's confident learning
// and prints {examples, classes, setupSeconds, seconds: {...}, peakRssMiB} as JSON.
import {
  createRng,
  FILTER_BY,
  findLabelIssues,
  healthSummary,
  LABEL_QUALITY_METHODS,
  labelQualityScores,
  type Matrix,
  rankLabelIssues,
} from "@vox/core";
import { readLabels, readMatrix } from "@vox/io";

const [source, a, b] = process.argv.slice(2) as [string, string, string];
const t0 = performance.now();
let labels: Int32Array;
let probs: Matrix;
if (source === "synthetic") {
  // n examples, k classes: a latent class, 20% of labels resampled uniformly, probabilities from a noisy softmax
  const n = Number(a);
  const k = Number(b);
  const rng = createRng(1);
  labels = new Int32Array(n);
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const truth = rng.int(k);
    labels[i] = rng.float() < 0.2 ? rng.int(k) : truth;
    let s = 0;
    for (let c = 0; c < k; c++) {
      const v = Math.exp(rng.normal() + (c === truth ? 2 : 0));
      data[i * k + c] = v;
      s += v;
    }
    for (let c = 0; c < k; c++) data[i * k + c]! /= s;
  }
  probs = { rows: n, cols: k, data };
} else {
  labels = Int32Array.from((await readLabels(a, { progress: false })).labels, Number);
  probs = (await readMatrix(b, { progress: false })).matrix;
}
const setupSeconds = (performance.now() - t0) / 1000;
/** Best of three runs, in seconds (the first run of a code path also pays for JIT compilation). */
const time = (f: () => unknown) => {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const s = performance.now();
    f();
    best = Math.min(best, (performance.now() - s) / 1000);
  }
  return best;
};
const seconds: Record<string, number> = {};
const flagged: Record<string, number> = {};
for (const mode of FILTER_BY) {
  let count = 0;
  seconds[mode] = time(() => {
    count = findLabelIssues(labels, probs, { filterBy: mode }).indices.length;
  });
  flagged[mode] = count;
}
for (const m of LABEL_QUALITY_METHODS)
  seconds[`scores:${m}`] = time(() => labelQualityScores(labels, probs, { method: m }));
const issues = findLabelIssues(labels, probs).indices;
seconds["rank flagged (self_confidence)"] = time(() => rankLabelIssues(labels, probs, { flagged: issues }));
seconds["rank all examples"] = time(() => rankLabelIssues(labels, probs));
seconds.healthSummary = time(() => healthSummary(labels, probs));
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ examples: labels.length, classes: probs.cols, setupSeconds, seconds, flagged, peakRssMiB })}\n`,
);
