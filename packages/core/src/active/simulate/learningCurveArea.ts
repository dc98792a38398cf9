import { assertSameLength } from "../../errors/assert.js";

/**
 * Normalised area under a learning curve (ALC; Guyon et al. 2011, "Results of the Active Learning Challenge"): the
 * trapezoid-rule area under y(x) divided by the x range it spans, so it is the curve's mean height on the y scale
 * (a curve flat at 0.8 scores 0.8) and curves over the same x range compare directly. x must be increasing. A
 * single point returns its y. O(points).
 */
export function learningCurveArea(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assertSameLength(x, y, "learning-curve x and y");
  const n = x.length;
  if (n === 0) throw new RangeError("a learning curve needs at least one point");
  if (n === 1) return y[0]!;
  let area = 0;
  for (let k = 1; k < n; k++) {
    const dx = x[k]! - x[k - 1]!;
    if (!(dx > 0))
      throw new RangeError(`learning-curve x must increase (x[${k - 1}] = ${x[k - 1]}, x[${k}] = ${x[k]})`);
    area += (dx * (y[k]! + y[k - 1]!)) / 2;
  }
  return area / (x[n - 1]! - x[0]!);
}
