import { assertInteger } from "../../errors/assert.js";

/**
 * Sheng, Provost & Ipeirotis's label uncertainty (KDD 2008, "Get another label?", §5.1): with `a` votes for the
 * leading class and `b` for the runner-up, the class's true share has a Beta(a + 1, b + 1) posterior, and
 * LU = min(I₀.₅(a + 1, b + 1), 1 − I₀.₅(a + 1, b + 1)) is the posterior mass on the wrong side of ½, the chance
 * that the majority is wrong. 0.5 for an unlabeled or exactly split item, near 0 for a lopsided one. For two
 * classes this is the paper's score; for more classes it compares the two largest counts (our extension). I₀.₅
 * of integer arguments is a binomial tail (Abramowitz & Stegun 26.5.24), summed in log space: O(a + b).
 */
export function labelUncertainty(a: number, b: number): number {
  assertInteger(a, "a", { min: 0 });
  assertInteger(b, "b", { min: 0 });
  // I_x(α, β) = P(Bin(α + β − 1, x) ≥ α) with α = a + 1, β = b + 1, so n = a + b + 1 trials at x = ½.
  const n = a + b + 1;
  const logHalfN = -n * Math.LN2;
  let logC = 0; // log C(n, j), starting at j = 0
  let upper = 0; // P(X ≥ a + 1)
  let lower = 0; // P(X ≤ a)
  for (let j = 0; j <= n; j++) {
    const p = Math.exp(logC + logHalfN);
    if (j >= a + 1) upper += p;
    else lower += p;
    logC += Math.log(n - j) - Math.log(j + 1);
  }
  return Math.min(upper, lower) / (upper + lower);
}
