// `npm run bench -- neighbours [--rows N] [--pure-rows Q] [--sklearn-rows Q]`: `vox outliers` and `vox near-dups`
// work on N × 384 Float32 embeddings (default N = 100k): clustered, seeded data with injected exact duplicates,
// near duplicates and outliers (so the issue counts can be checked against what was planted).
//  1. outliers: knnGraph (exact cosine top-10, exact duplicates corrected) + knnOutlierScores + nearDuplicateIssues.
//  2. near-dups: cosine radius search (similarity ≥ 0.95) + exactDuplicateRows + duplicateSets (union–find).
// onnxruntime (@vox/accel) runs all N rows; pure-TS and scikit-learn 1.2.1 (NearestNeighbors, brute, cosine:
// cleanlab's search) run a prefix of the rows and are extrapolated linearly (the search is exactly proportional to
// the number of query rows; the O(N·k) steps after it are measured with onnxruntime and are negligible). Each
// run is a fresh process (peak RSS). Results: bench/results/neighbours{,-N}.{json,md}.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@vox/core";
import { encodeNpy } from "@vox/io";
import { numberArg } from "./_textSets.js";
import { markdownTable, report, runChild, runExternal } from "./_util.js";

const N = numberArg("--rows", 100_000);
const D = 384;
const pureRows = Math.min(N, numberArg("--pure-rows", Math.min(2000, N)));
const sklearnRows = Math.min(N, numberArg("--sklearn-rows", Math.min(10_000, N)));
const SIM = 0.95;
const name = N === 100_000 ? "neighbours" : `neighbours-${N}`;

// data: N/100 cluster centres ~ N(0, I); rows = centre + N(0, 0.6² I); then 0.5% exact copies, 0.5% near copies
// (+ N(0, 0.05² I): cosine similarity ≈ 0.999), 0.2% outliers (fresh N(0, I) directions, no cluster)
const rng = createRng(42);
const clusters = Math.max(1, Math.round(N / 100));
const centres = new Float32Array(clusters * D);
for (let p = 0; p < centres.length; p++) centres[p] = rng.normal();
const x = new Float32Array(N * D);
for (let i = 0; i < N; i++) {
  const c = Math.floor(rng.float() * clusters);
  for (let j = 0; j < D; j++) x[i * D + j] = centres[c * D + j]! + 0.6 * rng.normal();
}
const planted = { exact: [] as number[], near: [] as number[], outliers: [] as number[] };
const pickRow = () => Math.floor(rng.float() * N);
const used = new Set<number>();
const fresh = () => {
  let i = pickRow();
  while (used.has(i)) i = pickRow();
  used.add(i);
  return i;
};
for (let t = 0; t < Math.floor(N * 0.005); t++) {
  const [dst, src] = [fresh(), fresh()];
  x.copyWithin(dst * D, src * D, (src + 1) * D);
  planted.exact.push(dst);
}
for (let t = 0; t < Math.floor(N * 0.005); t++) {
  const [dst, src] = [fresh(), fresh()];
  for (let j = 0; j < D; j++) x[dst * D + j] = x[src * D + j]! + 0.05 * rng.normal();
  planted.near.push(dst);
}
for (let t = 0; t < Math.floor(N * 0.002); t++) {
  const i = fresh();
  for (let j = 0; j < D; j++) x[i * D + j] = rng.normal();
  planted.outliers.push(i);
}
const dir = mkdtempSync(join(tmpdir(), "vox-bench-neighbours-"));
const file = join(dir, "x.npy");
writeFileSync(file, encodeNpy({ data: x, shape: [N, D] }));

type Run = { seconds: number; peakRssMiB: number; queries: number; first?: number[]; [k: string]: unknown };
const child = (args: string[]) => {
  process.stderr.write(`neighbours: ${args.join(" ")}\n`);
  return runChild<Run>("bench/_neighboursChild.ts", args);
};
const sk = (args: string[]) => {
  process.stderr.write(`neighbours: sklearn ${args.join(" ")}\n`);
  return runExternal<Run & { sklearn: string }>("/usr/bin/python3", [
    "bench/_sklearn_neighbours.py",
    ...args,
  ]);
};

try {
  const outOnnx = child(["outliers", "onnx", file, String(N)]);
  const outPure = child(["outliers", "pure", file, String(pureRows)]);
  const outSk = sk(["knn", file, String(sklearnRows), "10"]);
  const ndOnnx = child(["neardups", "onnx", file, String(N), String(SIM)]);
  const ndPure = child(["neardups", "pure", file, String(pureRows), String(SIM)]);
  const ndSk = sk(["radius", file, String(sklearnRows), (1 - SIM).toFixed(6)]);

  // agreement of the first 100 rows' neighbour lists (as sets: float32 rounding can swap near-ties)
  const sameSets = (a?: number[], b?: number[]) => {
    if (!a || !b) return undefined;
    let same = 0;
    for (let r = 0; r < 100 && (r + 1) * 10 <= Math.min(a.length, b.length); r++) {
      const sa = new Set(a.slice(r * 10, r * 10 + 10));
      if (b.slice(r * 10, r * 10 + 10).every((j) => sa.has(j))) same++;
    }
    return same;
  };
  const isOutlier = new Set(outOnnx.isOutlier as number[]);
  const caught = planted.outliers.filter((i) => isOutlier.has(i)).length;
  const est = (r: Run | undefined) => (r ? (r.seconds * N) / r.queries : Number.NaN);
  const row = (who: string, task: string, r: Run | undefined) =>
    r
      ? [
          who,
          task,
          r.queries,
          r.seconds,
          Math.round(r.queries / r.seconds),
          r.queries === N ? `${r.seconds.toFixed(1)} (measured)` : est(r).toFixed(1),
          (est(r) / outOnnx.seconds).toFixed(1),
          Math.round(r.peakRssMiB),
        ]
      : [who, task, "skipped", "", "", "", "", ""];
  const ndRow = (who: string, r: Run | undefined) => {
    const cells = row(who, `near-dups (cosine ≥ ${SIM})`, r);
    if (r) cells[6] = (est(r) / ndOnnx.seconds).toFixed(1);
    return cells;
  };
  const markdown = [
    `### outliers and near-duplicates, ${N} × ${D} Float32 clustered embeddings`,
    "",
    markdownTable(
      [
        "who",
        "task",
        "rows searched",
        "seconds",
        "rows/s",
        `est. seconds for ${N} rows`,
        "× onnxruntime",
        "peak RSS MiB",
      ],
      [
        row("onnxruntime (@vox/accel)", "outliers (kNN k=10 + scores)", outOnnx),
        row("pure-TS", "outliers (kNN search only)", outPure),
        row(`scikit-learn ${outSk?.sklearn ?? ""} brute`, "outliers (kneighbors only)", outSk),
        ndRow("onnxruntime (@vox/accel)", ndOnnx),
        ndRow("pure-TS", ndPure),
        ndRow(`scikit-learn ${ndSk?.sklearn ?? ""} brute`, ndSk),
      ],
    ),
    "",
    `Planted: ${planted.exact.length} exact copies, ${planted.near.length} near copies (cosine ≈ 0.999), ` +
      `${planted.outliers.length} outliers. outliers (onnxruntime, all rows) flags ${outOnnx.outliers} rows, ` +
      `${caught} of the ${planted.outliers.length} planted outliers; cleanlab's near-duplicate rule flags ` +
      `${outOnnx.nearDuplicates} rows. near-dups finds ${ndOnnx.sets} sets holding ${ndOnnx.rowsInSets} rows ` +
      `(${ndOnnx.links} directed links). ` +
      `Top-10 lists of the first 100 rows equal as sets: onnxruntime vs pure-TS ${sameSets(outOnnx.first, outPure.first)}/100, ` +
      `onnxruntime vs scikit-learn ${sameSets(outOnnx.first, outSk?.first) ?? "–"}/100. ` +
      "Timings on a shared 2-core machine (other jobs running): re-run with `npm run bench -- neighbours`.",
  ].join("\n");
  report(name, {
    markdown,
    rows: N,
    dims: D,
    similarity: SIM,
    planted: { exact: planted.exact.length, near: planted.near.length, outliers: planted.outliers.length },
    caughtOutliers: caught,
    runs: {
      outliers: {
        onnx: { ...outOnnx, first: undefined, isOutlier: undefined },
        pure: { ...outPure, first: undefined },
        sklearn: outSk ? { ...outSk, first: undefined } : null,
      },
      nearDups: { onnx: ndOnnx, pure: ndPure, sklearn: ndSk ?? null },
    },
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
