import { dawidSkene } from "../../aggregate/dawidSkene.js";
import type { AggregateResult } from "../../aggregate/types.js";
import { type Annotations, selectJudgments } from "../../data/annotations.js";
import { groupBy } from "../../data/groupBy.js";
import { assertInteger } from "../../errors/assert.js";
import { createRng, type Seed } from "../../random/rng.js";
import { labelsToReach } from "../simulate/labelsToReach.js";
import { type ItemScore, type RaterChoice, repeatedLabelingRequests } from "./repeatedLabelingRequests.js";

/** Options for `replayRepeatedLabeling`. */
export interface ReplayOptions {
  /** Gold class code per item (−1 = unknown; such items are labeled but not scored). Required. */
  truth: Int32Array;
  /** Judgments revealed per item before the first request, chosen at random among the item's own. Default 1. */
  initial?: number;
  /** Requests per round. Default ⌈items / 20⌉. */
  batch?: number;
  /** Stop once this many judgments (initial ones included) are revealed. Default: all of them. */
  budget?: number;
  /** Item ranking (see `ItemScore`). Default "posterior". */
  score?: ItemScore;
  /** Rater choice among the item's unrevealed raters (see `RaterChoice`). Default "information". */
  rater?: RaterChoice;
  /** Most requests per rater per round. Default unlimited. */
  raterCapacity?: number;
  /** Truth inference run on the revealed judgments after every round, and on all of them. Default Dawid–Skene. */
  aggregate?: (a: Annotations, seed: Seed) => AggregateResult;
  /** Seed for the initial judgments, tie-breaks and random choices. Default 0. */
  seed?: Seed;
  /** Checked between rounds: once aborted, throws the signal's reason. */
  signal?: { readonly aborted: boolean; readonly reason?: unknown };
  /** Called after each round with judgments revealed so far and the total available. */
  onProgress?: (done: number, total: number) => void;
}

/** Accuracy against gold after each round of a replay. */
export interface ReplayCurve {
  /** Judgments revealed at each point (the first point is the initial judgments). */
  readonly judgments: Int32Array;
  /** Accuracy of the aggregate's hard labels on the items with gold, at each point. */
  readonly accuracy: Float64Array;
  /** Accuracy of the aggregate on every judgment in the data (full redundancy). */
  readonly fullAccuracy: number;
  /** Number of judgments in the data. */
  readonly fullJudgments: number;
  /**
   * Fewest judgments at which the curve first reaches `fullAccuracy` (−1 if it never does within the budget; with
   * no budget the last point is full redundancy, so at most `fullJudgments`).
   */
  readonly judgmentsToFull: number;
}

/**
 * Replays a real crowd as the oracle for active repeated labeling (Sheng, Provost & Ipeirotis 2008; Ipeirotis et
 * al. 2014): reveals `initial` judgments per item, then in rounds asks `repeatedLabelingRequests` for `batch`
 * (item, rater) pairs among the judgments not yet revealed (so only raters who really judged the item are
 * available), reveals their real answers, reruns truth inference and scores it against gold. `score: "fewest"` with
 * `rater: "random"` is the generalised round-robin baseline. O(rounds × (aggregation + judgments)).
 */
export function replayRepeatedLabeling(a: Annotations, options: ReplayOptions): ReplayCurve {
  const { truth, initial = 1, seed = 0, score = "posterior", rater = "information" } = options;
  const I = a.items.length;
  const n = a.item.length;
  if (truth.length !== I)
    throw new RangeError(`truth must have one entry per item (${I}), got ${truth.length}`);
  const { batch = Math.max(1, Math.ceil(I / 20)), budget = n } = options;
  assertInteger(initial, "initial", { min: 0 });
  assertInteger(batch, "batch", { min: 1 });
  assertInteger(budget, "budget", { min: 0 });
  const aggregate = options.aggregate ?? ((x: Annotations, s: Seed) => dawidSkene(x, { seed: s }));
  const rng = createRng(seed);
  const fullAccuracy = accuracyOf(aggregate(a, seed), truth);

  // hidden[i] lists item i's unrevealed judgment indices in hiddenOrder[offsets[i] … offsets[i] + hiddenCount[i]).
  const { offsets, order } = groupBy(a.item, I);
  const hiddenOrder = Int32Array.from(order);
  const hiddenCount = new Int32Array(I);
  const keep = new Uint8Array(n);
  let revealed = 0;
  for (let i = 0; i < I; i++) {
    const start = offsets[i]!;
    const m = offsets[i + 1]! - start;
    // Partial Fisher–Yates: the first `initial` slots become a uniform random subset, revealed now.
    const take = Math.min(initial, m);
    for (let k = 0; k < take; k++) {
      const pick = k + rng.int(m - k);
      const t = hiddenOrder[start + k]!;
      hiddenOrder[start + k] = hiddenOrder[start + pick]!;
      hiddenOrder[start + pick] = t;
      if (revealed < budget) {
        keep[hiddenOrder[start + k]!] = 1;
        revealed++;
      }
    }
    // Keep the hidden ones at the front of the item's slice.
    hiddenOrder.copyWithin(start, start + take, start + m);
    hiddenCount[i] = m - take;
  }

  const points: number[] = [];
  const accuracies: number[] = [];
  let round = 0;
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error("aborted");
    const sub = selectJudgments(a, keep);
    const agg = aggregate(sub, seed + round);
    points.push(revealed);
    accuracies.push(accuracyOf(agg, truth));
    options.onProgress?.(revealed, n);
    const room = Math.min(batch, budget - revealed);
    if (room <= 0 || revealed >= n) break;
    const available = availableRaters(a, { offsets, hiddenOrder, hiddenCount });
    const req = repeatedLabelingRequests(sub, {
      batch: room,
      score,
      rater,
      aggregate: agg,
      available,
      ...(options.raterCapacity === undefined ? {} : { raterCapacity: options.raterCapacity }),
      seed: seed + round,
    });
    if (req.item.length === 0) break;
    for (let q = 0; q < req.item.length; q++) {
      const i = req.item[q]!;
      const start = offsets[i]!;
      const h = hiddenCount[i]!;
      for (let k = start; k < start + h; k++) {
        const j = hiddenOrder[k]!;
        if (a.rater[j] !== req.rater[q]) continue;
        keep[j] = 1;
        revealed++;
        hiddenOrder[k] = hiddenOrder[start + h - 1]!;
        hiddenCount[i] = h - 1;
        break;
      }
    }
    round++;
  }
  const judgments = Int32Array.from(points);
  const accuracy = Float64Array.from(accuracies);
  const judgmentsToFull = labelsToReach(judgments, accuracy, fullAccuracy);
  return { judgments, accuracy, fullAccuracy, fullJudgments: n, judgmentsToFull };
}

function availableRaters(
  a: Annotations,
  h: { offsets: Int32Array; hiddenOrder: Int32Array; hiddenCount: Int32Array },
): { offsets: Int32Array; raters: Int32Array } {
  const I = h.hiddenCount.length;
  const offsets = new Int32Array(I + 1);
  for (let i = 0; i < I; i++) offsets[i + 1] = offsets[i]! + h.hiddenCount[i]!;
  const raters = new Int32Array(offsets[I]!);
  for (let i = 0; i < I; i++) {
    const start = h.offsets[i]!;
    for (let k = 0; k < h.hiddenCount[i]!; k++) raters[offsets[i]! + k] = a.rater[h.hiddenOrder[start + k]!]!;
  }
  return { offsets, raters };
}

function accuracyOf(agg: AggregateResult, truth: Int32Array): number {
  let right = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i]! < 0) continue;
    total++;
    if (agg.labels[i] === truth[i]) right++;
  }
  return total === 0 ? Number.NaN : right / total;
}
