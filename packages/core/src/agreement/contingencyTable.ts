import type { Annotations } from "../data/annotations.js";
import type { Matrix } from "../linalg/matrix.js";
import type { ItemStatistic } from "./bootstrap.js";

/** Two raters' judgments on the items both judged, cross-tabulated. */
export interface PairTable {
  /** q × q counts: rows are the first rater's classes, columns the second's. */
  readonly table: Matrix;
  /** Class names (the dataset's class table). */
  readonly classes: readonly string[];
  /** The two raters' codes and names. */
  readonly raters: readonly [number, number];
  readonly raterNames: readonly [string, string];
  /** Number of items in the dataset (the units an item bootstrap resamples). */
  readonly itemCount: number;
  /** Item codes judged by both raters, ascending. */
  readonly items: Int32Array;
  /** The first and second rater's class code on each of those items. */
  readonly first: Int32Array;
  readonly second: Int32Array;
}

/** A rater given by name or code, as its code. */
function raterCode(a: Annotations, r: string | number): number {
  const code = typeof r === "number" ? r : a.raters.indexOf(r);
  if (!(Number.isInteger(code) && code >= 0 && code < a.raters.length)) {
    throw new RangeError(`unknown rater ${JSON.stringify(r)}`);
  }
  return code;
}

/**
 * The contingency table of two raters over the items both judged (items either skipped drop out). `raters`
 * defaults to the dataset's two raters (a `RangeError` when it has another number). A rater who judged an item
 * twice counts with the last judgment. O(n + items + q²).
 */
export function contingencyTable(
  a: Annotations,
  raters?: readonly [string | number, string | number],
): PairTable {
  if (!raters && a.raters.length !== 2) {
    throw new RangeError(
      `a two-rater coefficient needs exactly two raters or options.raters (the data has ${a.raters.length})`,
    );
  }
  const ra = raterCode(a, raters?.[0] ?? 0);
  const rb = raterCode(a, raters?.[1] ?? 1);
  if (ra === rb)
    throw new RangeError(`the two raters must differ (got ${JSON.stringify(a.raters[ra])} twice)`);
  const q = a.classes.length;
  const labelA = new Int32Array(a.items.length).fill(-1);
  const labelB = new Int32Array(a.items.length).fill(-1);
  for (let j = 0; j < a.item.length; j++) {
    const r = a.rater[j]!;
    if (r === ra) labelA[a.item[j]!] = a.label[j]!;
    else if (r === rb) labelB[a.item[j]!] = a.label[j]!;
  }
  let shared = 0;
  for (let i = 0; i < labelA.length; i++) if (labelA[i]! >= 0 && labelB[i]! >= 0) shared++;
  const items = new Int32Array(shared);
  const first = new Int32Array(shared);
  const second = new Int32Array(shared);
  const data = new Float64Array(q * q);
  for (let i = 0, s = 0; i < labelA.length; i++) {
    if (labelA[i]! < 0 || labelB[i]! < 0) continue;
    items[s] = i;
    first[s] = labelA[i]!;
    second[s] = labelB[i]!;
    data[labelA[i]! * q + labelB[i]!]!++;
    s++;
  }
  return {
    table: { rows: q, cols: q, data },
    classes: a.classes,
    raters: [ra, rb],
    raterNames: [a.raters[ra]!, a.raters[rb]!],
    itemCount: a.items.length,
    items,
    first,
    second,
  };
}

/** A two-rater coefficient's input: judgments (with the pair to compare) or a q × q table of counts. */
export interface TableInput {
  /** q × q counts. */
  readonly counts: Float64Array;
  readonly q: number;
  readonly classes: readonly string[];
  /** The pair, when the input was judgments. */
  readonly pair?: PairTable;
}

/** Resolves judgments or a square table of non-negative counts into a table (classes "0" … "q−1" for a table). */
export function tableInput(
  data: Annotations | Matrix,
  raters?: readonly [string | number, string | number],
): TableInput {
  if ("rows" in data && "cols" in data) {
    if (data.rows !== data.cols)
      throw new RangeError(`a contingency table must be square (got ${data.rows} × ${data.cols})`);
    data.data.forEach((v, i) => {
      if (!(v >= 0 && Number.isFinite(v))) {
        throw new RangeError(
          `table[${Math.floor(i / data.cols)}][${i % data.cols}] must be a count ≥ 0 (got ${v})`,
        );
      }
    });
    const q = data.rows;
    return {
      counts: Float64Array.from(data.data),
      q,
      classes: Array.from({ length: q }, (_, c) => String(c)),
    };
  }
  const pair = contingencyTable(data, raters);
  return { counts: pair.table.data as Float64Array, q: pair.table.rows, classes: pair.classes, pair };
}

/**
 * A table coefficient as an item statistic: units are the dataset's items (for judgments) or the table's
 * observations (for a table of integer counts); a replicate rebuilds the table from reweighted units in O(units +
 * q²) and applies `coefficient`.
 */
export function tableStatistic(
  input: TableInput,
  coefficient: (table: Float64Array) => number,
): ItemStatistic {
  const { q } = input;
  let unitOf: Int32Array;
  let cellOf: Int32Array;
  let units: number;
  if (input.pair) {
    const p = input.pair;
    unitOf = p.items;
    cellOf = Int32Array.from(p.first, (c, s) => c * q + p.second[s]!);
    units = p.itemCount;
  } else {
    let n = 0;
    for (const v of input.counts) {
      if (!Number.isInteger(v)) throw new RangeError("bootstrapping a table needs integer counts");
      n += v;
    }
    units = n;
    unitOf = new Int32Array(n);
    cellOf = new Int32Array(n);
    for (let cell = 0, u = 0; cell < input.counts.length; cell++) {
      for (let k = 0; k < input.counts[cell]!; k++, u++) {
        unitOf[u] = u;
        cellOf[u] = cell;
      }
    }
  }
  const t = new Float64Array(q * q);
  return {
    units,
    value: coefficient(input.counts),
    evaluate(w) {
      t.fill(0);
      for (let s = 0; s < unitOf.length; s++) t[cellOf[s]!]! += w[unitOf[s]!]!;
      return coefficient(t);
    },
  };
}
