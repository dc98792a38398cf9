// Child process of bench/augment.ts: augments the SST-2 train set one way and prints timings as JSON.
import { eda, tfidfReplace, tfidfStats } from "@vox/core";
import { readTextDataset, readWordNet } from "@vox/io";

const [method, path, nArg] = process.argv.slice(2) as [string, string, string];
const n = Number(nArg);
const data = await readTextDataset(path, { progress: false });
const t0 = performance.now();
let outputs = 0;
let loadSeconds = 0;
let seconds: number;
if (method === "eda") {
  const wn = await readWordNet();
  loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  outputs = eda(data.texts, { thesaurus: wn, n, seed: 1 }).texts.length;
  seconds = (performance.now() - t1) / 1000;
} else if (method === "tfidf") {
  const stats = tfidfStats(data.texts);
  loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  outputs = tfidfReplace(data.texts, { stats, p: 0.1, n, seed: 1 }).texts.length;
  seconds = (performance.now() - t1) / 1000;
} else throw new Error(`unknown method ${method}`);
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ sentences: data.texts.length, outputs, loadSeconds, seconds, peakRssMiB })}\n`,
);
