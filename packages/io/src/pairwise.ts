import { type Comparisons, ComparisonsBuilder, Outcome, type OutcomeCode } from "@vox/core";
import { resolveColumns } from "./columns.js";
import { VoxIoError } from "./errors.js";
import { eachRecord, type OpenTableOptions, openTable } from "./table.js";

/** Options for `readPairwise`. */
export interface ReadPairwiseOptions extends OpenTableOptions {
  /** Explicit column names. */
  columns?: {
    rater?: string | undefined;
    left?: string | undefined;
    right?: string | undefined;
    label?: string | undefined;
  };
}

/** Pairwise preferences read from a file. */
export interface ReadPairwiseResult {
  path: string;
  comparisons: Comparisons;
  columns: { rater?: string; left: string; right: string; label: string };
  /** Comparisons per outcome. */
  counts: { left: number; right: number; tie: number };
}

const TIES = new Set(["tie", "draw", "equal", "same", "="]);

/**
 * Reads pairwise preferences (`rater, left, right, label`) from CSV, TSV or JSON Lines. The label names the winner:
 * the left or right item's id (crowd-kit's convention), or `left` / `right`, or a tie (`tie`, `draw`, `equal`). The
 * rater column is optional (Bradley–Terry needs none; Crowd-BT does). Anything else is BAD_VALUE with the line.
 */
export async function readPairwise(
  path: string,
  options: ReadPairwiseOptions = {},
): Promise<ReadPairwiseResult> {
  const table = await openTable(path, options);
  const o = options.columns ?? {};
  const cols = resolveColumns(table.header, path, {
    required: ["left", "right", "winner"],
    optional: ["rater"],
    overrides: { rater: o.rater, left: o.left, right: o.right, winner: o.label },
  });
  const builder = new ComparisonsBuilder();
  const counts = { left: 0, right: 0, tie: 0 };
  let row = 0;
  for await (const r of eachRecord(table)) {
    const k = row++;
    const left = r[cols.left.index]!.trim();
    const right = r[cols.right.index]!.trim();
    const label = r[cols.winner.index]!.trim();
    const rater = cols.rater ? r[cols.rater.index]!.trim() : "";
    let outcome: OutcomeCode | undefined;
    if (label === left && label !== right) outcome = Outcome.left;
    else if (label === right && label !== left) outcome = Outcome.right;
    else if (label.toLowerCase() === "left") outcome = Outcome.left;
    else if (label.toLowerCase() === "right") outcome = Outcome.right;
    else if (TIES.has(label.toLowerCase())) outcome = Outcome.tie;
    const problem: [string, string] | undefined =
      left === "" || right === ""
        ? [left === "" ? cols.left.name : cols.right.name, "empty item id"]
        : left === right
          ? [cols.right.name, `an item compared with itself (${JSON.stringify(left)})`]
          : outcome === undefined
            ? [
                cols.winner.name,
                `label ${JSON.stringify(label)} is neither item (${JSON.stringify(left)}, ${JSON.stringify(right)}) nor left, right or tie`,
              ]
            : undefined;
    if (problem) {
      const [line] = await table.locate([k]);
      throw new VoxIoError("BAD_VALUE", { path, line, column: problem[0] }, problem[1]);
    }
    builder.add({ rater, left, right, outcome: outcome! });
    counts[outcome === Outcome.left ? "left" : outcome === Outcome.right ? "right" : "tie"]++;
  }
  if (row === 0)
    throw new VoxIoError("EMPTY_FILE", { path }, "no comparisons (the file has a header but no data rows)");
  return {
    path,
    comparisons: builder.build(),
    columns: {
      ...(cols.rater ? { rater: cols.rater.name } : {}),
      left: cols.left.name,
      right: cols.right.name,
      label: cols.winner.name,
    },
    counts,
  };
}
