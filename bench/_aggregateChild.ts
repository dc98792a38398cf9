// Child process for bench/aggregate.ts: simulates a large crowd and fits one method, printing JSON with times and
// peak RSS (a fresh process per method, so the RSS is that method's own).
// Usage: node --conditions=vox-source --import tsx bench/_aggregateChild.ts METHOD ITEMS RATERS CLASSES OVERLAP
// METHOD@N (e.g. ds@20) forces exactly N iterations (tolerance 0), for a steadier time per iteration.
import { dawidSkene, glad, majorityVote, oneCoinDawidSkene, simulateCrowd } from "@vox/core";

const [spec = "ds", items = "1000000", raters = "10000", classes = "5", overlap = "10"] =
  process.argv.slice(2);
const t0 = performance.now();
const sim = simulateCrowd({
  items: Number(items),
  raters: Number(raters),
  classes: Number(classes),
  overlap: Number(overlap),
  spammerShare: 0.1,
  seed: 1,
});
const [method, forced] = spec.split("@") as [string, string | undefined];
const simulateSeconds = (performance.now() - t0) / 1000;
const a = sim.annotations;
const run = (maxIterations?: number) => {
  const options =
    maxIterations !== undefined
      ? { maxIterations }
      : forced !== undefined
        ? { maxIterations: Number(forced), tolerance: 0 }
        : {};
  switch (method) {
    case "mv":
      return majorityVote(a, options);
    case "ds":
      return dawidSkene(a, options);
    case "onecoin":
      return oneCoinDawidSkene(a, options);
    case "glad":
      return glad(a, options);
    default:
      throw new Error(`unknown method ${method}`);
  }
};
// Setup (grouping by item, the majority-vote start, the first M-step) alone, then the whole fit.
const s0 = performance.now();
run(0);
const setupSeconds = (performance.now() - s0) / 1000;
const f0 = performance.now();
const r = run();
const fitSeconds = (performance.now() - f0) / 1000;
let correct = 0;
for (let i = 0; i < r.labels.length; i++) if (r.labels[i] === sim.truth[i]) correct++;
process.stdout.write(
  `${JSON.stringify({
    method: spec,
    judgments: a.item.length,
    items: a.items.length,
    raters: a.raters.length,
    classes: a.classes.length,
    simulateSeconds,
    setupSeconds,
    fitSeconds,
    iterations: r.iterations,
    converged: r.converged,
    secondsPerIteration: r.iterations > 0 ? (fitSeconds - setupSeconds) / r.iterations : 0,
    accuracy: correct / r.labels.length,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
