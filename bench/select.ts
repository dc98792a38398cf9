// `npm run bench -- select [--quick]`: one active-learning selection (batch 100) from a 100k × 384 Float32 pool
// (a seeded 10-class Gaussian mixture; 1,000 labeled rows, 99,000 in the pool; probabilities from softmax
// regression fitted on the labeled rows) for margin (uncertainty), core-set (k-center greedy) and BADGE, on the
// pure-TS linalg backend and on onnxruntime (@vox/accel). Each run is a fresh process (bench/_selectChild.ts), so
// the peak RSS is that run's. Model fitting and prediction are timed apart ("setup") from the selection. The
// chosen rows are compared across backends: core-set and margin are deterministic and should agree exactly unless
// float rounding reorders near-ties; BADGE samples ∝ D², so rounding can change later draws.
// --quick: 10k × 384, 200 labeled (written to bench/results/select-quick.*).
import { markdownTable, report, runChild } from "./_util.js";

const quick = process.argv.includes("--quick");
const rows = quick ? 10_000 : 100_000;
const dims = 384;
const labeled = quick ? 200 : 1000;
const batch = 100;
type Run = {
  seconds: number;
  cpuSeconds: number;
  setupSeconds: number;
  peakRssMiB: number;
  chosen: number[];
};
type Row = {
  strategy: string;
  backend: string;
  seconds: number;
  cpuSeconds: number;
  setupSeconds: number;
  peakRssMiB: number;
};
const results: Row[] = [];
const agreement: Record<string, number> = {};
for (const strategy of ["margin", "core-set", "badge"]) {
  const picks: Record<string, number[]> = {};
  for (const backend of ["pure", "onnx"]) {
    process.stderr.write(`${strategy} on ${backend}: ${rows} × ${dims}, batch ${batch}\n`);
    const run = runChild<Run>("bench/_selectChild.ts", [
      backend,
      strategy,
      String(rows),
      String(dims),
      String(labeled),
      String(batch),
    ]);
    picks[backend] = run.chosen;
    const { seconds, cpuSeconds, setupSeconds, peakRssMiB } = run;
    results.push({
      strategy,
      backend: backend === "pure" ? "pure-ts" : "onnxruntime",
      seconds,
      cpuSeconds,
      setupSeconds,
      peakRssMiB,
    });
  }
  const same = new Set(picks.pure);
  agreement[strategy] = picks.onnx!.filter((i) => same.has(i)).length / batch;
}
const markdown = [
  `Selection of ${batch} rows from a ${rows - labeled} × ${dims} Float32 pool (${labeled} labeled rows, 10 classes).`,
  "",
  markdownTable(
    [
      "strategy",
      "backend",
      "selection s",
      "setup s (fit + predict)",
      "peak RSS MiB",
      "vs pure-ts",
      "same picks",
    ],
    results.map((r) => {
      const pure = results.find((p) => p.strategy === r.strategy && p.backend === "pure-ts")!;
      return [
        r.strategy,
        r.backend,
        r.seconds.toFixed(3),
        r.cpuSeconds.toFixed(3),
        r.setupSeconds.toFixed(2),
        Math.round(r.peakRssMiB),
        `${(pure.seconds / r.seconds).toFixed(1)}×`,
        r.backend === "pure-ts" ? "–" : `${Math.round(agreement[r.strategy]! * 100)}%`,
      ];
    }),
  ),
].join("\n");
report(quick ? "select-quick" : "select", { rows, dims, labeled, batch, results, agreement, markdown });
