// `vox simulate GOLD --replay JUDGMENTS`: active repeated labeling against a replay of a real crowd. Each policy
// "score:rater" (see repeatedLabelingRequests in @vox/core) is run under every seed; the reference is Dawid–Skene on
// every judgment (full redundancy).
import { encodeGold, type ItemScore, type RaterChoice, replayRepeatedLabeling } from "@vox/core";
import { createProgress, readAnnotations, readGold, VoxIoError } from "@vox/io";
import { type CliContext, UsageError } from "./context.js";
import type { SimulationRun } from "./simulateReport.js";

const SCORES: readonly ItemScore[] = ["posterior", "lu", "fewest", "random"];
const RATERS: readonly RaterChoice[] = ["information", "skill", "random"];

/** The default policies: uncertainty-driven ones, then the generalised round robin and random baselines. */
export const DEFAULT_REPLAY_POLICIES = "posterior:information,posterior:random,lu:random,round-robin,random";

/** A policy name: "score:rater", or the aliases "round-robin" (fewest:random) and "random" (random:random). */
export function parsePolicy(name: string): { score: ItemScore; rater: RaterChoice } {
  if (name === "round-robin") return { score: "fewest", rater: "random" };
  if (name === "random") return { score: "random", rater: "random" };
  const [score, rater = "information", extra] = name.split(":");
  if (extra !== undefined || !SCORES.includes(score as ItemScore) || !RATERS.includes(rater as RaterChoice))
    throw new UsageError(
      `--strategies with --replay takes SCORE[:RATER] policies (SCORE: ${SCORES.join(", ")}; RATER: ` +
        `${RATERS.join(", ")}) or round-robin, random; got ${JSON.stringify(name)}` +
        (score === "mu" || score === "lmu" ? " (mu and lmu need a model, which a replay does not have)" : ""),
    );
  return { score: score as ItemScore, rater: rater as RaterChoice };
}

/** Settings of a replay simulation. */
export interface ReplaySettings {
  gold: string;
  judgments: string;
  policies: string[];
  seeds: number[];
  init: number;
  batch?: number;
  budget?: number;
}

/** Runs every policy under every seed; returns the runs and what the data looked like. */
export async function runReplay(
  s: ReplaySettings,
  ctx: CliContext,
): Promise<{ runs: SimulationRun[]; items: number; judgments: number; scored: number; batch: number }> {
  const policies = s.policies.map((p) => ({ name: p, ...parsePolicy(p) }));
  const io = { progress: ctx.stderr, signal: ctx.signal };
  const { annotations: a } = await readAnnotations(s.judgments, io);
  const gold = encodeGold(a, (await readGold(s.gold, io)).pairs);
  if (gold.classes.length > a.classes.length)
    throw new VoxIoError(
      "BAD_VALUE",
      { path: s.gold },
      `gold uses classes no rater gave (${gold.classes.slice(a.classes.length).join(", ")}); a replay cannot reach them`,
    );
  if (gold.count === 0)
    throw new VoxIoError("BAD_VALUE", { path: s.gold }, `no gold label matches an item of ${s.judgments}`);
  const batch = s.batch ?? Math.max(1, Math.ceil(a.items.length / 20));
  const n = a.item.length;
  const total = policies.length * s.seeds.length * Math.min(n, s.budget ?? n);
  const progress = createProgress({ label: "simulating", total, unit: "rows", stream: ctx.stderr });
  const runs: SimulationRun[] = [];
  try {
    for (const p of policies) {
      for (const seed of s.seeds) {
        // Yield to the event loop between runs so Ctrl-C (the abort signal) is seen.
        await new Promise((r) => setImmediate(r));
        const base = runs.length * Math.min(n, s.budget ?? n);
        const curve = replayRepeatedLabeling(a, {
          truth: gold.truth,
          initial: s.init,
          batch,
          ...(s.budget === undefined ? {} : { budget: s.budget }),
          score: p.score,
          rater: p.rater,
          seed,
          signal: ctx.signal,
          onProgress: (done) => progress.update(base + done),
        });
        runs.push({
          strategy: p.name,
          seed,
          x: Array.from(curve.judgments),
          accuracy: Array.from(curve.accuracy),
          reference: curve.fullAccuracy,
        });
      }
    }
  } finally {
    progress.finish();
  }
  return { runs, items: a.items.length, judgments: n, scored: gold.count, batch };
}
