import { assertSameLength } from "../../errors/assert.js";

/**
 * The first x (labels, judgments) at which a learning curve reaches `target` (y ≥ target), or −1 when it never
 * does. The points are taken in order, so x should be increasing. O(points).
 */
export function labelsToReach(x: ArrayLike<number>, y: ArrayLike<number>, target: number): number {
  assertSameLength(x, y, "learning-curve x and y");
  for (let k = 0; k < x.length; k++) if (y[k]! >= target) return x[k]!;
  return -1;
}
