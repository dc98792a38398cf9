// Child process of bench/kernels.ts (fresh process: clean peak RSS). Prints one JSON line.
//   topk BACKEND NQ NR D K METRIC  -> seconds of topKNeighbours(queries, refs) on seeded uniform Float32 rows,
//                                     peak RSS, and the neighbours of the first 100 queries (to compare backends)
//   embed MODEL_DIR N              -> texts/s embedding the first N SST-2 training sentences (after a warm-up batch)
import { join, resolve } from "node:path";
import { createOnnxBackend, loadEmbedder } from "@vox/accel";
import { createRng, type DistanceMetric, type LinalgBackend, pureBackend } from "@vox/core";
import { readTextDataset } from "@vox/io";

const [mode, ...args] = process.argv.slice(2);
const sharedTexts = () =>
  join(process.env.VOX_SHARED ?? resolve("..", "shared"), "data", "text", "sst2", "train.tsv");
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

function uniform(rows: number, cols: number, seed: number) {
  const rng = createRng(seed);
  const data = new Float32Array(rows * cols);
  for (let p = 0; p < data.length; p++) data[p] = rng.float();
  return { rows, cols, data };
}

if (mode === "topk") {
  const [name, nq, nr, d, k, metric] = args as [string, string, string, string, string, DistanceMetric];
  const backend: LinalgBackend = name === "pure" ? pureBackend : createOnnxBackend();
  const refs = uniform(Number(nr), Number(d), 2);
  const queries = uniform(Number(nq), Number(d), 3);
  const t0 = performance.now();
  const top = backend.topKNeighbours(queries, refs, { k: Number(k), metric });
  const seconds = (performance.now() - t0) / 1000;
  const first = Array.from(top.indices.subarray(0, Math.min(100, Number(nq)) * top.k));
  process.stdout.write(`${JSON.stringify({ seconds, peakRssMiB: peakRssMiB(), first })}\n`);
} else if (mode === "embed") {
  const [dir, n] = args as [string, string];
  const all = await readTextDataset(process.env.VOX_BENCH_TEXTS ?? sharedTexts(), { progress: false });
  const texts = all.texts.slice(0, Number(n));
  const embedder = await loadEmbedder(dir);
  await embedder.embed(texts.slice(0, 64)); // warm-up: session initialisation, first-run allocations
  const t0 = performance.now();
  const m = await embedder.embed(texts, { batchSize: 32 });
  const seconds = (performance.now() - t0) / 1000;
  await embedder.dispose();
  process.stdout.write(
    `${JSON.stringify({ texts: m.rows, dim: m.cols, precision: embedder.precision, seconds, peakRssMiB: peakRssMiB() })}\n`,
  );
} else throw new Error(`unknown mode ${mode}`);
