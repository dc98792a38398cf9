// Turning raw term counts into the values a vectorizer outputs: tf transform, idf, row normalisation.
import type { CsrMatrix } from "../linalg/csr.js";

/** How counts become feature values (scikit-learn's TfidfTransformer options). */
export interface WeightingOptions {
  /** Replace each count tf by 1 + ln(tf) (sign kept for the signed counts of feature hashing). Default false. */
  sublinearTf?: boolean;
  /** Replace every non-zero count by 1 (before the idf). Default false. */
  binary?: boolean;
  /** Row normalisation after weighting: "l2" (unit Euclidean length), "l1" (unit sum of |values|) or "none". Default "l2". */
  norm?: "l2" | "l1" | "none";
}

/**
 * Inverse document frequencies from a count matrix: ln((1 + n) / (1 + df)) + 1 with smoothing (as if one extra
 * document held every term once), ln(n / df) + 1 without; df = rows where the term is stored (as scikit-learn counts it). O(nnz + cols).
 */
export function inverseDocumentFrequency(counts: CsrMatrix, smooth = true): Float64Array {
  const df = new Float64Array(counts.cols);
  for (let p = 0; p < counts.indices.length; p++) df[counts.indices[p]!]!++;
  const s = smooth ? 1 : 0;
  const n = counts.rows + s;
  const idf = new Float64Array(counts.cols);
  for (let j = 0; j < counts.cols; j++) idf[j] = Math.log(n / (df[j]! + s)) + 1;
  return idf;
}

/** Applies binary / sublinear tf, the idf (when given) and the row norm, in place. O(nnz). */
export function weightCounts(
  counts: CsrMatrix,
  options: WeightingOptions & { idf?: Float64Array | undefined },
): CsrMatrix {
  const { sublinearTf = false, binary = false, norm = "l2", idf } = options;
  const { indptr, indices, data } = counts;
  for (let p = 0; p < data.length; p++) {
    let v = data[p]!;
    if (binary && v !== 0) v = Math.sign(v);
    else if (sublinearTf && v !== 0) v = Math.sign(v) * (1 + Math.log(Math.abs(v)));
    if (idf) v *= idf[indices[p]!]!;
    data[p] = v;
  }
  if (norm !== "none") {
    for (let i = 0; i < counts.rows; i++) {
      let s = 0;
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++)
        s += norm === "l2" ? data[p]! * data[p]! : Math.abs(data[p]!);
      if (s > 0) {
        const inv = norm === "l2" ? 1 / Math.sqrt(s) : 1 / s;
        for (let p = indptr[i]!; p < indptr[i + 1]!; p++) data[p]! *= inv;
      }
    }
  }
  return counts;
}

/**
 * Builds a CSR count matrix from per-document term ids (ids of document i are `ids[offsets[i]]` …
 * `ids[offsets[i + 1] − 1]`, repeats allowed, −1 skipped; `signs`, when given, adds ±1 per occurrence). Column
 * indices come out sorted within each row and distinct; signed counts that cancel are kept as explicit zeros. O(tokens · log).
 */
export function countMatrix(p: {
  ids: Int32Array;
  offsets: Int32Array;
  cols: number;
  signs?: Int8Array | undefined;
}): CsrMatrix {
  const { ids, offsets, cols, signs } = p;
  const rows = offsets.length - 1;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(ids.length);
  const data = new Float64Array(ids.length);
  let nnz = 0;
  // Sort keys per document: id·2 + (sign > 0) so one typed-array sort groups equal ids (and signs).
  let keys = new Float64Array(64);
  for (let i = 0; i < rows; i++) {
    const len = offsets[i + 1]! - offsets[i]!;
    if (len > keys.length) keys = new Float64Array(2 * len);
    let m = 0;
    for (let t = offsets[i]!; t < offsets[i + 1]!; t++) {
      const id = ids[t]!;
      if (id >= 0) keys[m++] = id * 2 + (signs && signs[t]! < 0 ? 0 : 1);
    }
    const sorted = keys.subarray(0, m).sort();
    let t = 0;
    while (t < m) {
      const id = Math.floor(sorted[t]! / 2);
      let v = 0;
      for (; t < m && Math.floor(sorted[t]! / 2) === id; t++) v += sorted[t]! % 2 === 1 ? 1 : -1;
      // Signed counts that cancel stay stored as explicit zeros, as scipy's sum_duplicates leaves them (and
      // scikit-learn's document frequency counts them).
      indices[nnz] = id;
      data[nnz++] = v;
    }
    indptr[i + 1] = nnz;
  }
  return { rows, cols, indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz) };
}
