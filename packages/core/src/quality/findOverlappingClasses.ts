import type { Matrix } from "../linalg/matrix.js";
import { roundHalfEven } from "./numeric.js";

/** A pair of classes that are confused with each other. */
export interface ClassOverlap {
  /** First class code (the smaller one unless `asymmetric`). */
  classA: number;
  /** Second class code. */
  classB: number;
  /** Estimated examples in the overlap: round(N · jointProbability). */
  examples: number;
  /** Q[a][b] + Q[b][a] (or Q[a][b] alone when asymmetric). */
  jointProbability: number;
}

/**
 * Pairs of classes that annotators confuse, most overlapping first (cleanlab's `find_overlapping_classes`):
 * from the estimated joint Q[given][true], each unordered pair scores Q[a][b] + Q[b][a]; with `asymmetric` each
 * ordered pair scores Q[a][b]. A stable sort keeps pair order on ties. O(K² log K).
 */
export function findOverlappingClasses(
  joint: Matrix,
  numExamples: number,
  options: { asymmetric?: boolean } = {},
): ClassOverlap[] {
  const k = joint.rows;
  const q = joint.data;
  const out: ClassOverlap[] = [];
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      if (a === b || (!options.asymmetric && b < a)) continue;
      const p = options.asymmetric ? q[a * k + b]! : q[a * k + b]! + q[b * k + a]!;
      out.push({ classA: a, classB: b, examples: roundHalfEven(p * numExamples), jointProbability: p });
    }
  }
  return out.sort((x, y) => y.jointProbability - x.jointProbability);
}
