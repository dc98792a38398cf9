// Shared input handling for the pairwise aggregators (not re-exported).
import type { Comparisons } from "../data/comparisons.js";
import { GrowableFloat64, GrowableInt32 } from "../data/growable.js";
import { assertCodes } from "../errors/assert.js";

/** How a tie counts in Bradley–Terry fits. */
export type TieHandling = "half" | "ignore";

/** Comparisons as winner/loser pairs with a weight (1, or ½ for each side of a tie), plus per-rater counts. */
export interface Duels {
  readonly m: number;
  readonly items: number;
  readonly winner: Int32Array;
  readonly loser: Int32Array;
  readonly weight: Float64Array;
  readonly rater: Int32Array;
  /** Comparisons per rater (a tie counts once). */
  readonly perRater: Int32Array;
  /** Comparisons used (ties count once), for per-comparison averages. */
  readonly count: number;
}

/** Validates comparisons and turns them into weighted winner/loser pairs. O(m). */
export function toDuels(c: Comparisons, ties: TieHandling): Duels {
  const m = c.left.length;
  if (c.right.length !== m || c.outcome.length !== m || c.rater.length !== m) {
    throw new RangeError(
      `left, right, outcome and rater must have the same length (got ${m}, ${c.right.length}, ${c.outcome.length} and ${c.rater.length})`,
    );
  }
  if (ties !== "half" && ties !== "ignore") {
    throw new RangeError(`ties must be "half" or "ignore" (got ${JSON.stringify(ties)})`);
  }
  assertCodes(c.left, c.items.length, "left");
  assertCodes(c.right, c.items.length, "right");
  assertCodes(c.rater, Math.max(c.raters.length, 1), "rater");
  const winner = new GrowableInt32(m);
  const loser = new GrowableInt32(m);
  const weight = new GrowableFloat64(m);
  const rater = new GrowableInt32(m);
  const perRater = new Int32Array(c.raters.length);
  let count = 0;
  let who = 0;
  const add = (w: number, x: number, share: number) => {
    winner.push(w);
    loser.push(x);
    weight.push(share);
    rater.push(who);
  };
  for (let k = 0; k < m; k++) {
    const o = c.outcome[k]!;
    const l = c.left[k]!;
    const r = c.right[k]!;
    if (l === r) throw new RangeError(`comparison ${k} compares item ${l} with itself`);
    if (o > 2) throw new RangeError(`outcome[${k}] must be 0 (left), 1 (right) or 2 (tie) (got ${o})`);
    if (o === 2 && ties === "ignore") continue;
    count++;
    if (c.raters.length > 0) perRater[c.rater[k]!]!++;
    who = c.rater[k]!;
    if (o === 2) {
      // A tie: half a win each way.
      add(l, r, 0.5);
      add(r, l, 0.5);
    } else if (o === 0) add(l, r, 1);
    else add(r, l, 1);
  }
  return {
    m: winner.length,
    items: c.items.length,
    winner: winner.toArray(),
    loser: loser.toArray(),
    weight: weight.toArray(),
    rater: rater.toArray(),
    perRater,
    count,
  };
}

/** Item codes by descending score (stable: equal scores keep item order). */
export function rankByScore(scores: Float64Array): Int32Array {
  return Int32Array.from(scores.keys()).sort((x, y) => scores[y]! - scores[x]! || x - y);
}

/**
 * One minorise–maximise step of Hunter (2004) for Bradley–Terry strengths γ with fractional wins: γ_i ←
 * (W_i + λ) / (Σ_{duels of i} w/(γ_i + γ_j) + 2λ/(γ_i + 1)). With λ > 0 every item also wins and loses λ times
 * against a virtual item of strength 1, which keeps never-winning items positive and fixes the scale; with λ = 0
 * the result is rescaled to sum to 1. `wins[k]` is the share of duel k won by its winner. O(m + items).
 */
export function mmStep(
  duels: Duels,
  state: { gamma: Float64Array; wins: Float64Array; regularization: number },
): void {
  const { gamma, wins, regularization: lambda } = state;
  const n = gamma.length;
  const W = new Float64Array(n);
  const D = new Float64Array(n);
  for (let k = 0; k < duels.m; k++) {
    const a = duels.winner[k]!;
    const b = duels.loser[k]!;
    const w = duels.weight[k]!;
    W[a]! += w * wins[k]!;
    W[b]! += w * (1 - wins[k]!);
    const s = gamma[a]! + gamma[b]!;
    if (s > 0) {
      D[a]! += w / s;
      D[b]! += w / s;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const den = D[i]! + (lambda > 0 ? (2 * lambda) / (gamma[i]! + 1) : 0);
    if (den > 0) gamma[i] = (W[i]! + lambda) / den;
    total += gamma[i]!;
  }
  if (lambda === 0 && total > 0) for (let i = 0; i < n; i++) gamma[i]! /= total;
}
