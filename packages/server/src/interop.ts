// Label Studio and Prodigy imports: items plus the judgments already made, each rater becoming an annotator account
// ("labelstudio:ID", "prodigy:NAME") without a password.
import { createHash } from "node:crypto";
import type { NewItem, Store } from "@vox/storage";
import type { LoadedProject } from "./assignment.js";
import { VoxServerError } from "./errors.js";
import { type ByteSource, type ImportResult, lines } from "./importItems.js";
import { valueSchema } from "./schemas.js";

interface LsResult {
  type?: string;
  value?: Record<string, unknown>;
}
interface LsTask {
  id?: number | string;
  data?: Record<string, unknown>;
  annotations?: {
    id?: number | string;
    completed_by?: number | string | { id?: number; email?: string };
    result?: LsResult[];
    was_cancelled?: boolean;
    lead_time?: number;
  }[];
}

/** The value of one Label Studio annotation's results under our schema, or undefined when none fits. */
export function fromLabelStudioResult(lp: LoadedProject, results: readonly LsResult[]): unknown {
  const s = lp.schema;
  let v: unknown;
  for (const r of results) {
    const val = r.value ?? {};
    if (s.type === "single" && Array.isArray(val.choices)) v = { label: val.choices[0] };
    else if (s.type === "multi" && Array.isArray(val.choices)) v = { labels: val.choices };
    else if (s.type === "rating" && typeof val.rating === "number") v = { rating: val.rating };
    else if (s.type === "text" && Array.isArray(val.text)) v = { text: val.text.join("\n") };
    else if (s.type === "pairwise" && typeof val.selected === "string")
      v = { choice: val.selected === "left" ? "a" : "b" };
    else if (
      s.type === "spans" &&
      Array.isArray(val.labels) &&
      typeof val.start === "number" &&
      typeof val.end === "number"
    ) {
      const spans = ((v as { spans?: unknown[] } | undefined)?.spans ?? []) as unknown[];
      v = { spans: [...spans, { start: val.start, end: val.end, label: val.labels[0] }] };
    }
  }
  return v !== undefined && valueSchema(s).safeParse(v).success ? v : undefined;
}

async function raterId(
  store: Store,
  lp: LoadedProject,
  args: { name: string; cache: Map<string, number>; now: number },
): Promise<number> {
  const known = args.cache.get(args.name);
  if (known !== undefined) return known;
  const u =
    (await store.getUserByName(args.name)) ??
    (await store.createUser({ name: args.name, role: "annotator", now: args.now }));
  await store.addMember(lp.project.id, u.id);
  args.cache.set(args.name, u.id);
  return u.id;
}

/** Imports a Label Studio JSON export (an array of tasks with `data` and `annotations`). */
export async function importLabelStudio(
  store: Store,
  lp: LoadedProject,
  args: { text: string; now: number },
): Promise<ImportResult & { annotations: number }> {
  let tasks: LsTask[];
  try {
    tasks = JSON.parse(args.text) as LsTask[];
  } catch (e) {
    throw new VoxServerError("BAD_REQUEST", `Label Studio import: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(tasks))
    throw new VoxServerError("BAD_REQUEST", "Label Studio import: expected an array of tasks");
  const items: NewItem[] = tasks.map((t, i) => ({
    externalId: String(t.id ?? `ls-${i + 1}`),
    data: t.data ?? {},
  }));
  const r = await store.insertItems(lp.project.id, items, { target: lp.settings.overlap, now: args.now });
  const cache = new Map<string, number>();
  const rows = [];
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    const item = await store.getItemByExternalId(lp.project.id, items[i]!.externalId);
    if (!item) continue;
    for (const [k, a] of (t.annotations ?? []).entries()) {
      if (a.was_cancelled) continue;
      const value = fromLabelStudioResult(lp, a.result ?? []);
      if (value === undefined) continue;
      const by =
        typeof a.completed_by === "object" ? (a.completed_by?.email ?? a.completed_by?.id) : a.completed_by;
      const userId = await raterId(store, lp, {
        name: `labelstudio:${by ?? "unknown"}`,
        cache,
        now: args.now,
      });
      rows.push({
        id: `ls:${lp.project.id}:${item.externalId}:${a.id ?? k}`,
        projectId: lp.project.id,
        itemId: item.id,
        userId,
        value,
        durationMs: a.lead_time ? a.lead_time * 1000 : null,
        now: args.now,
      });
    }
  }
  const ann = await store.importAnnotations(rows);
  return { inserted: r.inserted, skipped: r.skipped, gold: 0, annotations: ann.inserted };
}

interface ProdigyRecord {
  text?: string;
  image?: string;
  label?: string;
  accept?: string[];
  answer?: "accept" | "reject" | "ignore";
  spans?: { start: number; end: number; label: string }[];
  _input_hash?: number;
  _annotator_id?: string;
  _session_id?: string;
  meta?: Record<string, unknown>;
}

/** The value of one Prodigy answer under our schema (undefined for "ignore" and for what does not fit). */
export function fromProdigy(lp: LoadedProject, r: ProdigyRecord): unknown {
  if (r.answer === "ignore") return undefined;
  const s = lp.schema;
  let v: unknown;
  if (s.type === "spans" && Array.isArray(r.spans) && r.answer !== "reject")
    v = { spans: r.spans.map(({ start, end, label }) => ({ start, end, label })) };
  else if (Array.isArray(r.accept) && s.type === "multi") v = { labels: r.accept };
  else if (Array.isArray(r.accept) && s.type === "single" && r.accept.length === 1)
    v = { label: r.accept[0] };
  else if (typeof r.label === "string" && s.type === "single") {
    // A binary accept/reject on one label: with two classes, a reject means the other class.
    if (r.answer === "accept") v = { label: r.label };
    else if (s.classes.length === 2) v = { label: s.classes.find((c) => c !== r.label) };
  }
  return v !== undefined && valueSchema(s).safeParse(v).success ? v : undefined;
}

/** Imports Prodigy JSONL (one annotated example per line; `_input_hash` groups the same input). */
export async function importProdigy(
  store: Store,
  lp: LoadedProject,
  args: { source: ByteSource; now: number },
): Promise<ImportResult & { annotations: number }> {
  const result = { inserted: 0, skipped: 0, gold: 0, annotations: 0 };
  const cache = new Map<string, number>();
  let n = 0;
  for await (const line of lines(args.source)) {
    n++;
    if (line.trim() === "") continue;
    let r: ProdigyRecord;
    try {
      r = JSON.parse(line) as ProdigyRecord;
    } catch (e) {
      throw new VoxServerError("BAD_REQUEST", `line ${n}: not valid JSON (${(e as Error).message})`);
    }
    const key =
      r._input_hash !== undefined
        ? String(r._input_hash)
        : createHash("sha1")
            .update(r.text ?? r.image ?? line)
            .digest("hex")
            .slice(0, 16);
    const data: Record<string, unknown> = {};
    if (r.text !== undefined) data.text = r.text;
    if (r.image !== undefined) data.image = r.image;
    if (r.meta !== undefined) data.meta = r.meta;
    const ins = await store.insertItems(lp.project.id, [{ externalId: key, data }], {
      target: lp.settings.overlap,
      now: args.now,
    });
    result.inserted += ins.inserted;
    result.skipped += ins.skipped;
    const value = fromProdigy(lp, r);
    if (value === undefined) continue;
    const item = await store.getItemByExternalId(lp.project.id, key);
    if (!item) continue;
    const who = r._annotator_id ?? r._session_id ?? "prodigy";
    const userId = await raterId(store, lp, { name: `prodigy:${who}`, cache, now: args.now });
    const a = await store.importAnnotations([
      {
        id: `prodigy:${lp.project.id}:${key}:${who}`,
        projectId: lp.project.id,
        itemId: item.id,
        userId,
        value,
        now: args.now,
      },
    ]);
    result.annotations += a.inserted;
  }
  return result;
}
