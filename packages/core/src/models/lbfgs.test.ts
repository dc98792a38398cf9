import { describe, expect, it } from "vitest";
import { lbfgs } from "./lbfgs.js";

describe("lbfgs", () => {
  it("finds the minimum of the Rosenbrock function at (1, 1) (Nocedal & Wright 2006, p. 27)", () => {
    const r = lbfgs(
      (x, g) => {
        const [a, b] = [x[0]!, x[1]!];
        g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
        g[1] = 200 * (b - a * a);
        return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
      },
      [-1.2, 1],
      { tolerance: 1e-10 },
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
    for (let t = 1; t < r.objective.length; t++)
      expect(r.objective[t]!).toBeLessThanOrEqual(r.objective[t - 1]!);
  });

  it("solves a convex quadratic in at most n + 1 iterations' worth of accuracy", () => {
    // f(x) = Σ_i (i + 1)(x_i − i)² / 2: minimum at x_i = i.
    const n = 20;
    const r = lbfgs(
      (x, g) => {
        let f = 0;
        for (let i = 0; i < n; i++) {
          g[i] = (i + 1) * (x[i]! - i);
          f += ((i + 1) * (x[i]! - i) ** 2) / 2;
        }
        return f;
      },
      new Float64Array(n),
      { tolerance: 1e-9, memory: 30 },
    );
    for (let i = 0; i < n; i++) expect(r.x[i]).toBeCloseTo(i, 7);
  });

  it("stops at the iteration cap and says so", () => {
    const r = lbfgs(
      (x, g) => {
        g[0] = 4 * x[0]! ** 3;
        return x[0]! ** 4;
      },
      [3],
      { maxIterations: 2, tolerance: 0 },
    );
    expect(r).toMatchObject({ iterations: 2, converged: false, reason: "maxIterations" });
  });

  it("returns at once from a stationary start", () => {
    const r = lbfgs(
      (x, g) => {
        g[0] = 2 * x[0]!;
        return x[0]! ** 2;
      },
      [0],
    );
    expect(r).toMatchObject({ iterations: 0, converged: true, reason: "gradient", evaluations: 1 });
  });

  it("rejects a start where the objective is not finite", () => {
    expect(() => lbfgs(() => Number.NaN, [0])).toThrow(/not finite at the starting point/);
  });
});
