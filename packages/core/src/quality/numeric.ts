// Private numeric helpers for quality/: numpy-compatible summation and rounding (so results match cleanlab bit
// for bit), linear-time selection and stable ordering on typed arrays. Not re-exported from the package.
import type { FloatArray, Matrix } from "../linalg/matrix.js";

/**
 * Σ a[start … start+n−1] in numpy's pairwise order (blocks of 8 accumulators up to 128 elements, halving above),
 * so `pairwiseSum(x) / n` equals `np.mean(x)` to the last bit.
 */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[start + i]!;
    return s;
  }
  if (n <= 128) {
    let r0 = a[start]!;
    let r1 = a[start + 1]!;
    let r2 = a[start + 2]!;
    let r3 = a[start + 3]!;
    let r4 = a[start + 4]!;
    let r5 = a[start + 5]!;
    let r6 = a[start + 6]!;
    let r7 = a[start + 7]!;
    let i = 8;
    for (const end = n - (n % 8); i < end; i += 8) {
      const b = start + i;
      r0 += a[b]!;
      r1 += a[b + 1]!;
      r2 += a[b + 2]!;
      r3 += a[b + 3]!;
      r4 += a[b + 4]!;
      r5 += a[b + 5]!;
      r6 += a[b + 6]!;
      r7 += a[b + 7]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** Rounds half to even, as numpy's `round`/`rint` do (2.5 → 2, 3.5 → 4). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Rounds each row of a K×K matrix to integers while preserving the row's rounded total (cleanlab's
 * `round_preserving_row_totals`, as of 2.9): increments go to the entries rounded down the most, decrements to
 * those rounded up the most. Returns a new Float64Array of integers.
 */
export function roundPreservingRowTotals(m: Float64Array, k: number): Float64Array {
  const out = new Float64Array(m.length);
  const diffs = new Float64Array(k);
  const order = new Int32Array(k);
  for (let r = 0; r < k; r++) {
    const base = r * k;
    let origSum = 0;
    for (let c = 0; c < k; c++) out[base + c] = roundHalfEven(m[base + c]!);
    origSum = roundHalfEven(pairwiseSum(m, base, k));
    let intSum = roundHalfEven(pairwiseSum(out, base, k));
    while (Math.abs(intSum - origSum) > 1e-6) {
      const diff = roundHalfEven(origSum - intSum);
      const increment = diff < 0 ? -1 : 1;
      const changes = Math.min(Math.trunc(Math.abs(diff)), k);
      for (let c = 0; c < k; c++) {
        diffs[c] = m[base + c]! - out[base + c]!;
        order[c] = c;
      }
      // Increments go to the entries rounded down the most (descending loss; ties: higher column first, the
      // reverse of numpy's stable small-array sort); decrements to those rounded up the most (ascending).
      if (increment > 0) order.sort((a, b) => diffs[b]! - diffs[a]! || b - a);
      else order.sort((a, b) => diffs[a]! - diffs[b]! || a - b);
      for (let c = 0; c < changes; c++) out[base + order[c]!]! += increment;
      intSum = roundHalfEven(pairwiseSum(out, base, k));
    }
  }
  return out;
}

/**
 * Marks the `count` smallest of `values[idx[0..n-1]]` in `mask` (at `mask[idx[i]]`), ties broken by position in
 * `idx` (earlier first) — the set a stable ascending argsort would put first. Expected O(n): quickselect finds
 * the count-th value, then one pass marks everything below it and the first tied entries.
 */
export function markSmallest(
  values: Float64Array,
  count: number,
  target: { idx?: Int32Array | undefined; mask: Uint8Array },
): void {
  const n = values.length;
  if (count <= 0 || n === 0) return;
  const { idx, mask } = target;
  if (count >= n) {
    for (let i = 0; i < n; i++) mask[idx ? idx[i]! : i] = 1;
    return;
  }
  const kth = selectKth(Float64Array.from(values), count - 1);
  let below = 0;
  for (let i = 0; i < n; i++) if (values[i]! < kth) below++;
  let ties = count - below;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < kth || (v === kth && ties-- > 0)) mask[idx ? idx[i]! : i] = 1;
  }
}

/** The k-th smallest value (0-based) of `a`, which is reordered in place (Hoare quickselect, median of three). */
export function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot
    let x = a[lo]!;
    let y = a[mid]!;
    let z = a[hi]!;
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/**
 * Indices 0..n−1 (or the given subset) ordered by ascending value, ties by ascending index: a stable argsort.
 * O(n log n) with one typed comparator.
 */
export function stableArgsort(values: ArrayLike<number>, subset?: Int32Array): Int32Array {
  const idx = subset ? Int32Array.from(subset) : Int32Array.from({ length: values.length }, (_, i) => i);
  idx.sort((a, b) => values[a]! - values[b]! || a - b);
  return idx;
}

/** Checks labels and predicted probabilities for the quality functions; returns the number of classes K. */
export function checkLabelsAndProbs(labels: Int32Array, probs: Matrix<FloatArray>): number {
  if (labels.length !== probs.rows) {
    throw new RangeError(
      `labels and probabilities must have the same number of rows (got ${labels.length} and ${probs.rows})`,
    );
  }
  const k = probs.cols;
  if (k < 2) throw new RangeError(`probabilities need at least 2 classes (columns), got ${k}`);
  if (labels.length === 0) throw new RangeError("labels and probabilities are empty");
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (!(c >= 0 && c < k)) throw new RangeError(`labels[${i}] must be a class code in [0, ${k}) (got ${c})`);
  }
  const d = probs.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!(v >= 0 && v <= 1)) {
      const r = Math.floor(i / k);
      throw new RangeError(`probabilities[${r}][${i - r * k}] must be in [0, 1] (got ${v})`);
    }
  }
  return k;
}

/** Number of examples with each given label. */
export function labelCounts(labels: Int32Array, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) out[labels[i]!]!++;
  return out;
}

/** Index of the largest entry of row i of a row-major n×k array (the first on ties, as numpy's argmax). */
export function argmaxRow(d: FloatArray, i: number, k: number): number {
  const base = i * k;
  let best = d[base]!;
  let arg = 0;
  for (let c = 1; c < k; c++) {
    if (d[base + c]! > best) {
      best = d[base + c]!;
      arg = c;
    }
  }
  return arg;
}

/**
 * The q-th percentile (0 … 100) of an ascending array, interpolated linearly as numpy's default `percentile` does:
 * numpy's `_lerp` works from the nearer end, so a fraction ≥ 0.5 interpolates back from the upper value. O(1).
 */
export function percentileOfSorted(sorted: Float64Array, q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const frac = pos - lo;
  const diff = sorted[hi]! - sorted[lo]!;
  return frac >= 0.5 ? sorted[hi]! - diff * (1 - frac) : sorted[lo]! + diff * frac;
}

/** The median as `np.median` computes it (mean of the two middle values when n is even). Expected O(n). */
export function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const a = Float64Array.from(values);
  const upper = selectKth(a, n >> 1);
  if (n % 2 === 1) return upper;
  // after selection every entry left of n/2 is ≤ upper: the lower middle value is their maximum
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}
