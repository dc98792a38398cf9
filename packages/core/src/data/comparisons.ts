import { CodeTable } from "./codeTable.js";
import { GrowableInt32 } from "./growable.js";

/** Outcome codes of a pairwise comparison. */
export const Outcome = { left: 0, right: 1, tie: 2 } as const;
/** 0 = left wins, 1 = right wins, 2 = tie. */
export type OutcomeCode = (typeof Outcome)[keyof typeof Outcome];

/**
 * Pairwise preferences (RLHF comparisons), encoded: in comparison k rater `rater[k]` compared items `left[k]` and
 * `right[k]` with outcome `outcome[k]` (see `Outcome`). Item codes index one shared `items` table.
 */
export interface Comparisons {
  readonly items: readonly string[];
  readonly raters: readonly string[];
  readonly rater: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly outcome: Uint8Array;
}

/** Accumulates comparisons given as strings, encoding on the fly. */
export class ComparisonsBuilder {
  readonly itemTable = new CodeTable();
  readonly raterTable = new CodeTable();
  private readonly rater = new GrowableInt32();
  private readonly left = new GrowableInt32();
  private readonly right = new GrowableInt32();
  private readonly outcome = new GrowableInt32();

  /** Number of comparisons added so far. */
  get length(): number {
    return this.rater.length;
  }

  /** Adds one comparison. */
  add(c: { rater: string; left: string; right: string; outcome: OutcomeCode }): void {
    this.rater.push(this.raterTable.code(c.rater));
    this.left.push(this.itemTable.code(c.left));
    this.right.push(this.itemTable.code(c.right));
    this.outcome.push(c.outcome);
  }

  /** The encoded comparisons. */
  build(): Comparisons {
    return {
      items: [...this.itemTable.values],
      raters: [...this.raterTable.values],
      rater: this.rater.toArray(),
      left: this.left.toArray(),
      right: this.right.toArray(),
      outcome: Uint8Array.from(this.outcome.toArray()),
    };
  }
}
