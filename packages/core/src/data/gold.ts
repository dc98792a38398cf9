import type { Annotations } from "./annotations.js";
import { CodeTable } from "./codeTable.js";

/** Gold labels aligned with a dataset's item codes. */
export interface EncodedGold {
  /** truth[i] is the class code of item i's gold label, or −1 when item i has none. */
  readonly truth: Int32Array;
  /** The dataset's classes, followed by gold classes that no rater used. */
  readonly classes: readonly string[];
  /** Gold items that have no judgment in the dataset (ignored, reported so nothing passes silently). */
  readonly unmatchedItems: readonly string[];
  /** Number of items with a gold label. */
  readonly count: number;
}

/**
 * Aligns gold (item, label) pairs with a dataset's code tables. O(items + gold). Throws a `RangeError` when one item
 * has two different gold labels.
 */
export function encodeGold(
  a: Annotations,
  gold: Iterable<readonly [item: string, label: string]>,
): EncodedGold {
  const items = CodeTable.from(a.items);
  const classes = CodeTable.from(a.classes);
  const truth = new Int32Array(a.items.length).fill(-1);
  const unmatchedItems: string[] = [];
  let count = 0;
  for (const [item, label] of gold) {
    const i = items.lookup(item);
    if (i < 0) {
      unmatchedItems.push(item);
      continue;
    }
    const c = classes.code(label);
    if (truth[i]! >= 0 && truth[i] !== c) {
      throw new RangeError(
        `item ${JSON.stringify(item)} has two gold labels: ${JSON.stringify(classes.value(truth[i]!))} and ${JSON.stringify(label)}`,
      );
    }
    if (truth[i]! < 0) count++;
    truth[i] = c;
  }
  return { truth, classes: [...classes.values], unmatchedItems, count };
}
