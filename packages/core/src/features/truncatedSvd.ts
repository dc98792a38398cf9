import { assertInteger } from "../errors/assert.js";
import type { Features } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { addTransposedTimes, timesTransposed } from "../models/kernels.js";
import { createRng, type Seed } from "../random/rng.js";

/** Options for `truncatedSvd`. */
export interface TruncatedSvdOptions {
  /** Number of singular triplets k. Default 100 (capped by the matrix's smaller side). */
  components?: number;
  /** Extra random directions sampled beyond k (Halko et al.'s p). Default 10. */
  oversamples?: number;
  /** Power iterations (q), which sharpen a slowly decaying spectrum. Default 4. */
  powerIterations?: number;
  /** Seed of the Gaussian test matrix. Default 0. */
  seed?: Seed;
}

/** A fitted truncated SVD: A ≈ U·diag(σ)·V with V's rows the components. */
export interface TruncatedSvd {
  /** k × d right singular vectors (rows), each with its largest-magnitude entry positive. */
  components: Matrix;
  /** σ₁ ≥ … ≥ σ_k. */
  singularValues: Float64Array;
}

/** Result of `truncatedSvd`: the model and the rows projected on it. */
export interface TruncatedSvdResult extends TruncatedSvd {
  /** n × k: A·Vᵀ = U·diag(σ) (latent semantic analysis "embeddings" when A is TF-IDF). */
  embedding: Matrix;
}

/**
 * Truncated SVD by the randomized range finder with power iterations (Halko, Martinsson & Tropp 2011, "Finding
 * structure with randomness", SIAM Review 53(2), algorithms 4.4 and 5.1), the method behind scikit-learn's
 * `TruncatedSVD(algorithm="randomized")`. On a TF-IDF matrix this is latent semantic analysis (Deerwester et al.
 * 1990). Sparse or dense input; every product goes through models/kernels.ts. O((q + 2)·nnz·(k + p) + (n + d)·(k + p)²).
 */
export function truncatedSvd(a: Features, options: TruncatedSvdOptions = {}): TruncatedSvdResult {
  const { oversamples = 10, powerIterations = 4, seed = 0 } = options;
  const k = Math.min(options.components ?? 100, a.rows, a.cols);
  assertInteger(k, "components", { min: 1 });
  assertInteger(oversamples, "oversamples", { min: 0 });
  assertInteger(powerIterations, "powerIterations", { min: 0 });
  const l = Math.min(k + oversamples, a.rows, a.cols);
  const rng = createRng(seed);
  // Ωᵀ (l × d); every "right" block below is stored transposed, l × d, which is what the kernels take.
  let right: Matrix = { rows: l, cols: a.cols, data: new Float64Array(l * a.cols) };
  for (let q = 0; q < right.data.length; q++) right.data[q] = rng.normal();
  let q = orthonormalColumns(timesTransposed(a, right));
  for (let it = 0; it < powerIterations; it++) {
    right = orthonormalRows(transposedTimes(q, a));
    q = orthonormalColumns(timesTransposed(a, right));
  }
  const b = transposedTimes(q, a); // l × d
  const bbt = timesTransposed(b, b); // l × l
  const { values, vectors } = symmetricEigen(bbt);
  const order = Array.from(values.keys()).sort((i, j) => values[j]! - values[i]!);
  const d = a.cols;
  const components: Matrix = { rows: k, cols: d, data: new Float64Array(k * d) };
  const singularValues = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    const e = order[t]!;
    const sigma = Math.sqrt(Math.max(0, values[e]!));
    singularValues[t] = sigma;
    if (sigma === 0) continue;
    const row = components.data.subarray(t * d, (t + 1) * d);
    for (let r = 0; r < l; r++) {
      const u = vectors[r * l + e]! / sigma;
      if (u === 0) continue;
      for (let j = 0; j < d; j++) row[j]! += u * b.data[r * d + j]!;
    }
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(row[j]!) > Math.abs(row[big]!)) big = j;
    if (row[big]! < 0) for (let j = 0; j < d; j++) row[j] = -row[j]!;
  }
  return { components, singularValues, embedding: svdTransform({ components, singularValues }, a) };
}

/** New rows projected on a fitted SVD's components: X·Vᵀ (n × k). O(nnz·k). */
export function svdTransform(svd: TruncatedSvd, x: Features): Matrix {
  return timesTransposed(x, svd.components);
}

/** Gᵀ·A (m × d) for G n × m dense and A n × d. */
function transposedTimes(g: Matrix, a: Features): Matrix {
  const out = new Float64Array(g.cols * a.cols);
  addTransposedTimes(g, a, out);
  return { rows: g.cols, cols: a.cols, data: out };
}

/** Modified Gram–Schmidt on the rows (in place); rows that vanish become zero. */
function orthonormalRows(m: Matrix): Matrix {
  const { rows, cols, data } = m;
  for (let i = 0; i < rows; i++) {
    const ri = data.subarray(i * cols, (i + 1) * cols);
    for (let pass = 0; pass < 2; pass++)
      for (let j = 0; j < i; j++) {
        const rj = data.subarray(j * cols, (j + 1) * cols);
        let dot = 0;
        for (let c = 0; c < cols; c++) dot += ri[c]! * rj[c]!;
        for (let c = 0; c < cols; c++) ri[c]! -= dot * rj[c]!;
      }
    let norm = 0;
    for (let c = 0; c < cols; c++) norm += ri[c]! * ri[c]!;
    norm = Math.sqrt(norm);
    for (let c = 0; c < cols; c++) ri[c] = norm > 1e-300 ? ri[c]! / norm : 0;
  }
  return m;
}

/** Orthonormal basis of the columns of an n × l matrix (returned n × l). */
function orthonormalColumns(m: Matrix): Matrix {
  const t = orthonormalRows(transposeDense(m));
  return transposeDense(t);
}

function transposeDense(m: Matrix): Matrix {
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j]!;
  return { rows: m.cols, cols: m.rows, data: out };
}

/**
 * Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan, "Matrix
 * Computations", 4th ed., §8.5): eigenvalues and the eigenvectors as the columns of `vectors` (row-major n × n).
 */
export function symmetricEigen(m: Matrix): { values: Float64Array; vectors: Float64Array } {
  const n = m.rows;
  const a = Float64Array.from(m.data);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j]! ** 2;
        total += x;
        if (i !== j) off += x;
      }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++)
      for (let r = p + 1; r < n; r++) {
        const apr = a[p * n + r]!;
        if (apr === 0) continue;
        const theta = (a[r * n + r]! - a[p * n + p]!) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let i = 0; i < n; i++) {
          const aip = a[i * n + p]!;
          const air = a[i * n + r]!;
          a[i * n + p] = c * aip - s * air;
          a[i * n + r] = s * aip + c * air;
        }
        for (let i = 0; i < n; i++) {
          const api = a[p * n + i]!;
          const ari = a[r * n + i]!;
          a[p * n + i] = c * api - s * ari;
          a[r * n + i] = s * api + c * ari;
        }
        for (let i = 0; i < n; i++) {
          const vip = v[i * n + p]!;
          const vir = v[i * n + r]!;
          v[i * n + p] = c * vip - s * vir;
          v[i * n + r] = s * vip + c * vir;
        }
      }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}
