import {
  type Annotations,
  AnnotationsBuilder,
  type DuplicatePolicy,
  duplicateMask,
  repeatedJudgments,
  selectJudgments,
} from "@vox/core";
import { normalizeHeader, resolveColumns } from "./columns.js";
import { VoxIoError } from "./errors.js";
import type { SourceOptions } from "./source.js";
import { openTable, type Table } from "./table.js";

/** The long-format layouts `readAnnotations` understands. */
export type AnnotationFormat = "csv" | "tsv" | "jsonl" | "mturk";

/** What to do when a rater judged the same item more than once: fail (the default) or apply a policy. */
export type DuplicateHandling = "error" | DuplicatePolicy;

/** Options for `readAnnotations`. */
export interface ReadAnnotationsOptions extends SourceOptions {
  /** Layout; "auto" (default) decides by extension (.jsonl/.ndjson → jsonl) and header (WorkerId + Answer.* → mturk). */
  format?: AnnotationFormat | "auto";
  /** Explicit column (or JSON field) names, overriding the aliases. */
  columns?: { item?: string | undefined; rater?: string | undefined; label?: string | undefined };
  /** Repeated (item, rater) judgments: "error" (default), "keep-last", "keep-first" or "keep-all". */
  duplicates?: DuplicateHandling;
  /** Class order to use (for ordinal scales); unseen classes are appended in order of appearance. */
  classOrder?: readonly string[];
  /** Rows with an empty label: "error" (default) or "skip" (counted in the result). */
  emptyLabels?: "error" | "skip";
}

/** What `readAnnotations` read, and how. */
export interface ReadAnnotationsResult {
  annotations: Annotations;
  path: string;
  format: AnnotationFormat;
  /** The header names that served each role. */
  columns: { item: string; rater: string; label: string; duration?: string; gold?: string };
  /** Data rows read (judgment rows, before skipping and duplicate handling). */
  rows: number;
  /** Judgments that repeat an earlier (item, rater) pair. */
  repeated: number;
  /** Judgments removed by the duplicate policy. */
  dropped: number;
  /** Rows skipped, by reason: empty labels (with emptyLabels "skip") and rejected MTurk assignments. */
  skipped: { emptyLabel: number; rejected: number };
  /** Gold labels found in a gold/truth column of the same file (Snow et al. 2008's files have one), if any. */
  gold?: [item: string, label: string][];
}

/** One row of judgment data, before encoding; `skip` rows are counted, not kept. Reused across rows. */
interface RawRow {
  item: string;
  rater: string;
  label: string;
  durationMs: number;
  gold: string | undefined;
  skip: "rejected" | undefined;
}

/** A format adapter: the columns it found, its records, how to turn one into a row, and where a row is. */
interface RowSource {
  format: AnnotationFormat;
  columns: ReadAnnotationsResult["columns"];
  batches: AsyncIterable<string[][]>;
  /** Fills `out` from one record; returns a description of the problem when the record is unusable. */
  extract(record: string[], out: RawRow): string | undefined;
  /** 1-based lines of the given 0-based data rows (sorted ascending). */
  locate(rows: readonly number[]): Promise<number[]>;
}

function parseDuration(text: string | undefined, scale: number): number {
  if (text === undefined || text.trim() === "") return Number.NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v * scale : Number.NaN;
}

/** Long format from any table (CSV, TSV, JSON Lines): one row per judgment, columns found by alias. */
async function tableSource(path: string, options: ReadAnnotationsOptions): Promise<RowSource> {
  const kind = options.format === "mturk" || options.format === "auto" ? undefined : options.format;
  const table = await openTable(path, { ...options, kind });
  if (
    options.format === "mturk" ||
    ((options.format === undefined || options.format === "auto") && isMturkHeader(table.header))
  ) {
    return mturkSource(table, options);
  }
  const { header } = table;
  const cols = resolveColumns(header, path, {
    required: ["item", "rater", "label"],
    optional: ["durationMs", "durationS", "gold"],
    overrides: options.columns ?? {},
  });
  const durCol = cols.durationMs ?? cols.durationS;
  const durScale = cols.durationMs ? 1 : 1000;
  const [iItem, iRater, iLabel, iDur, iGold] = [
    cols.item.index,
    cols.rater.index,
    cols.label.index,
    durCol?.index ?? -1,
    cols.gold?.index ?? -1,
  ];
  const extract = (r: string[], out: RawRow): undefined => {
    out.item = r[iItem]!.trim();
    out.rater = r[iRater]!.trim();
    out.label = r[iLabel]!.trim();
    out.durationMs = iDur >= 0 ? parseDuration(r[iDur], durScale) : Number.NaN;
    out.gold = iGold >= 0 ? r[iGold]!.trim() : undefined;
    out.skip = undefined;
  };
  return {
    format: table.kind,
    columns: {
      item: cols.item.name,
      rater: cols.rater.name,
      label: cols.label.name,
      ...(durCol ? { duration: durCol.name } : {}),
      ...(cols.gold ? { gold: cols.gold.name } : {}),
    },
    batches: table.batches,
    extract,
    locate: table.locate,
  };
}

function isMturkHeader(header: readonly string[]): boolean {
  return header.includes("WorkerId") && header.some((h) => h.startsWith("Answer."));
}

/**
 * Amazon Mechanical Turk batch results: rater = WorkerId; item = an `Input.<id>` column (id, item, item_id, task,
 * task_id, question, ...) or else HITId; label = the only `Answer.*` column, or the option whose value is "true" in a
 * radio group exported as `Answer.<group>.<option>` booleans. Rejected assignments are skipped (counted); WorkTimeInSeconds
 * becomes the duration.
 */
function mturkSource(table: Table, options: ReadAnnotationsOptions): RowSource {
  const { path, header } = table;
  const col = (name: string) => header.indexOf(name);
  const iRater = options.columns?.rater !== undefined ? col(options.columns.rater) : col("WorkerId");
  const inputs = header.map((h, i) => ({ h, i })).filter(({ h }) => h.startsWith("Input."));
  const itemAliases = ["id", "item", "item_id", "task", "task_id", "question", "question_id", "example_id"];
  let iItem = -1;
  if (options.columns?.item !== undefined) iItem = col(options.columns.item);
  else {
    for (const alias of itemAliases) {
      const hit = inputs.find(({ h }) => normalizeHeader(h.slice(6)) === alias);
      if (hit) {
        iItem = hit.i;
        break;
      }
    }
    if (iItem < 0) iItem = col("HITId");
  }
  const answers = header.map((h, i) => ({ h, i })).filter(({ h }) => h.startsWith("Answer."));
  const iLabel =
    options.columns?.label !== undefined
      ? col(options.columns.label)
      : answers.length === 1
        ? answers[0]!.i
        : -1;
  let group: { option: string; i: number }[] | undefined;
  if (iLabel < 0 && options.columns?.label === undefined) {
    const prefixes = new Set(answers.map(({ h }) => h.slice(0, h.lastIndexOf("."))));
    if (prefixes.size === 1 && answers.every(({ h }) => h.split(".").length >= 3)) {
      group = answers.map(({ h, i }) => ({ option: h.slice(h.lastIndexOf(".") + 1), i }));
    }
  }
  for (const [role, i, named] of [
    ["rater", iRater, options.columns?.rater ?? "WorkerId"],
    ["item", iItem, options.columns?.item ?? "Input.id or HITId"],
  ] as const) {
    if (i < 0) {
      throw new VoxIoError(
        "MISSING_COLUMN",
        { path, line: 1, column: named },
        `no column for ${role} in this MTurk batch file`,
      );
    }
  }
  if (iLabel < 0 && !group) {
    throw new VoxIoError(
      "MISSING_COLUMN",
      { path, line: 1, column: options.columns?.label },
      options.columns?.label !== undefined
        ? "no such column for label"
        : `several Answer.* columns (${answers.map((a) => a.h).join(", ")}); name the label with --label-column`,
    );
  }
  const iStatus = col("AssignmentStatus");
  const iTime = col("WorkTimeInSeconds");
  const extract = (r: string[], out: RawRow): string | undefined => {
    if (group) {
      const on = group.filter(({ i }) => r[i]!.trim().toLowerCase() === "true");
      if (on.length !== 1) {
        return `expected exactly one of ${group.map((g) => `Answer.…${g.option}`).join(", ")} to be true, found ${on.length}`;
      }
      out.label = on[0]!.option;
    } else out.label = r[iLabel]!.trim();
    out.item = r[iItem]!.trim();
    out.rater = r[iRater]!.trim();
    out.durationMs = iTime >= 0 ? parseDuration(r[iTime], 1000) : Number.NaN;
    out.gold = undefined;
    out.skip = iStatus >= 0 && r[iStatus]!.trim() === "Rejected" ? "rejected" : undefined;
    return undefined;
  };
  return {
    format: "mturk",
    columns: {
      item: header[iItem]!,
      rater: header[iRater]!,
      label: group ? `${answers[0]!.h.slice(0, answers[0]!.h.lastIndexOf("."))}.*` : header[iLabel]!,
      ...(iTime >= 0 ? { duration: "WorkTimeInSeconds" } : {}),
    },
    batches: table.batches,
    extract,
    locate: table.locate,
  };
}

/**
 * Reads judgments in long format (one row per judgment) from CSV, TSV, JSON Lines or an MTurk batch file, streaming,
 * and encodes them (`Annotations`). Header aliases: item|task|question|id…, rater|worker…, label|answer|response… (see
 * `COLUMN_ALIASES`). Handles quoted fields, a BOM, LF/CRLF/CR-only line endings and gzip. Repeated (item, rater)
 * judgments follow `duplicates`. Bad input throws a VoxIoError naming the file, line and column.
 *
 * Memory: three Int32Arrays plus one copy of each distinct id, so 10M judgments stay well under 1 GB.
 */
export async function readAnnotations(
  path: string,
  options: ReadAnnotationsOptions = {},
): Promise<ReadAnnotationsResult> {
  const { duplicates = "error", emptyLabels = "error", classOrder } = options;
  const source = await tableSource(path, options);
  const builder = new AnnotationsBuilder({ ...(classOrder ? { classOrder } : {}), capacity: 1 << 16 });
  const skippedRows: number[] = [];
  const skipped = { emptyLabel: 0, rejected: 0 };
  const gold = new Map<string, { label: string; row: number }>();
  let row = 0;
  const failAt = async (r: number, column: string | undefined, detail: string): Promise<never> => {
    const [line] = await source.locate([r]);
    throw new VoxIoError("BAD_VALUE", { path, line, column }, detail);
  };
  const raw: RawRow = {
    item: "",
    rater: "",
    label: "",
    durationMs: Number.NaN,
    gold: undefined,
    skip: undefined,
  };
  for await (const batch of source.batches) {
    // The hot loop: synchronous per batch; awaits happen only on the error path.
    for (const record of batch) {
      const r = row++;
      const problem = source.extract(record, raw);
      if (problem !== undefined) await failAt(r, undefined, problem);
      if (raw.skip === "rejected") {
        skipped.rejected++;
        skippedRows.push(r);
        continue;
      }
      if (raw.item === "") await failAt(r, source.columns.item, "empty item id");
      if (raw.rater === "") await failAt(r, source.columns.rater, "empty rater id");
      if (raw.label === "") {
        if (emptyLabels === "skip") {
          skipped.emptyLabel++;
          skippedRows.push(r);
          continue;
        }
        await failAt(r, source.columns.label, "empty label (use --empty-labels skip to drop such rows)");
      }
      if (raw.gold !== undefined && raw.gold !== "") {
        const seen = gold.get(raw.item);
        if (!seen) gold.set(raw.item, { label: raw.gold, row: r });
        else if (seen.label !== raw.gold) {
          const [first, line] = await source.locate([seen.row, r]);
          throw new VoxIoError(
            "CONFLICT",
            { path, line, column: source.columns.gold },
            `item ${JSON.stringify(raw.item)} has gold ${JSON.stringify(raw.gold)} here but ${JSON.stringify(seen.label)} on line ${first}`,
          );
        }
      }
      builder.add(raw);
    }
  }
  if (row === 0)
    throw new VoxIoError("EMPTY_FILE", { path }, "no judgments (the file has a header but no data rows)");

  let annotations = builder.build();
  const rep = repeatedJudgments(annotations);
  let dropped = 0;
  if (rep.later.length > 0) {
    if (duplicates === "error") {
      const toRow = (j: number) => {
        let r = j;
        for (const s of skippedRows) if (s <= r) r++;
        return r;
      };
      const [a, b] = [toRow(rep.earlier[0]!), toRow(rep.later[0]!)];
      const [lineA, lineB] = await source.locate([a, b]);
      const item = annotations.items[annotations.item[rep.later[0]!]!]!;
      const rater = annotations.raters[annotations.rater[rep.later[0]!]!]!;
      throw new VoxIoError(
        "DUPLICATE_JUDGMENT",
        { path, line: lineB, column: source.columns.rater },
        `rater ${JSON.stringify(rater)} already judged item ${JSON.stringify(item)} on line ${lineA} ` +
          `(${rep.later.length} repeated judgment${rep.later.length === 1 ? "" : "s"} in all); ` +
          "choose --duplicates keep-last, keep-first or keep-all",
      );
    }
    const keep = duplicateMask(annotations, rep, duplicates);
    dropped = duplicates === "keep-all" ? 0 : rep.later.length;
    if (dropped > 0) annotations = selectJudgments(annotations, keep);
  }
  return {
    annotations,
    path,
    format: source.format,
    columns: source.columns,
    rows: row,
    repeated: rep.later.length,
    dropped,
    skipped,
    ...(gold.size > 0 ? { gold: [...gold].map(([item, g]) => [item, g.label] as [string, string]) } : {}),
  };
}
