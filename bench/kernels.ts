// `npm run bench -- kernels [--quick]`: the linalg backends against numpy (Debian python3-numpy, OpenBLAS).
//  1. matmul 2000×384 · 384×2000 (Float32 and Float64): GFLOP/s of the pure-TS and onnxruntime backends (median
//     of several runs after a warm-up), and numpy's on the same shapes.
//  2. exact top-10 squared-Euclidean neighbours of 100k×384 Float32 queries among 100k×384 references, each
//     backend in a fresh process (peak RSS shows the search never holds the 100k × 100k matrix). onnxruntime runs
//     every query; pure-TS and numpy run a prefix of the queries and are extrapolated linearly (the work is
//     exactly proportional to the number of queries), which the table says. Cosine on a prefix too.
//  3. sentence embeddings per second on SST-2 sentences: the shared model in ../shared/models if present (else
//     skipped with the reason); a random-weight encoder with all-MiniLM-L6-v2's shape (bench/_minilmProxy.ts: the
//     same arithmetic per token, so an estimate of that model's speed here); and the test-built tiny model
//     (tokenizer + pipeline overhead only).
// --quick shrinks everything for a smoke run (written to bench/results/kernels-quick.*, not committed).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createOnnxBackend, inspectModelFolder, writeTinyModel } from "@vox/accel";
import { createRng, type Matrix, pureBackend } from "@vox/core";
import { writeMiniLmProxy } from "./_minilmProxy.js";
import { markdownTable, report, runChild, runExternal } from "./_util.js";

const quick = process.argv.includes("--quick");
const M = 2000;
const K = 384;
const N = 2000;
const refs = quick ? 5000 : 100_000;
const onnxQueries = quick ? 1000 : 100_000;
const pureQueries = quick ? 200 : 2000;
const numpyQueries = quick ? 1000 : 10_000;
const cosineQueries = quick ? 1000 : 10_000;
const sharedRoot = process.env.VOX_SHARED ?? resolve("..", "shared");

function uniform(rows: number, cols: number, seed: number): Matrix<Float32Array> {
  const rng = createRng(seed);
  const data = new Float32Array(rows * cols);
  for (let p = 0; p < data.length; p++) data[p] = rng.float();
  return { rows, cols, data };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

// 1. matmul ----------------------------------------------------------------------------------------------------
const onnx = createOnnxBackend();
const gflops = (s: number) => (2 * M * K * N) / s / 1e9;
type MatmulRow = { backend: string; dtype: string; seconds: number; gflops: number };
const matmul: MatmulRow[] = [];
for (const dtype of ["float32", "float64"] as const) {
  const a32 = uniform(M, K, 1);
  const b32 = uniform(K, N, 2);
  const a = dtype === "float32" ? a32 : { ...a32, data: Float64Array.from(a32.data) };
  const b = dtype === "float32" ? b32 : { ...b32, data: Float64Array.from(b32.data) };
  for (const [name, backend, reps] of [
    ["pure-ts", pureBackend, quick ? 1 : 3],
    ["onnxruntime", onnx, quick ? 3 : 10],
  ] as const) {
    process.stderr.write(`matmul ${dtype} ${name}\n`);
    const c = {
      rows: M,
      cols: N,
      data: dtype === "float32" ? new Float32Array(M * N) : new Float64Array(M * N),
    };
    backend.gemm(a, b, { c }); // warm-up (session creation, JIT)
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      backend.gemm(a, b, { c });
      times.push((performance.now() - t0) / 1000);
    }
    const s = median(times);
    matmul.push({ backend: name, dtype, seconds: s, gflops: gflops(s) });
  }
}
process.stderr.write("matmul numpy\n");
type NumpyMatmul = {
  numpy: string;
  float32: { seconds: number; gflops: number };
  float64: { seconds: number };
};
const np = runExternal<NumpyMatmul & { float64: { gflops: number } }>("/usr/bin/python3", [
  "bench/_numpy_kernels.py",
  "matmul",
  String(M),
  String(K),
  String(N),
  quick ? "2" : "5",
]);
if (np)
  for (const dtype of ["float32", "float64"] as const)
    matmul.push({ backend: `numpy ${np.numpy} (OpenBLAS)`, dtype, ...np[dtype] });
const anchorOf = (dtype: string) => matmul.find((r) => r.dtype === dtype && r.backend.startsWith("numpy"));
const matmulTable = markdownTable(
  ["backend", "dtype", "ms per product", "GFLOP/s", "vs numpy", "vs pure-ts"],
  matmul.map((r) => {
    const pure = matmul.find((p) => p.dtype === r.dtype && p.backend === "pure-ts")!;
    const anchor = anchorOf(r.dtype);
    return [
      r.backend,
      r.dtype,
      r.seconds * 1000,
      r.gflops,
      anchor ? (r.gflops / anchor.gflops).toFixed(2) : "–",
      (r.gflops / pure.gflops).toFixed(1),
    ];
  }),
);

// 2. top-10 neighbours -----------------------------------------------------------------------------------------
type KnnRun = { seconds: number; peakRssMiB: number; first: number[] };
type KnnRow = { who: string; metric: string; queries: number; run: { seconds: number; peakRssMiB: number } };
const knn: KnnRow[] = [];
const child = (backend: string, queries: number, metric: string) => {
  process.stderr.write(`top-10 ${metric} ${backend}: ${queries} queries × ${refs} refs\n`);
  return runChild<KnnRun>("bench/_kernelsChild.ts", [
    "topk",
    backend,
    String(queries),
    String(refs),
    String(K),
    "10",
    metric,
  ]);
};
const onnxRun = child("onnx", onnxQueries, "sqeuclidean");
const timing = ({ seconds, peakRssMiB }: KnnRun) => ({ seconds, peakRssMiB }); // not the neighbour lists
knn.push({ who: "onnxruntime", metric: "sqeuclidean", queries: onnxQueries, run: timing(onnxRun) });
const pureRun = child("pure", pureQueries, "sqeuclidean");
knn.push({ who: "pure-ts", metric: "sqeuclidean", queries: pureQueries, run: timing(pureRun) });
process.stderr.write(`top-10 numpy: ${numpyQueries} queries × ${refs} refs\n`);
const npKnn = runExternal<{ numpy: string; seconds: number; peakRssMiB: number }>("/usr/bin/python3", [
  "bench/_numpy_kernels.py",
  "knn",
  String(numpyQueries),
  String(refs),
  String(K),
  "10",
]);
if (npKnn)
  knn.push({
    who: `numpy ${npKnn.numpy} (blocked, argpartition)`,
    metric: "sqeuclidean",
    queries: numpyQueries,
    run: npKnn,
  });
knn.push({
  who: "onnxruntime",
  metric: "cosine",
  queries: cosineQueries,
  run: timing(child("onnx", cosineQueries, "cosine")),
});
knn.push({
  who: "pure-ts",
  metric: "cosine",
  queries: pureQueries,
  run: timing(child("pure", pureQueries, "cosine")),
});
// Both backends saw the same first queries (same seed): how many of the first 100 top-10 lists agree exactly?
let same = 0;
for (let i = 0; i < 100 && i < pureQueries; i++) {
  const a = onnxRun.first.slice(i * 10, i * 10 + 10).join();
  const b = pureRun.first.slice(i * 10, i * 10 + 10).join();
  if (a === b) same++;
}
const full = 100_000;
const knnTable = markdownTable(
  [
    "who",
    "metric",
    "queries run",
    "seconds",
    "queries/s",
    `est. seconds for ${full / 1000}k queries`,
    "peak RSS MiB",
  ],
  knn.map((r) => [
    r.who,
    r.metric,
    r.queries,
    r.run.seconds,
    Math.round(r.queries / r.run.seconds),
    r.queries === full
      ? `${r.run.seconds.toFixed(0)} (measured)`
      : ((r.run.seconds * full) / r.queries).toFixed(0),
    Math.round(r.run.peakRssMiB),
  ]),
);

// 3. embeddings ------------------------------------------------------------------------------------------------
type EmbedRun = { texts: number; dim: number; precision: string; seconds: number; peakRssMiB: number };
const embedRows: (string | number)[][] = [];
const embedNotes: string[] = [];
const embedTexts = quick ? 256 : 7447;
const modelsDir = join(sharedRoot, "models");
let shared: string | undefined;
try {
  for (const name of readdirSync(modelsDir).sort()) {
    try {
      inspectModelFolder(join(modelsDir, name));
      shared = join(modelsDir, name);
      break;
    } catch {
      // not a model folder
    }
  }
  if (!shared) embedNotes.push(`no transformers.js model folder in ${modelsDir}: shared-model row skipped`);
} catch {
  embedNotes.push(`${modelsDir} does not exist: the shared-model row is skipped`);
}
const sst2 = join(sharedRoot, "data", "text", "sst2", "train.tsv");
const tmp = mkdtempSync(join(tmpdir(), "vox-bench-kernels-"));
if (existsSync(sst2)) {
  const sentences = readFileSync(sst2, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.slice(l.indexOf("\t") + 1));
  const words = [...new Set(sentences.flatMap((t) => t.split(/\s+/).filter(Boolean)))];
  process.stderr.write(`writing the MiniLM-L6-shaped proxy (${words.length} words)\n`);
  const proxy = writeMiniLmProxy(join(tmp, "minilm-proxy"), words);
  const tiny = writeTinyModel(join(tmp, "tiny"), words.slice(0, 50));
  for (const [label, dir] of [
    ...(shared ? [[`shared model ${shared}`, shared]] : []),
    ["MiniLM-L6-shaped proxy, random weights (6 layers, 384 hidden, 12 heads, 1536 FFN)", proxy],
    ["tiny test model (table look-up: tokenizer + pipeline overhead only)", tiny.dir],
  ] as [string, string][]) {
    process.stderr.write(`embedding ${embedTexts} texts with ${dir}\n`);
    const r = runChild<EmbedRun>("bench/_kernelsChild.ts", ["embed", dir, String(embedTexts)]);
    embedRows.push([
      label,
      r.precision,
      r.dim,
      r.texts,
      r.seconds,
      Math.round(r.texts / r.seconds),
      Math.round(r.peakRssMiB),
    ]);
  }
} else embedNotes.push(`${sst2} not found: embeddings skipped`);
rmSync(tmp, { recursive: true, force: true });
const embedTable = markdownTable(
  ["model", "precision", "dim", "texts", "seconds", "texts/s", "peak RSS MiB"],
  embedRows,
);

const markdown = [
  `### matmul ${M}×${K} · ${K}×${N}`,
  "",
  matmulTable,
  "",
  `### exact top-10 neighbours, ${refs / 1000}k × ${K} Float32 references`,
  "",
  knnTable,
  "",
  `onnxruntime and pure-TS return the same top-10 list (indices in order) for ${same} of the first ${Math.min(100, pureQueries)} queries (Float32 vs Float64 distances can swap near-ties).`,
  "",
  `### sentence embeddings (${embedTexts} SST-2 training sentences, batch 32)`,
  "",
  embedTable,
  ...(embedNotes.length ? ["", ...embedNotes.map((n) => `- ${n}`)] : []),
].join("\n");
report(quick ? "kernels-quick" : "kernels", {
  markdown,
  matmul,
  knn,
  agreement: { same, of: Math.min(100, pureQueries) },
  embed: embedRows,
  embedNotes,
  quick,
});
