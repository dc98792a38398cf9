// Exports: per item the hard label (a reviewer's decision, else the majority), the soft label (shares of the
// judgments) and every rater's label, as JSONL, CSV, Parquet, Label Studio JSON or a Hugging Face datasets folder
// (JSONL + a dataset card with ClassLabel features). Items are read in pages of 1000, so memory stays flat for
// the streaming formats.
import type { Store } from "@vox/storage";
import { stringify } from "csv-stringify/sync";
import { parquetWriteBuffer } from "hyparquet-writer";
import { posterior, topKey, votesOf } from "./aggregate.js";
import type { LoadedProject } from "./assignment.js";
import { classesOf, keyOf } from "./schemas.js";

/** The export formats. */
export const EXPORT_FORMATS = ["jsonl", "csv", "parquet", "labelstudio", "hf", "hf-card"] as const;
/** One of the export formats. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One exported item. */
export interface ExportRow {
  id: string;
  data: unknown;
  isGold: boolean;
  /** The hard label as a value of the schema (null when nobody judged the item). */
  label: unknown;
  /** The hard label's categorical key. */
  labelKey: string | null;
  /** Shares of the judgments per key (majority-vote posterior). */
  soft: Record<string, number>;
  judgments: number;
  reviewed: boolean;
  annotations: { rater: string; value: unknown; durationMs: number | null; createdAt: number }[];
}

/** Yields every item of a project with its labels, 1000 items at a time. */
export async function* exportRows(store: Store, lp: LoadedProject): AsyncGenerator<ExportRow[]> {
  const names = new Map<number, string>();
  for (const u of await store.listUsers()) names.set(u.id, u.name);
  let after = 0;
  for (;;) {
    const items = await store.listItems(lp.project.id, { after, limit: 1000 });
    if (items.length === 0) return;
    after = items[items.length - 1]!.id;
    const ids = items.map((i) => i.id);
    const anns = await store.annotationsOfItems(ids);
    const reviews = await store.listReviews(lp.project.id, ids);
    const byItem = new Map<number, typeof anns>();
    for (const a of anns) {
      const l = byItem.get(a.itemId) ?? [];
      l.push(a);
      byItem.set(a.itemId, l);
    }
    const review = new Map<number, unknown>();
    for (const r of reviews) review.set(r.itemId, r.value); // latest wins (ordered by id)
    yield items.map((item) => {
      const list = byItem.get(item.id) ?? [];
      const votes = votesOf(lp.schema, list);
      const top = topKey(votes);
      const reviewed = review.has(item.id);
      const label = reviewed ? review.get(item.id) : top ? votes.values.get(top.key) : null;
      return {
        id: item.externalId,
        data: item.data,
        isGold: item.isGold,
        label: label ?? null,
        labelKey: label === null || label === undefined ? null : keyOf(lp.schema, label),
        soft: Object.fromEntries(posterior(votes)),
        judgments: list.length,
        reviewed,
        annotations: list.map((a) => ({
          rater: names.get(a.userId) ?? String(a.userId),
          value: a.value,
          durationMs: a.durationMs,
          createdAt: a.createdAt,
        })),
      };
    });
  }
}

const jsonlLine = (r: ExportRow) =>
  `${JSON.stringify({ id: r.id, data: r.data, label: r.label, label_key: r.labelKey, soft_label: r.soft, judgments: r.judgments, reviewed: r.reviewed, gold_item: r.isGold, annotations: r.annotations.map((a) => ({ rater: a.rater, value: a.value, duration_ms: a.durationMs })) })}\n`;

/** Label Studio's result list for one of our values. */
function toLabelStudioResult(lp: LoadedProject, value: unknown): unknown[] {
  const v = value as Record<string, unknown>;
  const base = {
    from_name: "label",
    to_name: lp.schema.type === "pairwise" ? "pairwise" : "item",
    origin: "manual",
  };
  switch (lp.schema.type) {
    case "single":
      return [{ ...base, type: "choices", value: { choices: [v.label] } }];
    case "multi":
      return [{ ...base, type: "choices", value: { choices: v.labels } }];
    case "pairwise":
      return v.choice === "tie"
        ? []
        : [{ ...base, type: "pairwise", value: { selected: v.choice === "a" ? "left" : "right" } }];
    case "rating":
      return [{ ...base, type: "rating", value: { rating: v.rating } }];
    case "text":
      return [{ ...base, type: "textarea", value: { text: [v.text] } }];
    case "spans":
      return ((v.spans as { start: number; end: number; label: string }[]) ?? []).map((s) => ({
        ...base,
        type: "labels",
        value: { start: s.start, end: s.end, labels: [s.label] },
      }));
  }
}

/** The column names and per-row cells of the flat formats (CSV, Parquet). */
function flat(lp: LoadedProject, rows: readonly ExportRow[]) {
  const classes = classesOf(lp.schema);
  return {
    classes,
    cells: rows.map((r) => ({
      id: r.id,
      label: r.labelKey ?? "",
      judgments: r.judgments,
      reviewed: r.reviewed,
      gold_item: r.isGold,
      soft: (classes ?? []).map((c) => r.soft[c] ?? 0),
      annotations: r.annotations.map((a) => ({ rater: a.rater, value: a.value })),
      data: r.data,
    })),
  };
}

/** A Hugging Face dataset card (README.md) with the features of the `hf` export. */
export function hfCard(lp: LoadedProject): string {
  const classes = classesOf(lp.schema);
  const label = classes
    ? `    - name: label\n      dtype:\n        class_label:\n          names:\n${classes.map((c, i) => `            '${i}': ${JSON.stringify(c)}`).join("\n")}\n    - name: soft_label\n      sequence: float64\n`
    : "    - name: label\n      dtype: string\n";
  return `---\ndataset_info:\n  features:\n    - name: id\n      dtype: string\n${label}    - name: judgments\n      dtype: int32\n---\n\n# ${lp.project.name}\n\nExported from vox. \`label\` is the hard label (a reviewer's decision, else the majority of the raters); \`soft_label\` gives the share of raters per class${classes ? ` (${classes.join(", ")})` : ""}; \`annotations\` lists every rater's label. Load with \`datasets.load_dataset("json", data_files="data.jsonl")\`.\n\n${lp.project.guidelines ? `## Guidelines\n\n${lp.project.guidelines}\n` : ""}`;
}

/**
 * Writes a project export in `format` through `write` (which may apply backpressure). Parquet is written in one
 * piece at the end (its columns are gathered first); the other formats stream.
 */
export async function writeExport(
  store: Store,
  lp: LoadedProject,
  args: { format: ExportFormat; write: (chunk: string | Uint8Array) => Promise<void> | void },
): Promise<void> {
  const { format, write } = args;
  // Not narrowed by the early return below, so the switch can stay exhaustive.
  const kind: ExportFormat = format;
  if (format === "hf-card") return void (await write(hfCard(lp)));
  if (format === "labelstudio") await write("[");
  let first = true;
  const parquet: ReturnType<typeof flat>["cells"] = [];
  const classes: string[] | undefined = classesOf(lp.schema);
  for await (const rows of exportRows(store, lp)) {
    switch (kind) {
      case "jsonl":
        await write(rows.map(jsonlLine).join(""));
        break;
      case "csv": {
        const f = flat(lp, rows);
        const header = [
          "id",
          "label",
          "judgments",
          "reviewed",
          "gold_item",
          ...(f.classes ?? []).map((c) => `soft_${c}`),
          "annotations",
          "data",
        ];
        const body = f.cells.map((c) => [
          c.id,
          c.label,
          c.judgments,
          c.reviewed,
          c.gold_item,
          ...c.soft,
          c.annotations,
          c.data,
        ]);
        await write(stringify(first ? [header, ...body] : body));
        break;
      }
      case "parquet":
        parquet.push(...flat(lp, rows).cells);
        break;
      case "labelstudio":
        await write(
          rows
            .map(
              (r, i) =>
                `${first && i === 0 ? "" : ","}\n${JSON.stringify({
                  id: r.id,
                  data: r.data,
                  annotations: r.annotations.map((a, k) => ({
                    id: k + 1,
                    completed_by: { email: a.rater },
                    lead_time: a.durationMs === null ? undefined : a.durationMs / 1000,
                    result: toLabelStudioResult(lp, a.value),
                  })),
                })}`,
            )
            .join(""),
        );
        break;
      case "hf-card":
        break;
      case "hf": {
        await write(
          rows
            .map((r) => {
              const fields =
                typeof r.data === "object" && r.data !== null && !Array.isArray(r.data)
                  ? (r.data as Record<string, unknown>)
                  : { data: r.data };
              const label = classes ? (r.labelKey === null ? -1 : classes.indexOf(r.labelKey)) : r.labelKey;
              const soft = classes ? classes.map((c) => r.soft[c] ?? 0) : undefined;
              return `${JSON.stringify({ ...fields, id: r.id, label, ...(soft ? { soft_label: soft } : {}), judgments: r.judgments, annotations: r.annotations.map((a) => ({ rater: a.rater, label: keyOf(lp.schema, a.value) })) })}\n`;
            })
            .join(""),
        );
        break;
      }
    }
    first = false;
  }
  if (format === "labelstudio") await write("\n]\n");
  if (format === "parquet") {
    const soft = (classes ?? []).map((c, k) => ({
      name: `soft_${c}`,
      data: parquet.map((p) => p.soft[k]!),
      type: "DOUBLE" as const,
    }));
    const buf = parquetWriteBuffer({
      columnData: [
        { name: "id", data: parquet.map((p) => p.id), type: "STRING" },
        { name: "label", data: parquet.map((p) => p.label), type: "STRING" },
        { name: "judgments", data: parquet.map((p) => p.judgments), type: "INT32" },
        { name: "reviewed", data: parquet.map((p) => p.reviewed), type: "BOOLEAN" },
        { name: "gold_item", data: parquet.map((p) => p.gold_item), type: "BOOLEAN" },
        ...soft,
        { name: "annotations", data: parquet.map((p) => p.annotations), type: "JSON" },
        { name: "data", data: parquet.map((p) => p.data), type: "JSON" },
      ],
    });
    await write(new Uint8Array(buf));
  }
}
