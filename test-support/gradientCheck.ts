// A central finite-difference check for analytic gradients (pure; shared by the model tests).

/**
 * The largest relative difference between `grads` and central differences (step h) of `f` with respect to every
 * entry of `params` (each entry nudged in place and restored). Relative to max(floor, |numeric| + |analytic|), so
 * round-off on tiny gradients does not dominate.
 */
export function worstGradientError(
  f: () => number,
  p: { params: readonly Float64Array[]; grads: readonly Float64Array[]; h?: number; floor?: number },
): number {
  const { params, grads, h = 1e-6, floor = 1e-4 } = p;
  let worst = 0;
  for (const [q, param] of params.entries()) {
    for (let j = 0; j < param.length; j++) {
      const keep = param[j]!;
      param[j] = keep + h;
      const up = f();
      param[j] = keep - h;
      const down = f();
      param[j] = keep;
      const numeric = (up - down) / (2 * h);
      const analytic = grads[q]![j]!;
      worst = Math.max(
        worst,
        Math.abs(numeric - analytic) / Math.max(floor, Math.abs(numeric) + Math.abs(analytic)),
      );
    }
  }
  return worst;
}
