import type { Annotations } from "../data/annotations.js";
import { groupBy } from "../data/groupBy.js";
import type { Matrix } from "../linalg/matrix.js";

/**
 * How many judgments each unit (item) received in each class, as compressed sparse rows: unit u gave `count[e]`
 * judgments to class `category[e]` for e in `offsets[u]` … `offsets[u + 1] − 1`. Each class appears at most once
 * per unit and only with a count ≥ 1, so the size is at most the number of judgments whatever the number of
 * classes. This is the sufficient statistic of every rater-blind agreement coefficient (percent agreement,
 * Fleiss, Gwet, Brennan–Prediger, Krippendorff) and what their bootstraps resample.
 */
export interface CategoryCounts {
  /** Class names; codes index this table. */
  readonly classes: readonly string[];
  /** Length units + 1. */
  readonly offsets: Int32Array;
  /** Class code of each entry. */
  readonly category: Int32Array;
  /** Judgments of that class in that unit (≥ 1). */
  readonly count: Int32Array;
  /** Judgments per unit (the sum of its counts). */
  readonly total: Int32Array;
}

/**
 * Per-item class counts of a dataset: one unit per item code (an item with no judgment is an empty unit). One
 * counting sort by item plus a stamp array per class: O(n + items + classes) time, no hashing.
 */
export function categoryCounts(a: Annotations): CategoryCounts {
  const units = a.items.length;
  const k = a.classes.length;
  const { offsets: groups, order } = groupBy(a.item, units);
  const stamp = new Int32Array(k).fill(-1);
  const slot = new Int32Array(k);
  const offsets = new Int32Array(units + 1);
  const category = new Int32Array(a.item.length);
  const count = new Int32Array(a.item.length);
  const total = new Int32Array(units);
  let e = 0;
  for (let u = 0; u < units; u++) {
    offsets[u] = e;
    const end = groups[u + 1]!;
    for (let g = groups[u]!; g < end; g++) {
      const c = a.label[order[g]!]!;
      if (stamp[c] === u) count[slot[c]!]!++;
      else {
        stamp[c] = u;
        slot[c] = e;
        category[e] = c;
        count[e] = 1;
        e++;
      }
    }
    total[u] = end - groups[u]!;
  }
  offsets[units] = e;
  return { classes: a.classes, offsets, category: category.slice(0, e), count: count.slice(0, e), total };
}

/**
 * Category counts from a dense units × classes table of non-negative integer counts (the layout of Fleiss 1971,
 * statsmodels' `fleiss_kappa` and Krippendorff's "values by units" tables). Class names default to "0", "1", ….
 */
export function countsFromTable(
  table: Matrix | readonly (readonly number[])[],
  classes?: readonly string[],
): CategoryCounts {
  const rows = Array.isArray(table) ? table.length : (table as Matrix).rows;
  const cols = Array.isArray(table) ? (table[0]?.length ?? 0) : (table as Matrix).cols;
  const at = Array.isArray(table)
    ? (u: number, c: number) => {
        const r = (table as readonly (readonly number[])[])[u]!;
        if (r.length !== cols)
          throw new RangeError(`count table row ${u} has ${r.length} values, expected ${cols}`);
        return r[c]!;
      }
    : (u: number, c: number) => (table as Matrix).data[u * cols + c]!;
  const names = classes ?? Array.from({ length: cols }, (_, c) => String(c));
  if (names.length !== cols) {
    throw new RangeError(
      `classes must name every column of the count table (got ${names.length} for ${cols})`,
    );
  }
  const offsets = new Int32Array(rows + 1);
  const total = new Int32Array(rows);
  const category: number[] = [];
  const count: number[] = [];
  for (let u = 0; u < rows; u++) {
    offsets[u] = category.length;
    for (let c = 0; c < cols; c++) {
      const v = at(u, c);
      if (!(Number.isInteger(v) && v >= 0)) {
        throw new RangeError(`count table [${u}][${c}] must be a non-negative integer (got ${v})`);
      }
      if (v === 0) continue;
      category.push(c);
      count.push(v);
      total[u]! += v;
    }
  }
  offsets[rows] = category.length;
  return {
    classes: names,
    offsets,
    category: Int32Array.from(category),
    count: Int32Array.from(count),
    total,
  };
}

/** Whether `data` is already a `CategoryCounts` (rather than judgments). */
export function isCategoryCounts(data: Annotations | CategoryCounts): data is CategoryCounts {
  return "offsets" in data && "total" in data;
}

/** The category counts of `data`, computing them from judgments when needed. */
export function toCategoryCounts(data: Annotations | CategoryCounts): CategoryCounts {
  return isCategoryCounts(data) ? data : categoryCounts(data);
}
