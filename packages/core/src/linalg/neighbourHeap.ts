import type { TopKResult } from "./backend.js";

/**
 * For each of `rows` queries, the k smallest (distance, index) pairs seen so far, kept in a bounded max-heap
 * (ordered by distance, then index, so equal distances keep the lowest indices). Every backend's top-k search
 * merges candidates through it. O(log k) per offered candidate, O(rows · k) memory.
 */
export class NeighbourHeap {
  /** Capacity per row. */
  readonly k: number;
  private readonly dist: Float64Array;
  private readonly index: Int32Array;
  private readonly size: Int32Array;

  /** Empty heaps for `rows` queries with capacity `k` each. */
  constructor(rows: number, k: number) {
    this.k = k;
    this.dist = new Float64Array(rows * k);
    this.index = new Int32Array(rows * k);
    this.size = new Int32Array(rows);
  }

  /** The distance a new candidate must not exceed to enter row `row` (Infinity until the row holds k). */
  bound(row: number): number {
    return this.size[row]! < this.k ? Infinity : this.dist[row * this.k]!;
  }

  /** Offers reference `index` at `distance` to query `row` (NaN counts as +Infinity). */
  push(row: number, distance: number, index: number): void {
    const k = this.k;
    if (k === 0) return;
    const d = Number.isNaN(distance) ? Infinity : distance;
    const base = row * k;
    const dist = this.dist;
    const idx = this.index;
    let n = this.size[row]!;
    if (n < k) {
      // Sift up from the new leaf.
      let c = n;
      while (c > 0) {
        const p = (c - 1) >> 1;
        const pd = dist[base + p]!;
        if (pd > d || (pd === d && idx[base + p]! > index)) break;
        dist[base + c] = pd;
        idx[base + c] = idx[base + p]!;
        c = p;
      }
      dist[base + c] = d;
      idx[base + c] = index;
      this.size[row] = n + 1;
      return;
    }
    const td = dist[base]!;
    if (d > td || (d === td && index >= idx[base]!)) return;
    // Replace the root (the worst kept) and sift down.
    let c = 0;
    n = k;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= n) break;
      let w = l;
      const r = l + 1;
      if (r < n) {
        const ld = dist[base + l]!;
        const rd = dist[base + r]!;
        if (rd > ld || (rd === ld && idx[base + r]! > idx[base + l]!)) w = r;
      }
      const wd = dist[base + w]!;
      if (wd < d || (wd === d && idx[base + w]! < index)) break;
      dist[base + c] = wd;
      idx[base + c] = idx[base + w]!;
      c = w;
    }
    dist[base + c] = d;
    idx[base + c] = index;
  }

  /**
   * The kept neighbours of every row, nearest first (ties by index), as a `TopKResult`. Rows that received fewer
   * than k candidates are padded with index −1 and distance Infinity. Empties the heaps' order (call once).
   */
  finish(): TopKResult {
    const k = this.k;
    const rows = this.size.length;
    const indices = new Int32Array(rows * k);
    const distances = new Float64Array(rows * k);
    const order: number[] = [];
    for (let i = 0; i < rows; i++) {
      const base = i * k;
      const n = this.size[i]!;
      order.length = n;
      for (let t = 0; t < n; t++) order[t] = t;
      order.sort(
        (x, y) =>
          this.dist[base + x]! - this.dist[base + y]! || this.index[base + x]! - this.index[base + y]!,
      );
      for (let t = 0; t < k; t++) {
        if (t < n) {
          indices[base + t] = this.index[base + order[t]!]!;
          distances[base + t] = this.dist[base + order[t]!]!;
        } else {
          indices[base + t] = -1;
          distances[base + t] = Infinity;
        }
      }
    }
    return { k, indices, distances };
  }
}
