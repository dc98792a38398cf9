// Child process of bench/models.ts: one timed run, printed as JSON {seconds, peakRssMiB, ...} on the last line.
import { readFileSync } from "node:fs";
import { fitHashing, fitTfidf, getBackend, logLoss, predictProba, softmaxRegression } from "@vox/core";
import { npyToInt32, readMatrix, readNpy } from "@vox/io";

const [mode, ...args] = process.argv.slice(2) as [string, ...string[]];
// VOX_BENCH_BACKEND=onnxruntime loads @vox/accel, whose onnxruntime kernels then serve every model product.
if (process.env.VOX_BENCH_BACKEND === "onnxruntime") await import("@vox/accel");
const out = (r: Record<string, unknown>) => {
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...r, peakRssMiB })}\n`);
};

if (mode === "softmax-lbfgs" || mode === "softmax-minibatch") {
  const [xPath, yPath, budget] = args as [string, string, string];
  const { matrix: x } = await readMatrix(xPath, { progress: false });
  const y = npyToInt32(await readNpy(yPath));
  const t0 = performance.now();
  const r =
    mode === "softmax-lbfgs"
      ? softmaxRegression(x, y, { C: 1, solver: "lbfgs", maxIterations: Number(budget) })
      : softmaxRegression(x, y, {
          C: 1,
          solver: "minibatch",
          epochs: Number(budget),
          batchSize: 256,
          tolerance: 0,
        });
  const seconds = (performance.now() - t0) / 1000;
  out({
    seconds,
    backend: getBackend().name,
    iterations: r.iterations,
    converged: r.converged,
    logLoss: logLoss(y, predictProba(r.model, x)),
  });
} else if (mode === "tfidf" || mode === "hashing") {
  const docs = readFileSync(args[0]!, "utf8").split("\n");
  if (docs[docs.length - 1] === "") docs.pop();
  const t0 = performance.now();
  const m =
    mode === "tfidf"
      ? fitTfidf(docs, { ngramRange: [1, Number(args[1] ?? 1)] as [number, number] }).matrix
      : fitHashing(docs, { features: 2 ** 20, ngramRange: [1, Number(args[1] ?? 1)] as [number, number] })
          .matrix;
  const seconds = (performance.now() - t0) / 1000;
  out({ seconds, docs: docs.length, columns: m.cols, nnz: m.indices.length });
} else throw new Error(`unknown mode ${mode}`);
