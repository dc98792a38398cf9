/** Options for `lbfgs`. */
export interface LbfgsOptions {
  /** Maximum number of iterations (line searches). Default 1000. */
  maxIterations?: number;
  /** Stop when the largest absolute gradient entry is at most this (scipy's `gtol`). Default 1e-8. */
  tolerance?: number;
  /**
   * Stop when the objective's relative decrease (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) is at most this
   * (scipy's `factr × eps`). Default 1e-15: tight, so that `tolerance` usually decides.
   */
  functionTolerance?: number;
  /** Number of correction pairs kept (the "m" of L-BFGS). Default 10. */
  memory?: number;
  /** Maximum number of function evaluations per line search. Default 40. */
  maxLineSearch?: number;
  /** Called after every iteration with the iteration number and objective; return true to stop early. */
  onIteration?: (iteration: number, value: number) => boolean | undefined;
}

/** Result of `lbfgs`. */
export interface LbfgsResult {
  /** The minimiser found. */
  x: Float64Array;
  /** The objective at `x`. */
  value: number;
  /** Largest absolute gradient entry at `x`. */
  gradientMax: number;
  iterations: number;
  /** Function (and gradient) evaluations in all. */
  evaluations: number;
  /** True when a tolerance was met (not when the iteration cap or a failed line search stopped it). */
  converged: boolean;
  /** Why it stopped. */
  reason: "gradient" | "function" | "maxIterations" | "lineSearch" | "callback";
  /** Objective after each iteration (index 0: at the start). */
  objective: number[];
}

/** An objective: writes the gradient at `x` into `grad` and returns the value. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m) m = v;
  }
  return m;
}

/** Minimiser of the cubic through (a, fa, ga) and (b, fb, gb), kept inside [lo + 10%, hi − 10%] of the bracket. */
function cubicStep(p: { a: number; fa: number; ga: number; b: number; fb: number; gb: number }): number {
  const { a, fa, ga, b, fb, gb } = p;
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - ga * gb;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const margin = 0.1 * (hi - lo);
  if (disc >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    const t = b - (b - a) * ((gb + d2 - d1) / (gb - ga + 2 * d2));
    if (Number.isFinite(t) && t > lo + margin && t < hi - margin) return t;
  }
  return (a + b) / 2;
}

/**
 * Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) with a line search satisfying the strong Wolfe
 * conditions (Nocedal & Wright 2006, algorithms 3.5–3.6; c1 = 1e-4, c2 = 0.9). Minimises a smooth function given
 * its gradient. Each iteration costs one or a few evaluations plus O(memory · n).
 */
export function lbfgs(fn: Objective, x0: ArrayLike<number>, options: LbfgsOptions = {}): LbfgsResult {
  const {
    maxIterations = 1000,
    tolerance = 1e-8,
    functionTolerance = 1e-15,
    memory = 10,
    maxLineSearch = 40,
    onIteration,
  } = options;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let evaluations = 1;
  let f = fn(x, g);
  if (!Number.isFinite(f))
    throw new RangeError(`the objective is not finite at the starting point (got ${f})`);
  const objective = [f];
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let iterations = 0;
  let reason: LbfgsResult["reason"] = "maxIterations";
  if (maxAbs(g) <= tolerance) reason = "gradient";
  while (reason === "maxIterations" && iterations < maxIterations) {
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    const k = s.length;
    for (let j = k - 1; j >= 0; j--) {
      alpha[j] = rho[j]! * dot(s[j]!, d);
      const yj = y[j]!;
      const aj = alpha[j]!;
      for (let i = 0; i < n; i++) d[i]! -= aj * yj[i]!;
    }
    if (k > 0) {
      const gamma = dot(s[k - 1]!, y[k - 1]!) / dot(y[k - 1]!, y[k - 1]!);
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    }
    for (let j = 0; j < k; j++) {
      const beta = rho[j]! * dot(y[j]!, d);
      const sj = s[j]!;
      const c = alpha[j]! - beta;
      for (let i = 0; i < n; i++) d[i]! += c * sj[i]!;
    }
    let dg = dot(d, g);
    if (!(dg < 0)) {
      // Not a descent direction (a bad curvature pair): restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      dg = dot(d, g);
    }
    const first = iterations === 0 || s.length === 0;
    const step0 = first ? Math.min(1, 1 / Math.sqrt(dot(d, d))) : 1;
    const ls = lineSearch({ fn, x, f, g, d, dg, step0, xNew, gNew, maxEvaluations: maxLineSearch });
    evaluations += ls.evaluations;
    if (!ls.ok) {
      reason = "lineSearch";
      break;
    }
    iterations++;
    const fNew = ls.f;
    // Curvature pair; skipped when sᵀy is not safely positive (keeps H positive definite).
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xNew[i]! - x[i]!;
      yk[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-10 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
      if (s.length === memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const decrease = (f - fNew) / Math.max(Math.abs(f), Math.abs(fNew), 1);
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    objective.push(f);
    if (maxAbs(g) <= tolerance) reason = "gradient";
    else if (decrease <= functionTolerance) reason = "function";
    else if (onIteration?.(iterations, f)) reason = "callback";
  }
  return {
    x,
    value: f,
    gradientMax: maxAbs(g),
    iterations,
    evaluations,
    converged: reason === "gradient" || reason === "function",
    reason,
    objective,
  };
}

interface LineSearchInput {
  fn: Objective;
  x: Float64Array;
  f: number;
  g: Float64Array;
  d: Float64Array;
  dg: number;
  step0: number;
  xNew: Float64Array;
  gNew: Float64Array;
  maxEvaluations: number;
}

/** Strong-Wolfe line search along d; on success xNew/gNew hold the accepted point. */
function lineSearch(p: LineSearchInput): { ok: boolean; f: number; evaluations: number } {
  const { fn, x, f, d, dg, xNew, gNew, maxEvaluations } = p;
  const c1 = 1e-4;
  const c2 = 0.9;
  let evaluations = 0;
  const evalAt = (t: number): { f: number; dg: number } => {
    for (let i = 0; i < x.length; i++) xNew[i] = x[i]! + t * d[i]!;
    evaluations++;
    const v = fn(xNew, gNew);
    return { f: v, dg: dot(gNew, d) };
  };
  let prevT = 0;
  let prevF = f;
  let prevDg = dg;
  let t = p.step0;
  // Bracketing phase.
  while (evaluations < maxEvaluations) {
    const cur = evalAt(t);
    if (!Number.isFinite(cur.f)) {
      t = (prevT + t) / 2; // stepped into overflow: shrink
      continue;
    }
    if (cur.f > f + c1 * t * dg || (evaluations > 1 && cur.f >= prevF)) {
      return zoom({ lo: prevT, fLo: prevF, dgLo: prevDg, hi: t, fHi: cur.f, dgHi: cur.dg });
    }
    if (Math.abs(cur.dg) <= -c2 * dg) return { ok: true, f: cur.f, evaluations };
    if (cur.dg >= 0) return zoom({ lo: t, fLo: cur.f, dgLo: cur.dg, hi: prevT, fHi: prevF, dgHi: prevDg });
    prevT = t;
    prevF = cur.f;
    prevDg = cur.dg;
    t *= 2;
  }
  return { ok: false, f, evaluations };

  function zoom(b: { lo: number; fLo: number; dgLo: number; hi: number; fHi: number; dgHi: number }) {
    let { lo, fLo, dgLo, hi, fHi, dgHi } = b;
    let best = { t: lo, f: fLo };
    while (evaluations < maxEvaluations) {
      const tj = cubicStep({ a: lo, fa: fLo, ga: dgLo, b: hi, fb: fHi, gb: dgHi });
      const cur = evalAt(tj);
      if (!Number.isFinite(cur.f) || cur.f > f + c1 * tj * dg || cur.f >= fLo) {
        hi = tj;
        fHi = cur.f;
        dgHi = cur.dg;
      } else {
        if (Math.abs(cur.dg) <= -c2 * dg) return { ok: true, f: cur.f, evaluations };
        if (cur.dg * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          dgHi = dgLo;
        }
        lo = tj;
        fLo = cur.f;
        dgLo = cur.dg;
        if (cur.f < best.f) best = { t: tj, f: cur.f };
      }
      if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    // Out of evaluations: accept the best point with sufficient decrease, if any (as scipy's line search does).
    if (best.t > 0 && best.f < f) {
      const cur = evalAt(best.t);
      return { ok: true, f: cur.f, evaluations };
    }
    return { ok: false, f, evaluations };
  }
}
