import type { Annotations } from "../data/annotations.js";
import type { Matrix } from "../linalg/matrix.js";
import type { MultiLabelAnnotations } from "./encodeMultiLabel.js";
import { majorityVote } from "./majorityVote.js";
import type { AggregateResult, CategoricalOptions } from "./types.js";

/** Options for `binaryRelevance`. */
export interface BinaryRelevanceOptions<O extends CategoricalOptions = CategoricalOptions> {
  /** The categorical aggregator run once per class. Default `majorityVote`. */
  aggregator?: (a: Annotations, options?: O) => AggregateResult;
  /** Options passed to it on every class (without `known`; see below). */
  options?: Omit<O, "known">;
  /** Known label sets, clamped: items × classes, 1 = present, 0 = absent, −1 = unknown. Default none. */
  known?: Int8Array;
}

/** The result of multi-label aggregation. */
export interface MultiLabelResult {
  /** P(class present) per item and class (items × classes; rows do not sum to 1: classes are independent). */
  readonly probabilities: Matrix;
  /** 1 where the aggregator decided the class is present, 0 absent, −1 undecided (items × classes). */
  readonly present: Int8Array;
  /** The per-class binary results (classes "absent", "present"), in class order. */
  readonly perClass: readonly AggregateResult[];
}

/**
 * Binary relevance (the standard reduction of multi-label learning; crowd-kit's BinaryRelevance): each class
 * becomes its own two-class problem (did this judgment include the class or not?) over the same items and raters,
 * solved by any categorical aggregator, so Dawid–Skene or MACE learn a rater's per-class reliability. O(classes ×
 * the aggregator's cost) on n judgments each.
 */
export function binaryRelevance<O extends CategoricalOptions = CategoricalOptions>(
  m: MultiLabelAnnotations,
  options: BinaryRelevanceOptions<O> = {},
): MultiLabelResult {
  const aggregator =
    options.aggregator ?? (majorityVote as unknown as (a: Annotations, o?: O) => AggregateResult);
  const I = m.items.length;
  const C = m.classes.length;
  const n = m.item.length;
  if (m.rater.length !== n || m.offsets.length !== n + 1) {
    throw new RangeError(
      `multi-label judgments need item and rater codes of equal length and offsets of length n + 1 (got ${n}, ${m.rater.length} and ${m.offsets.length})`,
    );
  }
  if (options.known && options.known.length !== I * C) {
    throw new RangeError(`known must be items × classes = ${I * C} entries (got ${options.known.length})`);
  }
  const probabilities = new Float64Array(I * C);
  const present = new Int8Array(I * C);
  const perClass: AggregateResult[] = [];
  const label = new Int32Array(n);
  for (let c = 0; c < C; c++) {
    for (let j = 0; j < n; j++) {
      let has = 0;
      for (let x = m.offsets[j]!; x < m.offsets[j + 1]!; x++) if (m.labels[x] === c) has = 1;
      label[j] = has;
    }
    let known: Int32Array | undefined;
    if (options.known) {
      known = new Int32Array(I);
      for (let i = 0; i < I; i++) known[i] = options.known[i * C + c]!;
    }
    const binary: Annotations = {
      items: m.items,
      raters: m.raters,
      classes: ["absent", "present"],
      item: m.item,
      rater: m.rater,
      label: label.slice(),
    };
    const r = aggregator(binary, { ...(options.options ?? {}), known } as O);
    perClass.push(r);
    for (let i = 0; i < I; i++) {
      probabilities[i * C + c] = r.posteriors.data[i * 2 + 1]!;
      present[i * C + c] = r.labels[i]!;
    }
  }
  return { probabilities: { rows: I, cols: C, data: probabilities }, present, perClass };
}
