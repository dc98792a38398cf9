// Exports (JSONL, CSV, Parquet, Label Studio, Hugging Face) and imports (Label Studio, Prodigy), in-process.

import { parse } from "csv-parse/sync";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { type Harness, harness, project } from "./testing/harness.js";

/** A project with 3 items judged by three raters: i0 pos/pos/neg, i1 neg×3, i2 unjudged; plus a gold item. */
async function judged(h: Harness): Promise<number> {
  const pid = await project(h, {
    settings: { overlap: 3 },
    items: [
      { id: "i0", text: 'good, "really"' },
      { id: "i1", text: "bad\nline" },
      { id: "i2", text: "meh" },
      { id: "g", text: "gold", gold: "pos" },
    ],
  });
  const plan: Record<string, string[]> = { ann1: ["pos", "neg"], ann2: ["pos", "neg"], ann3: ["neg", "neg"] };
  const ids = new Map<string, number>();
  for (const it of (await h.req("GET", `/api/projects/${pid}/items`, { as: "admin" })).body)
    ids.set(it.externalId, it.id);
  for (const [who, labels] of Object.entries(plan)) {
    for (const [k, label] of labels.entries()) {
      const itemId = ids.get(`i${k}`)!;
      // Lease exactly these items for the test: the store hands out the highest-priority item first.
      await h.store.setPriorities([{ itemId, priority: 10 }]);
      const t = (await h.req("POST", `/api/projects/${pid}/next`, { as: who })).body;
      expect(t.item.id).toBe(itemId);
      await h.req("POST", `/api/projects/${pid}/annotations`, {
        as: who,
        body: { id: `${who}-${k}`, itemId, value: { label }, durationMs: 900 },
      });
      await h.store.setPriorities([{ itemId, priority: 0 }]);
    }
  }
  return pid;
}

const exportOf = async (h: Harness, pid: number, format: string) => {
  const r = await h.app.request(`/api/projects/${pid}/export?format=${format}`, {
    headers: { authorization: `Bearer ${h.tokens.admin}` },
  });
  expect(r.status).toBe(200);
  return r;
};

describe("exports", () => {
  it("JSONL: hard, soft and per-rater labels for every item", async () => {
    const h = await harness();
    const pid = await judged(h);
    const rows = (await (await exportOf(h, pid, "jsonl")).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(["i0", "i1", "i2", "g"]);
    expect(rows[0]).toMatchObject({
      label: { label: "pos" },
      label_key: "pos",
      soft_label: { pos: 2 / 3, neg: 1 / 3 },
      judgments: 3,
      reviewed: false,
    });
    expect(rows[0].annotations).toEqual([
      { rater: "ann1", value: { label: "pos" }, duration_ms: 900 },
      { rater: "ann2", value: { label: "pos" }, duration_ms: 900 },
      { rater: "ann3", value: { label: "neg" }, duration_ms: 900 },
    ]);
    expect(rows[2]).toMatchObject({ label: null, soft_label: {}, judgments: 0 });
    expect(rows[3].gold_item).toBe(true);
    expect((await h.req("GET", `/api/projects/${pid}/export`, { as: "ann1" })).status).toBe(403);
  });

  it("CSV with one soft-label column per class", async () => {
    const h = await harness();
    const pid = await judged(h);
    const r = await exportOf(h, pid, "csv");
    expect(r.headers.get("content-type")).toContain("text/csv");
    expect(r.headers.get("content-disposition")).toContain('filename="p.csv"');
    const rows = parse(await r.text(), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      "id",
      "label",
      "judgments",
      "reviewed",
      "gold_item",
      "soft_pos",
      "soft_neg",
      "annotations",
      "data",
    ]);
    expect(rows[0]).toMatchObject({ id: "i0", label: "pos", judgments: "3" });
    expect(Number(rows[0]!.soft_pos)).toBeCloseTo(2 / 3, 12);
    expect(JSON.parse(rows[1]!.data!)).toEqual({ text: "bad\nline" });
    expect(JSON.parse(rows[1]!.annotations!)).toHaveLength(3);
  });

  it("Parquet, read back with hyparquet", async () => {
    const h = await harness();
    const pid = await judged(h);
    const buf = await (await exportOf(h, pid, "parquet")).arrayBuffer();
    const rows = (await parquetReadObjects({ file: buf })) as Record<string, unknown>[];
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({
      id: "i0",
      label: "pos",
      judgments: 3,
      reviewed: false,
      gold_item: false,
    });
    expect(rows[0]!.soft_pos as number).toBeCloseTo(2 / 3, 12);
    expect(rows[1]!.soft_neg).toBe(1);
    expect(rows[0]!.data).toEqual({ text: 'good, "really"' });
  });

  it("Hugging Face datasets: ClassLabel indices, soft labels and a dataset card", async () => {
    const h = await harness();
    const pid = await judged(h);
    const rows = (await (await exportOf(h, pid, "hf")).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ id: "i0", text: 'good, "really"', label: 0, judgments: 3 });
    expect(rows[1]).toMatchObject({ label: 1, soft_label: [0, 1] });
    expect(rows[2].label).toBe(-1);
    const card = await (await exportOf(h, pid, "hf-card")).text();
    expect(card).toContain("class_label:");
    expect(card).toContain(`'0': "pos"`);
  });

  it("Label Studio JSON round-trips through the Label Studio import", async () => {
    const h = await harness();
    const pid = await judged(h);
    const ls = await (await exportOf(h, pid, "labelstudio")).text();
    const tasks = JSON.parse(ls);
    expect(tasks[0]).toMatchObject({ id: "i0", data: { text: 'good, "really"' } });
    expect(tasks[0].annotations[0]).toMatchObject({
      completed_by: { email: "ann1" },
      result: [{ type: "choices", value: { choices: ["pos"] } }],
    });
    const other = (
      await h.req("POST", "/api/projects", {
        as: "admin",
        body: { name: "copy", schema: { type: "single", classes: ["pos", "neg"] } },
      })
    ).body.id;
    const imp = await h.req("POST", `/api/projects/${other}/items`, {
      as: "admin",
      raw: ls,
      type: "application/json",
    });
    expect(imp.body).toEqual({ inserted: 4, skipped: 0, gold: 0, annotations: 6 });
    const again = await h.req("POST", `/api/projects/${other}/items?format=labelstudio`, {
      as: "admin",
      raw: ls,
      type: "application/json",
    });
    expect(again.body).toMatchObject({ inserted: 0, skipped: 4, annotations: 0 });
    const rows = (await (await exportOf(h, other, "jsonl")).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ label_key: "pos", judgments: 3 });
    expect(rows[0].annotations.map((a: { rater: string }) => a.rater)).toEqual([
      "labelstudio:ann1",
      "labelstudio:ann2",
      "labelstudio:ann3",
    ]);
    expect(
      (
        await h.req("POST", `/api/projects/${other}/items?format=labelstudio`, {
          as: "admin",
          raw: "{",
          type: "application/json",
        })
      ).status,
    ).toBe(400);
  });

  it("exports every task type's labels to Label Studio's result types", async () => {
    const h = await harness();
    const cases: [unknown, object, unknown, string][] = [
      [{ type: "multi", classes: ["a", "b"] }, { text: "x" }, { labels: ["a", "b"] }, "choices"],
      [{ type: "pairwise" }, { a: "1", b: "2" }, { choice: "b" }, "pairwise"],
      [{ type: "rating", min: 1, max: 5 }, { text: "x" }, { rating: 3 }, "rating"],
      [{ type: "text" }, { text: "x" }, { text: "note" }, "textarea"],
      [
        { type: "spans", classes: ["PER"] },
        { text: "Ada" },
        { spans: [{ start: 0, end: 3, label: "PER" }] },
        "labels",
      ],
    ];
    for (const [k, [schema, data, value, type]] of cases.entries()) {
      const pid = await project(h, { name: `t${k}`, schema, items: [{ id: "x", ...data }] });
      const t = (await h.req("POST", `/api/projects/${pid}/next`, { as: "ann1" })).body;
      await h.req("POST", `/api/projects/${pid}/annotations`, {
        as: "ann1",
        body: { id: `v${k}`, itemId: t.item.id, value },
      });
      const tasks = JSON.parse(await (await exportOf(h, pid, "labelstudio")).text());
      expect(tasks[0].annotations[0].result[0].type).toBe(type);
      // And back: the import reads the same value.
      const copy = await project(h, { name: `c${k}`, schema });
      await h.req("POST", `/api/projects/${copy}/items`, {
        as: "admin",
        raw: JSON.stringify(tasks),
        type: "application/json",
      });
      const back = (await (await exportOf(h, copy, "jsonl")).text())
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      if (!back[0].annotations[0]) throw new Error(`${JSON.stringify(schema)}: ${JSON.stringify(tasks)}`);
      expect(back[0].annotations[0].value).toEqual(value);
    }
  });
});

describe("imports", () => {
  it("reads Prodigy JSONL: choice, binary accept/reject, spans; ignores 'ignore'", async () => {
    const h = await harness();
    const pid = await project(h);
    const lines = [
      { text: "great", _input_hash: 1, accept: ["pos"], answer: "accept", _annotator_id: "p-alice" },
      { text: "great", _input_hash: 1, accept: ["pos"], answer: "accept", _annotator_id: "p-bob" },
      { text: "awful", _input_hash: 2, label: "pos", answer: "reject", _annotator_id: "p-alice" },
      { text: "hmm", _input_hash: 3, label: "pos", answer: "ignore", _annotator_id: "p-alice" },
    ];
    const r = await h.req("POST", `/api/projects/${pid}/items?format=prodigy`, {
      as: "admin",
      raw: lines.map((l) => JSON.stringify(l)).join("\n"),
    });
    expect(r.body).toEqual({ inserted: 3, skipped: 1, gold: 0, annotations: 3 });
    const rows = (await (await exportOf(h, pid, "jsonl")).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.id, x.label_key, x.judgments])).toEqual([
      ["1", "pos", 2],
      ["2", "neg", 1],
      ["3", null, 0],
    ]);
    const spans = await project(h, { name: "ner", schema: { type: "spans", classes: ["PER"] } });
    const ner = {
      text: "Ada Lovelace",
      _input_hash: 9,
      spans: [{ start: 0, end: 12, label: "PER", token_start: 0 }],
      answer: "accept",
    };
    expect(
      (
        await h.req("POST", `/api/projects/${spans}/items?format=prodigy`, {
          as: "admin",
          raw: JSON.stringify(ner),
        })
      ).body.annotations,
    ).toBe(1);
    expect(
      (await h.req("POST", `/api/projects/${spans}/items?format=prodigy`, { as: "admin", raw: "nope" }))
        .status,
    ).toBe(400);
  });

  it("streams a large JSONL import in batches", async () => {
    const h = await harness();
    const pid = await project(h);
    const n = 25_000;
    const enc = new TextEncoder();
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= n) return controller.close();
        let chunk = "";
        // Chunks that cut lines (and a multi-byte character) in the middle.
        for (let k = 0; k < 997 && i < n; k++, i++) chunk += `{"id":"x${i}","text":"é${i}"}\n`;
        const bytes = enc.encode(chunk);
        controller.enqueue(bytes.subarray(0, 7));
        controller.enqueue(bytes.subarray(7));
      },
    });
    const r = await h.app.request(`/api/projects/${pid}/items`, {
      method: "POST",
      headers: { authorization: `Bearer ${h.tokens.admin}`, "content-type": "application/x-ndjson" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(await r.json()).toEqual({ inserted: n, skipped: 0, gold: 0 });
    expect((await h.store.countItems(pid)).total).toBe(n);
    expect((await h.store.getItemByExternalId(pid, "x24999"))?.data).toEqual({ text: "é24999" });
  });
});
