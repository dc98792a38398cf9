// Shared input handling for the pairwise aggregators (not re-exported).
import type { Comparisons } from "../data/comparisons.js";
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
  const winner: number[] = [];
  const loser: number[] = [];
  const weight: number[] = [];
  const rater: number[] = [];
  const perRater = new Int32Array(c.raters.length);
  let count = 0;
  for (let k = 0; k < m; k++) {
    const o = c.outcome[k]!;
    const l = c.left[k]!;
    const r = c.right[k]!;
    if (l === r) throw new RangeError(`comparison ${k} compares item ${l} with itself`);
    if (o > 2) throw new RangeError(`outcome[${k}] must be 0 (left), 1 (right) or 2 (tie) (got ${o})`);
    if (o === 2 && ties === "ignore") continue;
    count++;
    if (c.raters.length > 0) perRater[c.rater[k]!]!++;
    if (o === 2) {
      winner.push(l, r);
      loser.push(r, l);
      weight.push(0.5, 0.5);
      rater.push(c.rater[k]!, c.rater[k]!);
    } else {
      winner.push(o === 0 ? l : r);
      loser.push(o === 0 ? r : l);
      weight.push(1);
      rater.push(c.rater[k]!);
    }
  }
  return {
    m: winner.length,
    items: c.items.length,
    winner: Int32Array.from(winner),
    loser: Int32Array.from(loser),
    weight: Float64Array.from(weight),
    rater: Int32Array.from(rater),
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
