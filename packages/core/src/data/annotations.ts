import { assertCodes, assertSameLength } from "../errors/assert.js";
import { CodeTable } from "./codeTable.js";
import { GrowableFloat64, GrowableInt32 } from "./growable.js";

/**
 * Judgments in long format, encoded: judgment j says rater `rater[j]` gave item `item[j]` the class `label[j]`.
 * Codes index the string tables `items`, `raters` and `classes`. This is the shape every agreement, aggregation
 * and quality algorithm takes: three typed arrays, no objects per judgment, so 10M judgments take 120 MB.
 */
export interface Annotations {
  readonly items: readonly string[];
  readonly raters: readonly string[];
  readonly classes: readonly string[];
  readonly item: Int32Array;
  readonly rater: Int32Array;
  readonly label: Int32Array;
  /** Milliseconds the rater spent on each judgment, NaN where unknown; absent when no judgment has one. */
  readonly durationMs?: Float64Array | undefined;
}

/** Validates the pieces of an encoded dataset (equal lengths, codes inside their tables) and returns it. */
export function createAnnotations(parts: Annotations): Annotations {
  const { items, raters, classes, item, rater, label, durationMs } = parts;
  assertSameLength(item, rater, "item and rater codes");
  assertSameLength(item, label, "item and label codes");
  if (durationMs) assertSameLength(item, durationMs, "item codes and durations");
  assertCodes(item, items.length, "item");
  assertCodes(rater, raters.length, "rater");
  assertCodes(label, classes.length, "label");
  return parts;
}

/** Options for `AnnotationsBuilder`. */
export interface AnnotationsBuilderOptions {
  /** Classes in a fixed order (for example an ordinal scale); classes not listed are appended as they appear. */
  classOrder?: readonly string[];
  /** Expected number of judgments, to size the buffers once. Default 1024. */
  capacity?: number;
}

/**
 * Accumulates judgments given as strings and encodes them on the fly (string → code in O(1) through hash tables).
 * Readers stream rows into one of these, so memory is the typed arrays plus one copy of each distinct string.
 */
export class AnnotationsBuilder {
  readonly itemTable = new CodeTable();
  readonly raterTable = new CodeTable();
  readonly classTable: CodeTable;
  private readonly item: GrowableInt32;
  private readonly rater: GrowableInt32;
  private readonly label: GrowableInt32;
  private readonly duration: GrowableFloat64;
  private anyDuration = false;

  constructor(options: AnnotationsBuilderOptions = {}) {
    const { classOrder = [], capacity = 1024 } = options;
    this.classTable = CodeTable.from(classOrder);
    this.item = new GrowableInt32(capacity);
    this.rater = new GrowableInt32(capacity);
    this.label = new GrowableInt32(capacity);
    this.duration = new GrowableFloat64(capacity);
  }

  /** Number of judgments added so far. */
  get length(): number {
    return this.item.length;
  }

  /** Adds one judgment; `durationMs` is NaN when unknown. */
  add(judgment: { item: string; rater: string; label: string; durationMs?: number }): void {
    this.item.push(this.itemTable.code(judgment.item));
    this.rater.push(this.raterTable.code(judgment.rater));
    this.label.push(this.classTable.code(judgment.label));
    const d = judgment.durationMs ?? Number.NaN;
    if (!Number.isNaN(d)) this.anyDuration = true;
    this.duration.push(d);
  }

  /** The encoded dataset. The builder may keep being used; later additions do not affect the result. */
  build(): Annotations {
    return {
      items: [...this.itemTable.values],
      raters: [...this.raterTable.values],
      classes: [...this.classTable.values],
      item: this.item.toArray(),
      rater: this.rater.toArray(),
      label: this.label.toArray(),
      durationMs: this.anyDuration ? this.duration.toArray() : undefined,
    };
  }
}

/** Encodes judgments given as string triples (convenient for tests and small inputs). */
export function encodeAnnotations(
  rows: Iterable<readonly [item: string, rater: string, label: string]>,
  options: AnnotationsBuilderOptions = {},
): Annotations {
  const builder = new AnnotationsBuilder(options);
  for (const [item, rater, label] of rows) builder.add({ item, rater, label });
  return builder.build();
}

/** Judgment j's (item, rater, label) as strings. */
export function judgmentAt(a: Annotations, j: number): { item: string; rater: string; label: string } {
  if (!(j >= 0 && j < a.item.length))
    throw new RangeError(`judgment index ${j} out of range [0, ${a.item.length})`);
  return { item: a.items[a.item[j]!]!, rater: a.raters[a.rater[j]!]!, label: a.classes[a.label[j]!]! };
}

/** A new dataset holding only the judgments where `keep[j]` is non-zero; string tables are unchanged. O(n). */
export function selectJudgments(a: Annotations, keep: Uint8Array): Annotations {
  assertSameLength(a.item, keep, "judgments and keep mask");
  let n = 0;
  for (let j = 0; j < keep.length; j++) if (keep[j]) n++;
  const item = new Int32Array(n);
  const rater = new Int32Array(n);
  const label = new Int32Array(n);
  const durationMs = a.durationMs ? new Float64Array(n) : undefined;
  for (let j = 0, k = 0; j < keep.length; j++) {
    if (!keep[j]) continue;
    item[k] = a.item[j]!;
    rater[k] = a.rater[j]!;
    label[k] = a.label[j]!;
    if (durationMs) durationMs[k] = a.durationMs![j]!;
    k++;
  }
  return { items: a.items, raters: a.raters, classes: a.classes, item, rater, label, durationMs };
}
