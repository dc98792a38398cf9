// Child process of bench/select.ts (a fresh process per run: clean peak RSS). Prints one JSON line.
//   BACKEND STRATEGY ROWS DIMS LABELED BATCH -> seconds of one selection on a seeded Gaussian-mixture pool
//   (Float32 features, 10 classes; probabilities from softmax regression fitted on the labeled rows), peak RSS,
//   and the chosen rows (to compare backends).
import { createOnnxBackend } from "@vox/accel";
import {
  createRng,
  getQueryStrategy,
  type Matrix,
  predictProba,
  pureBackend,
  selectRows,
  setBackend,
  softmaxRegression,
} from "@vox/core";

const [backendName, strategyName, rowsArg, dimsArg, labeledArg, batchArg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const rows = Number(rowsArg);
const dims = Number(dimsArg);
const nLabeled = Number(labeledArg);
const batch = Number(batchArg);
const classes = 10;
setBackend(backendName === "pure" ? pureBackend : createOnnxBackend());

// Ten Gaussian clusters (unit variance) around random centres at distance ~ 3 from each other in 384 dimensions.
const rng = createRng(42);
const centres = Float64Array.from({ length: classes * dims }, () => rng.normal(0, 0.15));
const x: Matrix<Float32Array> = { rows, cols: dims, data: new Float32Array(rows * dims) };
const y = new Int32Array(rows);
for (let i = 0; i < rows; i++) {
  const c = rng.int(classes);
  y[i] = c;
  for (let j = 0; j < dims; j++) x.data[i * dims + j] = centres[c * dims + j]! + rng.normal(0, 1);
}
const labeled = Int32Array.from({ length: nLabeled }, (_, i) => i);
const pool = Int32Array.from({ length: rows - nLabeled }, (_, i) => nLabeled + i);
const labels = y.slice(0, nLabeled);
const t0 = performance.now();
const model = softmaxRegression(selectRows(x, labeled), labels, { classes, C: 0.1 }).model;
const probs = predictProba(model, x);
const setupSeconds = (performance.now() - t0) / 1000;
const strategy = getQueryStrategy(strategyName);
const t1 = performance.now();
const c1 = process.cpuUsage();
const selection = strategy.select({
  pool,
  labeled,
  labels,
  batch,
  seed: 7,
  classes,
  features: x,
  probs,
  model,
});
const seconds = (performance.now() - t1) / 1000;
const cpu = process.cpuUsage(c1);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  `${JSON.stringify({
    seconds,
    cpuSeconds,
    setupSeconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    chosen: Array.from(selection.indices),
  })}\n`,
);
