import { assertFiniteInRange } from "../errors/assert.js";
import type { KnnGraph } from "./knnOutlierScores.js";
import { median, pairwiseSum } from "./numeric.js";

/** Cleanlab's near-duplicate issue on a kNN graph. */
export interface NearDuplicateIssues {
  /** 1 − exp(−d₁/m) with d₁ the distance to the nearest neighbour and m its median; 0 for exact duplicates. */
  scores: Float64Array;
  /** 1 for rows in some near-duplicate set. */
  isIssue: Uint8Array;
  /** Row i's near duplicates (neighbours closer than threshold·m, made symmetric); empty when none. */
  sets: Int32Array[];
  /** m, the median nearest-neighbour distance (at least 2⁻⁵²). */
  medianNearestDistance: number;
  /** The mean score (cleanlab's summary score). */
  meanScore: number;
}

const EPS = 2 ** -52;

/**
 * Near duplicates as cleanlab 2.9's Datalab `NearDuplicateIssueManager` finds them (cleanlab docs, "near_duplicate"
 * issue type): a neighbour within `threshold` × the median nearest-neighbour distance is a near duplicate, the
 * relation is made symmetric (j joins i's set when i is in j's), and each row's score is 1 − exp(−d₁/m),
 * set to 0 where d₁ ≈ 0 (|d₁| ≤ 1e-8, numpy's isclose). Sets are relative to the data's own spacing, so they
 * only mean "unusually close", never a fixed similarity. Default threshold 0.13. O(N·k).
 */
export function nearDuplicateIssues(graph: KnnGraph, threshold = 0.13): NearDuplicateIssues {
  assertFiniteInRange(threshold, "threshold", { min: 0 });
  const { k, indices, distances } = graph;
  const n = distances.length / k;
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError("the kNN graph is empty or its distances are not rows × k");
  const nearest = new Float64Array(n);
  for (let i = 0; i < n; i++) nearest[i] = distances[i * k]!;
  const m = Math.max(median(nearest), EPS);
  const cut = threshold * m;
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++)
    for (let s = 0; s < k && distances[i * k + s]! < cut; s++) lists[i]!.push(indices[i * k + s]!);
  // symmetric closure in the same order as cleanlab (appends after the row's own matches)
  const member = lists.map((l) => new Set(l));
  for (let i = 0; i < n; i++) {
    for (const j of lists[i]!) {
      if (!member[j]!.has(i)) {
        member[j]!.add(i);
        lists[j]!.push(i);
      }
    }
  }
  const sets = lists.map((l) => Int32Array.from(l));
  const isIssue = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (sets[i]!.length > 0) isIssue[i] = 1;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) scores[i] = Math.abs(nearest[i]!) <= 1e-8 ? 0 : 1 - Math.exp(-nearest[i]! / m);
  return { scores, isIssue, sets, medianNearestDistance: m, meanScore: pairwiseSum(scores) / n };
}
