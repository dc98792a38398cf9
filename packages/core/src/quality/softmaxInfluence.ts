import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { type CsrMatrix, type Features, isCsr } from "../linalg/csr.js";
import { type FloatArray, softmaxRows } from "../linalg/matrix.js";
import { addTransposedTimes, timesTransposed } from "../models/kernels.js";
import { checkTrainingInput } from "../models/shared.js";
import { type SoftmaxModel, softmaxLogits } from "../models/softmaxRegression.js";

/** Options for `softmaxInfluence`. */
export interface SoftmaxInfluenceOptions {
  /** The inverse L2 strength the model was fitted with (softmaxRegression's C). Required: it is part of H. */
  C: number;
  /** Whether the model has fitted (unpenalised) intercepts. Default true (softmaxRegression's default). */
  fitIntercept?: boolean;
  /** λ added to the Hessian's diagonal (H + λI) before inverting. Default 0 (the objective is convex). */
  damping?: number;
  /** Conjugate gradients stop when ‖residual‖ ≤ tolerance · ‖right-hand side‖. Default 1e-10. */
  tolerance?: number;
  /** Conjugate-gradient iteration cap per solve. Default: the parameter count, at most 2000. */
  maxIterations?: number;
}

/** A conjugate-gradient solve of (H + λI) s = v. */
export interface InverseHvp {
  solution: Float64Array;
  iterations: number;
  /** ‖residual‖ / ‖v‖ at the end. */
  relativeResidual: number;
  converged: boolean;
}

/** Influence of every training row on a test loss. */
export interface TestInfluence {
  /**
   * Koh & Liang's I_up,loss(z_i, test) = −∇L_testᵀ H⁻¹ ∇ℓ_i: the derivative of the test loss with respect to the
   * weight of training row i (positive: giving the row more weight raises the test loss, a harmful row).
   */
  influence: Float64Array;
  /**
   * The predicted change of the test loss when row i is left out and the model refitted: −influence (weight
   * 1 → 0, first order). Positive: the row helped the test loss.
   */
  leaveOneOut: Float64Array;
  /** The test loss at the fitted model (sum over the test rows). */
  testLoss: number;
  solve: Omit<InverseHvp, "solution">;
}

/** Options for `SoftmaxInfluence.selfInfluence`. */
export interface SelfInfluenceOptions {
  /** Only these rows (others are NaN). Default all. */
  rows?: ArrayLike<number>;
  /** Called after each block of rows with (done, total); returning true stops (the rest stay NaN). */
  onRow?: (done: number, total: number) => boolean | undefined;
}

/** Influence computations for one fitted softmax regression and its training data. */
export interface SoftmaxInfluence {
  /** Number of parameters: classes · features, plus classes with intercepts (layout: W row-major, then b). */
  readonly parameters: number;
  /** Gradient of the training objective Σ_i ℓ_i + ‖W‖²/(2C) at the model (≈ 0 at a minimum). */
  objectiveGradient(): Float64Array;
  /** Σ_t ∇ℓ(x_t, y_t): the gradient of the total cross-entropy of some rows (no penalty). */
  lossGradient(x: Features, y: Int32Array): Float64Array;
  /** (H + λI)·v with H the Hessian of the training objective. O(nnz · classes). */
  hessianVectorProduct(v: Float64Array): Float64Array;
  /** (H + λI)⁻¹·v by conjugate gradients. */
  inverseHvp(v: Float64Array): InverseHvp;
  /** Influence of every training row on the total loss of the given rows (one row: a single test point). */
  testInfluence(x: Features, y: Int32Array): TestInfluence;
  /**
   * ∇ℓ_iᵀ H⁻¹ ∇ℓ_i for each training row (−I_up,loss(z_i, z_i)): how much the row's own loss would rise if it
   * were left out, to first order. Large for rows the model fits only because they are in the training set
   * (mislabeled ones, Koh & Liang §5.4). One conjugate-gradient solve per row, 16 rows at a time sharing each pass
   * over the data.
   */
  selfInfluence(options?: SelfInfluenceOptions): Float64Array;
}

/**
 * Influence functions for L2-regularised softmax regression (Koh & Liang 2017, "Understanding Black-box
 * Predictions via Influence Functions", §2–3): at the minimiser θ̂ of Σ_i ℓ_i(θ) + ‖W‖²/(2C) (softmaxRegression's
 * objective), up-weighting training row i by ε moves the parameters by −ε H⁻¹∇ℓ_i, so the test loss moves by
 * −ε ∇L_testᵀ H⁻¹ ∇ℓ_i. H is the exact Hessian, never formed: H·v = Σ_i x̃_i ⊗ A_i(V x̃_i) + V_W/C with
 * A_i = diag(p_i) − p_i p_iᵀ and x̃_i = [x_i, 1], applied in O(nnz · K); H⁻¹·v by conjugate gradients (their §3's
 * choice, with optional damping). The intercepts are unpenalised and the direction "all intercepts + t" leaves the
 * model unchanged (H is singular there); every loss gradient is orthogonal to it, so conjugate gradients from zero
 * stay in H's range.
 */
export function softmaxInfluence(
  model: SoftmaxModel,
  train: { x: Features; y: Int32Array },
  options: SoftmaxInfluenceOptions,
): SoftmaxInfluence {
  const { x, y } = train;
  checkTrainingInput(x, y, { classes: model.classes });
  if (x.cols !== model.features)
    throw new RangeError(`the model expects ${model.features} features per row (got ${x.cols})`);
  const { C, fitIntercept = true, damping = 0, tolerance = 1e-10 } = options;
  assertFiniteInRange(C, "C", { min: Number.MIN_VALUE });
  assertFiniteInRange(damping, "damping", { min: 0 });
  assertFiniteInRange(tolerance, "tolerance", { min: 0 });
  const k = model.classes;
  const d = model.features;
  const nw = k * d;
  const dim = nw + (fitIntercept ? k : 0);
  const maxIterations = options.maxIterations ?? Math.min(dim, 2000);
  assertInteger(maxIterations, "maxIterations", { min: 1 });
  const probs = softmaxRows(softmaxLogits(model, x)).data;
  const n = x.rows;

  /** Σ_t r_t ⊗ x̃_t for residuals r (rows × K) of the rows of `xs`. */
  const sumOuter = (xs: Features, r: Float64Array): Float64Array => {
    const out = new Float64Array(dim);
    addTransposedTimes({ rows: xs.rows, cols: k, data: r }, xs, out.subarray(0, nw));
    if (fitIntercept)
      for (let t = 0; t < xs.rows; t++) for (let c = 0; c < k; c++) out[nw + c]! += r[t * k + c]!;
    return out;
  };
  /** Row t of the result: V x̃_t (rows × K) for a parameter vector v. */
  const apply = (xs: Features, v: Float64Array): Float64Array => {
    const u = isCsr(xs)
      ? sparseTimesTransposed(xs, v, k)
      : timesTransposed(xs, { rows: k, cols: d, data: v.subarray(0, nw) }).data;
    if (fitIntercept)
      for (let t = 0; t < xs.rows; t++) for (let c = 0; c < k; c++) u[t * k + c]! += v[nw + c]!;
    return u;
  };
  const residuals = (xs: Features, ys: Int32Array): { r: Float64Array; loss: number } => {
    const p = softmaxRows(softmaxLogits(model, xs)).data;
    let loss = 0;
    for (let t = 0; t < xs.rows; t++) {
      loss -= Math.log(Math.max(p[t * k + ys[t]!]!, 1e-300));
      p[t * k + ys[t]!]! -= 1;
    }
    return { r: p, loss };
  };
  const lossGradient = (xs: Features, ys: Int32Array): Float64Array => {
    checkTrainingInput(xs, ys, { classes: k });
    if (xs.cols !== d) throw new RangeError(`the model expects ${d} features per row (got ${xs.cols})`);
    return sumOuter(xs, residuals(xs, ys).r);
  };
  const hessianVectorProduct = (v: Float64Array): Float64Array => {
    if (v.length !== dim) throw new RangeError(`expected a vector of ${dim} parameters (got ${v.length})`);
    const u = apply(x, v);
    for (let i = 0; i < n; i++) {
      let pu = 0;
      for (let c = 0; c < k; c++) pu += probs[i * k + c]! * u[i * k + c]!;
      for (let c = 0; c < k; c++) u[i * k + c] = probs[i * k + c]! * (u[i * k + c]! - pu);
    }
    const out = sumOuter(x, u);
    for (let j = 0; j < nw; j++) out[j]! += v[j]! / C;
    if (damping > 0) for (let j = 0; j < dim; j++) out[j]! += damping * v[j]!;
    return out;
  };
  // Jacobi preconditioner: diag(H)_(c,j) = Σ_i p_ic(1 − p_ic)·x_ij² + 1/C (+ λ); bias entries Σ_i p_ic(1 − p_ic).
  // TF-IDF columns differ in scale by orders of magnitude, so this cuts the iterations several-fold.
  const diagonal = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const a = probs[i * k + c]! * (1 - probs[i * k + c]!);
      if (isCsr(x)) {
        for (let q = x.indptr[i]!; q < x.indptr[i + 1]!; q++)
          diagonal[c * d + x.indices[q]!]! += a * x.data[q]! ** 2;
      } else for (let j = 0; j < d; j++) diagonal[c * d + j]! += a * x.data[i * d + j]! ** 2;
      if (fitIntercept) diagonal[nw + c]! += a;
    }
  }
  for (let j = 0; j < dim; j++) {
    diagonal[j]! += (j < nw ? 1 / C : 0) + damping;
    if (!(diagonal[j]! > 0)) diagonal[j] = 1;
  }
  const precondition = (r: Float64Array) => r.map((v, j) => v / diagonal[j]!);
  const inverseHvp = (v: Float64Array): InverseHvp =>
    conjugateGradients(hessianVectorProduct, v, { tolerance, maxIterations, precondition });
  // r_i · (V x̃_i) for every training row: ⟨∇ℓ_i, v⟩ from the factors.
  const trainResidual = residuals(x, y).r;
  const dotEachRow = (v: Float64Array): Float64Array => {
    const u = apply(x, v);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += trainResidual[i * k + c]! * u[i * k + c]!;
      out[i] = s;
    }
    return out;
  };
  return {
    parameters: dim,
    objectiveGradient: () => {
      const g = sumOuter(x, trainResidual);
      for (let j = 0; j < nw; j++) g[j]! += model.weights[j]! / C;
      return g;
    },
    lossGradient,
    hessianVectorProduct,
    inverseHvp,
    testInfluence: (xs, ys) => {
      checkTrainingInput(xs, ys, { classes: k });
      if (xs.cols !== d) throw new RangeError(`the model expects ${d} features per row (got ${xs.cols})`);
      const { r, loss } = residuals(xs, ys);
      const { solution, ...solve } = inverseHvp(sumOuter(xs, r));
      const leaveOneOut = dotEachRow(solution);
      const influence = leaveOneOut.map((v) => -v);
      return { influence, leaveOneOut, testLoss: loss, solve };
    },
    selfInfluence: (o = {}) => {
      const out = new Float64Array(n).fill(Number.NaN);
      const rows = o.rows ?? Int32Array.from({ length: n }, (_, i) => i);
      for (let t = 0; t < rows.length; t++) assertInteger(rows[t]!, "rows[]", { min: 0, max: n - 1 });
      const block = { x, probs, k, C, damping, fitIntercept, dim, diagonal };
      for (let start = 0; start < rows.length; start += BLOCK) {
        const chunk = Array.from(
          { length: Math.min(BLOCK, rows.length - start) },
          (_, t) => rows[start + t]!,
        );
        const g = blockGradients({ x, rows: chunk, residual: trainResidual, k, fitIntercept }, dim);
        const sol = blockConjugateGradients(block, g, { tolerance, maxIterations, width: chunk.length });
        const b = chunk.length;
        const v = new Float64Array(b);
        for (let j = 0; j < dim; j++) for (let t = 0; t < b; t++) v[t]! += g[j * b + t]! * sol[j * b + t]!;
        chunk.forEach((i, t) => {
          out[i] = v[t]!;
        });
        if (o.onRow?.(start + b, rows.length)) break;
      }
      return out;
    },
  };
}

/** Rows solved together by `selfInfluence`: their Hessian-vector products share one pass over the data. */
const BLOCK = 16;

interface BlockProblem {
  x: Features;
  probs: Float64Array;
  k: number;
  C: number;
  damping: number;
  fitIntercept: boolean;
  dim: number;
  diagonal: Float64Array;
}

/** Calls f(column, value) for the non-zeros (or all entries) of row i. */
function forEachEntry(x: Features, i: number, f: (j: number, v: number) => void): void {
  if (isCsr(x)) {
    for (let q = x.indptr[i]!; q < x.indptr[i + 1]!; q++) f(x.indices[q]!, x.data[q]!);
  } else for (let j = 0; j < x.cols; j++) if (x.data[i * x.cols + j] !== 0) f(j, x.data[i * x.cols + j]!);
}

/** The gradients of `rows` as the columns of a dim × B row-major block. */
function blockGradients(
  p: { x: Features; rows: number[]; residual: Float64Array; k: number; fitIntercept: boolean },
  dim: number,
): Float64Array {
  const { x, rows, residual, k, fitIntercept } = p;
  const b = rows.length;
  const d = x.cols;
  const g = new Float64Array(dim * b);
  rows.forEach((i, t) => {
    forEachEntry(x, i, (j, v) => {
      for (let c = 0; c < k; c++) g[(c * d + j) * b + t] = residual[i * k + c]! * v;
    });
    if (fitIntercept) for (let c = 0; c < k; c++) g[(k * d + c) * b + t] = residual[i * k + c]!;
  });
  return g;
}

/** (H + λI)·V for the B columns of V (dim × B, row-major): one pass over the data for all columns. */
function blockHvp(p: BlockProblem, v: Float64Array, b: number): Float64Array {
  const { x, probs, k, C, damping, fitIntercept, dim } = p;
  const n = x.rows;
  const d = x.cols;
  const nw = k * d;
  const csr = isCsr(x);
  const u = new Float64Array(n * k * b);
  const out = new Float64Array(dim * b);
  for (let i = 0; i < n; i++) {
    const lo = csr ? x.indptr[i]! : 0;
    const hi = csr ? x.indptr[i + 1]! : d;
    for (let c = 0; c < k; c++) {
      const ub = (i * k + c) * b;
      for (let q = lo; q < hi; q++) {
        const j = csr ? x.indices[q]! : q;
        const xv = csr ? x.data[q]! : x.data[i * d + q]!;
        if (xv === 0) continue;
        const vb = (c * d + j) * b;
        for (let t = 0; t < b; t++) u[ub + t]! += xv * v[vb + t]!;
      }
      if (fitIntercept) for (let t = 0; t < b; t++) u[ub + t]! += v[(nw + c) * b + t]!;
    }
    for (let t = 0; t < b; t++) {
      let pu = 0;
      for (let c = 0; c < k; c++) pu += probs[i * k + c]! * u[(i * k + c) * b + t]!;
      for (let c = 0; c < k; c++) {
        const at = (i * k + c) * b + t;
        u[at] = probs[i * k + c]! * (u[at]! - pu);
      }
    }
    for (let c = 0; c < k; c++) {
      const ub = (i * k + c) * b;
      for (let q = lo; q < hi; q++) {
        const j = csr ? x.indices[q]! : q;
        const xv = csr ? x.data[q]! : x.data[i * d + q]!;
        if (xv === 0) continue;
        const ob = (c * d + j) * b;
        for (let t = 0; t < b; t++) out[ob + t]! += xv * u[ub + t]!;
      }
      if (fitIntercept) for (let t = 0; t < b; t++) out[(nw + c) * b + t]! += u[ub + t]!;
    }
  }
  for (let j = 0; j < dim; j++) {
    const shift = (j < nw ? 1 / C : 0) + damping;
    for (let t = 0; t < b; t++) out[j * b + t]! += shift * v[j * b + t]!;
  }
  return out;
}

/**
 * Jacobi-preconditioned conjugate gradients for the B right-hand sides in the columns of `g` (dim × B), run in
 * lockstep so that each iteration costs one blocked Hessian-vector product; each column has its own step sizes and
 * stops on its own residual.
 */
function blockConjugateGradients(
  p: BlockProblem,
  g: Float64Array,
  o: { tolerance: number; maxIterations: number; width: number },
): Float64Array {
  const { dim, diagonal } = p;
  const b = o.width;
  const s = new Float64Array(dim * b);
  const r = Float64Array.from(g);
  const z = r.map((v, at) => v / diagonal[Math.floor(at / b)]!);
  const dir = Float64Array.from(z);
  const columnDots = (a: Float64Array, c: Float64Array) => {
    const out = new Float64Array(b);
    for (let j = 0; j < dim; j++) for (let t = 0; t < b; t++) out[t]! += a[j * b + t]! * c[j * b + t]!;
    return out;
  };
  let rz = columnDots(r, z);
  const bNorm = columnDots(r, r).map(Math.sqrt);
  const active = Uint8Array.from(bNorm, (v) => (v > 0 ? 1 : 0));
  for (let it = 0; it < o.maxIterations && active.some((a) => a === 1); it++) {
    const ap = blockHvp(p, dir, b);
    const pap = columnDots(dir, ap);
    const alpha = new Float64Array(b);
    for (let t = 0; t < b; t++) {
      if (active[t] && !(pap[t]! > 0)) active[t] = 0;
      if (active[t]) alpha[t] = rz[t]! / pap[t]!;
    }
    for (let j = 0; j < dim; j++) {
      for (let t = 0; t < b; t++) {
        const at = j * b + t;
        s[at]! += alpha[t]! * dir[at]!;
        r[at]! -= alpha[t]! * ap[at]!;
        z[at] = r[at]! / diagonal[j]!;
      }
    }
    const next = columnDots(r, z);
    const rr = columnDots(r, r);
    for (let t = 0; t < b; t++) {
      if (active[t] && Math.sqrt(rr[t]!) <= o.tolerance * bNorm[t]!) active[t] = 0;
    }
    for (let j = 0; j < dim; j++) {
      for (let t = 0; t < b; t++) {
        const at = j * b + t;
        dir[at] = active[t] ? z[at]! + (next[t]! / rz[t]!) * dir[at]! : 0;
      }
    }
    rz = next;
  }
  return s;
}

/**
 * X·V_Wᵀ (rows × K) for CSR X and the first K·d entries of v: a plain loop over the non-zeros, faster than the
 * backend's general spmm for the few columns (K) a softmax model has.
 */
function sparseTimesTransposed(x: CsrMatrix<FloatArray>, v: Float64Array, k: number): Float64Array {
  const { indptr, indices, data, cols: d } = x;
  const out = new Float64Array(x.rows * k);
  for (let i = 0; i < x.rows; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      const base = c * d;
      for (let q = indptr[i]!; q < indptr[i + 1]!; q++) s += data[q]! * v[base + indices[q]!]!;
      out[i * k + c] = s;
    }
  }
  return out;
}

/**
 * Solves A s = b for a symmetric positive (semi-)definite A given as a product, by (preconditioned) conjugate
 * gradients (Hestenes & Stiefel 1952; Nocedal & Wright 2006, Algorithm 5.3), from s = 0. `precondition` applies
 * M⁻¹ for a symmetric positive definite M ≈ A (default: none). Stops when ‖b − A s‖ ≤ tolerance · ‖b‖.
 */
export function conjugateGradients(
  multiply: (v: Float64Array) => Float64Array,
  b: Float64Array,
  options: { tolerance: number; maxIterations: number; precondition?: (r: Float64Array) => Float64Array },
): InverseHvp {
  const { tolerance, maxIterations, precondition = (r: Float64Array) => r.slice() } = options;
  const m = b.length;
  const s = new Float64Array(m);
  const r = Float64Array.from(b);
  let z = precondition(r);
  const p = Float64Array.from(z);
  let rz = dot(r, z);
  let rr = dot(r, r);
  const bNorm = Math.sqrt(rr);
  if (bNorm === 0) return { solution: s, iterations: 0, relativeResidual: 0, converged: true };
  let iterations = 0;
  while (iterations < maxIterations && Math.sqrt(rr) > tolerance * bNorm) {
    const ap = multiply(p);
    const pap = dot(p, ap);
    if (!(pap > 0)) break; // a direction of zero or negative curvature: stop with what we have
    const alpha = rz / pap;
    for (let j = 0; j < m; j++) {
      s[j]! += alpha * p[j]!;
      r[j]! -= alpha * ap[j]!;
    }
    z = precondition(r);
    const next = dot(r, z);
    const beta = next / rz;
    rz = next;
    rr = dot(r, r);
    for (let j = 0; j < m; j++) p[j] = z[j]! + beta * p[j]!;
    iterations++;
  }
  const relativeResidual = Math.sqrt(rr) / bNorm;
  return { solution: s, iterations, relativeResidual, converged: relativeResidual <= tolerance };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}
