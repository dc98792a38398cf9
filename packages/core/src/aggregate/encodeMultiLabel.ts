import type { Annotations } from "../data/annotations.js";
import { CodeTable } from "../data/codeTable.js";
import { GrowableInt32 } from "../data/growable.js";
import { byItem } from "./internal.js";

/**
 * Multi-label judgments: judgment j says rater `rater[j]` gave item `item[j]` the set of classes
 * `labels[offsets[j]] … labels[offsets[j + 1] − 1]` (possibly empty). Codes index `items`, `raters`, `classes`.
 */
export interface MultiLabelAnnotations {
  readonly items: readonly string[];
  readonly raters: readonly string[];
  readonly classes: readonly string[];
  readonly item: Int32Array;
  readonly rater: Int32Array;
  readonly offsets: Int32Array;
  readonly labels: Int32Array;
}

/** Options for `encodeMultiLabel`. */
export interface EncodeMultiLabelOptions {
  /** Separator between classes inside one label string ("cat|dog"). Default "|". */
  separator?: string;
  /** The label string that means "no class" (an empty set). Default "" (and the empty string always does). */
  none?: string;
}

/**
 * Turns single-label annotations whose label strings hold sets ("cat|dog") into multi-label judgments. Several rows
 * for one (item, rater) pair (read with `--duplicates keep-all`, one row per chosen class) merge into one judgment
 * with the union of their classes. Classes are ordered by first appearance. O(n + total classes mentioned).
 */
export function encodeMultiLabel(
  a: Annotations,
  options: EncodeMultiLabelOptions = {},
): MultiLabelAnnotations {
  const { separator = "|", none = "" } = options;
  if (separator === "") throw new RangeError("separator must not be empty");
  const table = new CodeTable();
  const sets = a.classes.map((name) =>
    name === none
      ? []
      : [
          ...new Set(
            name
              .split(separator)
              .map((s) => s.trim())
              .filter((s) => s !== ""),
          ),
        ].map((s) => table.code(s)),
  );
  const d = byItem(a, {});
  const item = new GrowableInt32();
  const rater = new GrowableInt32();
  const offsets = new GrowableInt32();
  const labels = new GrowableInt32();
  offsets.push(0);
  // Within an item, a stamp per rater finds that rater's judgment (if any) so repeated rows merge.
  const slot = new Int32Array(a.raters.length).fill(-1);
  const stamp = new Int32Array(a.raters.length).fill(-1);
  const pending: number[][] = [];
  for (let i = 0; i < d.I; i++) {
    pending.length = 0;
    const raters: number[] = [];
    for (let k = d.offsets[i]!; k < d.offsets[i + 1]!; k++) {
      const r = d.rater[k]!;
      if (stamp[r] !== i) {
        stamp[r] = i;
        slot[r] = pending.length;
        pending.push([]);
        raters.push(r);
      }
      for (const c of sets[d.label[k]!]!) if (!pending[slot[r]!]!.includes(c)) pending[slot[r]!]!.push(c);
    }
    raters.forEach((r, s) => {
      item.push(i);
      rater.push(r);
      for (const c of pending[s]!.sort((x, y) => x - y)) labels.push(c);
      offsets.push(labels.length);
    });
  }
  return {
    items: a.items,
    raters: a.raters,
    classes: [...table.values],
    item: item.toArray(),
    rater: rater.toArray(),
    offsets: offsets.toArray(),
    labels: labels.toArray(),
  };
}
