// `npm run bench -- quality [--examples N] [--classes K]`: confident learning (vox issues' core) on N×K synthetic
// probabilities (default 1M × 10) and on the 10k × 3 cleanlab-ref set, each in a fresh process for clean peak RSS.
// The anchor is cleanlab 2.9.0's own timing of find_label_issues on the same 10k set, recorded in
// ../shared/data/cleanlab-ref/cleanlab_outputs.json (measured by the data's authors on their machine, n_jobs=1):
// cleanlab is not installed here, so there is no 1M cleanlab run to compare with.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { markdownTable, report, runChild } from "./_util.js";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const n = arg("--examples", 1_000_000);
const k = arg("--classes", 10);

type Run = {
  examples: number;
  classes: number;
  setupSeconds: number;
  seconds: Record<string, number>;
  flagged: Record<string, number>;
  peakRssMiB: number;
};
process.stderr.write(`confident learning on ${n} × ${k} synthetic probabilities\n`);
const big = runChild<Run>("bench/_qualityChild.ts", ["synthetic", String(n), String(k)]);
const shared = process.env.VOX_SHARED ?? join("..", "shared");
const ref = join(shared, "data", "cleanlab-ref");
let small: Run | undefined;
let cleanlab: Record<string, number> | undefined;
if (existsSync(ref)) {
  process.stderr.write("confident learning on cleanlab-ref (10000 × 3)\n");
  small = runChild<Run>("bench/_qualityChild.ts", [
    "files",
    join(ref, "labels.csv"),
    join(ref, "pred_probs.csv"),
  ]);
  cleanlab = (
    JSON.parse(readFileSync(join(ref, "cleanlab_outputs.json"), "utf8")) as {
      timing_seconds: Record<string, number>;
    }
  ).timing_seconds;
} else process.stderr.write(`(skipped the 10k reference set: ${ref} not found)\n`);

const rowsBig = Object.entries(big.seconds).map(([step, s]) => [step, big.flagged[step] ?? "", s.toFixed(3)]);
const parts = [
  `${big.examples.toLocaleString("en")} examples × ${big.classes} classes (synthetic, 20% noisy labels), one fresh process, best of 3 runs per step; ` +
    `peak RSS ${Math.round(big.peakRssMiB)} MiB (the Float64 probabilities alone are ${Math.round((big.examples * big.classes * 8) / 2 ** 20)} MiB):`,
  "",
  markdownTable(["step", "flagged", "seconds"], rowsBig),
];
if (small && cleanlab) {
  const rows = Object.entries(small.seconds)
    .filter(([step]) => !step.startsWith("scores") && !step.startsWith("rank") && step !== "healthSummary")
    .map(([step, s]) => {
      const c = cleanlab![`${step}/n_jobs=1`];
      return [
        step,
        small!.flagged[step] ?? "",
        (s * 1000).toFixed(2),
        c === undefined ? "–" : (c * 1000).toFixed(2),
        c === undefined ? "–" : (c / s).toFixed(1),
      ];
    });
  parts.push(
    "",
    `cleanlab-ref (10,000 × 3), peak RSS ${Math.round(small.peakRssMiB)} MiB. cleanlab 2.9.0 times are those recorded in ` +
      "cleanlab_outputs.json (n_jobs=1, another machine and day), not a run here:",
    "",
    markdownTable(["filter_by", "flagged", "vox ms", "cleanlab ms", "cleanlab / vox"], rows),
  );
}
report("quality", { examples: n, classes: k, big, small, cleanlab, markdown: parts.join("\n") });
