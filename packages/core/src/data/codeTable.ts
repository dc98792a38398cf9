/**
 * A two-way table between strings (item ids, rater ids, class names) and dense integer codes 0..size−1, in order
 * of first appearance. Core algorithms see only the codes; the table turns results back into the user's strings.
 */
export class CodeTable {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];

  /** A table holding `values` in order; throws on a repeated value. */
  static from(values: Iterable<string>): CodeTable {
    const table = new CodeTable();
    for (const v of values) {
      if (table.index.has(v)) throw new RangeError(`duplicate value in code table: ${JSON.stringify(v)}`);
      table.code(v);
    }
    return table;
  }

  /** The code of `value`, adding it to the table if it is new. O(1) amortised. */
  code(value: string): number {
    let c = this.index.get(value);
    if (c === undefined) {
      c = this.list.length;
      this.index.set(value, c);
      this.list.push(value);
    }
    return c;
  }

  /** The code of `value`, or −1 when it is not in the table. */
  lookup(value: string): number {
    return this.index.get(value) ?? -1;
  }

  /** The string for `code`; throws a `RangeError` for a code outside the table. */
  value(code: number): string {
    const v = this.list[code];
    if (v === undefined) throw new RangeError(`code ${code} is not in the table (size ${this.list.length})`);
    return v;
  }

  /** Number of distinct values. */
  get size(): number {
    return this.list.length;
  }

  /** The values in code order (a read-only view; do not mutate). */
  get values(): readonly string[] {
    return this.list;
  }
}
