// Child process of bench/neighbours.ts (fresh process: clean peak RSS). Prints one JSON line.
//   outliers BACKEND FILE QUERIES      -> QUERIES = all rows: knnGraph (k = 10, cosine, exact duplicates corrected)
//                                         + knnOutlierScores + nearDuplicateIssues, with their counts; fewer: the
//                                         kNN search of that prefix only (the part that grows with N², for
//                                         extrapolation). Seconds, peak RSS, the first 100 rows' neighbours.
//   neardups BACKEND FILE QUERIES SIM  -> cosine radius search (similarity ≥ SIM) of a prefix or of all rows; with
//                                         all rows also exactDuplicateRows + duplicateSets (union–find).
import { createOnnxBackend } from "@vox/accel";
import {
  duplicateSets,
  exactDuplicateRows,
  knnGraph,
  knnOutlierScores,
  type LinalgBackend,
  type Matrix,
  nearDuplicateIssues,
  pureBackend,
  radiusNeighboursInChunks,
  topKNeighboursInChunks,
} from "@vox/core";
import { readNpy } from "@vox/io";

const [mode, name, file, queriesArg, simArg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string?,
];
const backend: LinalgBackend = name === "pure" ? pureBackend : createOnnxBackend();
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;
const npy = await readNpy(file);
const x: Matrix<Float32Array> = { rows: npy.shape[0]!, cols: npy.shape[1]!, data: npy.data as Float32Array };
const q = Number(queriesArg);
const full = q >= x.rows;
const prefix = { rows: q, cols: x.cols, data: x.data.subarray(0, q * x.cols) };
const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);

const t0 = performance.now();
let out: Record<string, unknown>;
if (mode === "outliers") {
  if (full) {
    const graph = await knnGraph(x, { k: 10, metric: "cosine", backend });
    const o = knnOutlierScores(graph);
    const nd = nearDuplicateIssues(graph);
    out = {
      outliers: count(o.isIssue),
      isOutlier: Array.from(o.isIssue.keys()).filter((i) => o.isIssue[i] === 1),
      nearDuplicates: count(nd.isIssue),
      first: Array.from(graph.indices.subarray(0, 100 * graph.k)),
    };
  } else {
    const top = await topKNeighboursInChunks(prefix, x, {
      k: 10,
      metric: "cosine",
      excludeSelf: true,
      backend,
    });
    out = { first: Array.from(top.indices.subarray(0, Math.min(100, q) * top.k)) };
  }
} else if (mode === "neardups") {
  const radius = 1 - Number(simArg);
  const near = await radiusNeighboursInChunks(full ? x : prefix, x, {
    radius,
    metric: "cosine",
    excludeSelf: true,
    backend,
  });
  out = { links: near.indices.length };
  if (full) {
    const found = duplicateSets({ rows: x.rows, group: exactDuplicateRows(x), near });
    out.sets = found.sets.length;
    out.rowsInSets = found.sets.reduce((s, m) => s + m.length, 0);
  }
} else throw new Error(`unknown mode ${mode}`);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, peakRssMiB: peakRssMiB(), queries: q, ...out })}\n`);
