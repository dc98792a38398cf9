// The shared text classification sets for the accuracy benchmarks (eda, robust): fixed test sets, seeded
// stratified training subsets, and mean ± sd over seeds.
import { createRng, stratifiedSplit } from "@vox/core";
import { readTextDataset } from "@vox/io";
import { sharedData } from "../test-support/index.js";

/** A text classification set with a fixed train pool and test set, labels as codes. */
export interface TextSet {
  name: string;
  classes: string[];
  train: { texts: string[]; y: Int32Array };
  test: { texts: string[]; y: Int32Array };
  /** How the test set was made. */
  split: string;
}

function encode(labels: (string | null)[], classes: string[]): Int32Array {
  return Int32Array.from(labels, (l) => classes.indexOf(l ?? ""));
}

/**
 * SST-2 (its own train.tsv / test.tsv) and the SMS Spam Collection (one file: a fixed stratified 20% test split,
 * seed 0; the same split for every seed and every method).
 */
export async function loadTextSets(): Promise<TextSet[]> {
  const sstTrain = await readTextDataset(sharedData("text/sst2/train.tsv"), { progress: false });
  const sstTest = await readTextDataset(sharedData("text/sst2/test.tsv"), { progress: false });
  const sstClasses = ["0", "1"];
  const sms = await readTextDataset(sharedData("text/sms_spam/SMSSpamCollection.tsv"), { progress: false });
  const smsClasses = ["ham", "spam"];
  const smsY = encode(sms.labels!, smsClasses);
  const held = stratifiedSplit(smsY, { fraction: 0.2, seed: 0 });
  const pick = (keep: 0 | 1) => {
    const rows = [...held.keys()].filter((i) => held[i] === keep);
    return { texts: rows.map((i) => sms.texts[i]!), y: Int32Array.from(rows, (i) => smsY[i]!) };
  };
  return [
    {
      name: "SST-2",
      classes: sstClasses,
      train: { texts: sstTrain.texts, y: encode(sstTrain.labels!, sstClasses) },
      test: { texts: sstTest.texts, y: encode(sstTest.labels!, sstClasses) },
      split: "train.tsv / test.tsv",
    },
    {
      name: "SMS spam",
      classes: smsClasses,
      train: pick(0),
      test: pick(1),
      split: "stratified 80/20 split of the one file (seed 0)",
    },
  ];
}

/** Exactly `size` rows, stratified (largest remainder per class), seeded; sorted row indices. */
export function stratifiedSubset(y: Int32Array, size: number, seed: number): Int32Array {
  const k = Math.max(...y) + 1;
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (const [i, c] of y.entries()) byClass[c]!.push(i);
  const exact = byClass.map((rows) => (rows.length * size) / y.length);
  const take = exact.map(Math.floor);
  let left = size - take.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, c) => [e - Math.floor(e), c] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, c] of order) if (left-- > 0) take[c]!++;
  const rng = createRng(seed);
  const out: number[] = [];
  byClass.forEach((rows, c) => {
    const shuffled = rng.shuffle(rows.slice());
    out.push(...shuffled.slice(0, take[c]));
  });
  return Int32Array.from(out.sort((a, b) => a - b));
}

/** The number after `name` on the command line, or `dflt`. */
export function numberArg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/** Mean and sample standard deviation. */
export function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.length > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) : 0;
  return { mean, sd: Math.sqrt(v) };
}

/** "83.1 ± 0.9" (percent). */
export function pct(xs: readonly number[]): string {
  const { mean, sd } = meanSd(xs);
  return `${(100 * mean).toFixed(1)} ± ${(100 * sd).toFixed(1)}`;
}

/** Share of rows where argmax(probs) equals the label. */
export function accuracyOf(y: Int32Array, probs: { rows: number; cols: number; data: Float64Array }): number {
  let hit = 0;
  for (let i = 0; i < y.length; i++) {
    let arg = 0;
    for (let c = 1; c < probs.cols; c++)
      if (probs.data[i * probs.cols + c]! > probs.data[i * probs.cols + arg]!) arg = c;
    if (arg === y[i]) hit++;
  }
  return hit / y.length;
}
