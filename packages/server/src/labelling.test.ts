// In-process API tests of the labelling loop and quality control: next, submit, skip, leases, gold, qualification,
// adaptive overlap, blind labelling, review, metrics.
import { describe, expect, it } from "vitest";
import { JobRunner } from "./jobs.js";
import { type Harness, harness, project } from "./testing/harness.js";

const items = (n: number, extra: (i: number) => object = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ id: `i${i}`, text: `text ${i}`, ...extra(i) }));

async function next(h: Harness, pid: number, as: string) {
  const r = await h.req("POST", `/api/projects/${pid}/next`, { as });
  expect(r.status).toBe(200);
  return r.body;
}
let seq = 0;
async function submit(
  h: Harness,
  pid: number,
  args: { as: string; itemId: number; value: unknown; id?: string },
) {
  return h.req("POST", `/api/projects/${pid}/annotations`, {
    as: args.as,
    body: { id: args.id ?? `s${seq++}`, itemId: args.itemId, value: args.value, durationMs: 1200 },
  });
}

describe("next item and submissions", () => {
  it("hands each item to `overlap` distinct raters, resumes a held lease, and says when all is done", async () => {
    const h = await harness();
    const pid = await project(h, { settings: { overlap: 2 }, items: items(2) });
    const a = await next(h, pid, "ann1");
    expect(a.item.data).toEqual({ text: "text 0" });
    expect(a).not.toHaveProperty("prediction");
    expect((await next(h, pid, "ann1")).assignment.id).toBe(a.assignment.id); // refresh keeps the lease
    expect((await next(h, pid, "ann2")).item.id).toBe(a.item.id);
    expect((await next(h, pid, "ann3")).item.data).toEqual({ text: "text 1" }); // item 0 is fully leased
    expect((await submit(h, pid, { as: "ann1", itemId: a.item.id, value: { label: "pos" } })).status).toBe(
      201,
    );
    const b = await next(h, pid, "ann1");
    expect(b.item.data).toEqual({ text: "text 1" });
    await submit(h, pid, { as: "ann1", itemId: b.item.id, value: { label: "neg" } });
    expect(await next(h, pid, "ann1")).toEqual({
      done: true,
      reason: "no items left for you in this project",
    });
  });

  it("is idempotent by client id and rejects conflicting or unassigned submissions", async () => {
    const h = await harness();
    const pid = await project(h, { items: items(2) });
    const t = await next(h, pid, "ann1");
    const first = await submit(h, pid, { as: "ann1", id: "c-1", itemId: t.item.id, value: { label: "pos" } });
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    const again = await submit(h, pid, { as: "ann1", id: "c-1", itemId: t.item.id, value: { label: "pos" } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, created: false });
    expect(
      (await submit(h, pid, { as: "ann1", id: "c-1", itemId: t.item.id, value: { label: "neg" } })).status,
    ).toBe(409);
    expect(
      (await submit(h, pid, { as: "ann1", id: "c-2", itemId: t.item.id, value: { label: "neg" } })).status,
    ).toBe(409);
    const other = await submit(h, pid, { as: "ann2", itemId: t.item.id, value: { label: "neg" } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("NOT_ASSIGNED");
    const bad = await submit(h, pid, {
      as: "ann2",
      itemId: (await next(h, pid, "ann2")).item.id,
      value: { label: "maybe" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("value.label");
    expect((await submit(h, pid, { as: "ann1", itemId: 99999, value: { label: "pos" } })).status).toBe(404);
    expect(
      (
        await h.req("POST", `/api/projects/${pid}/annotations`, {
          as: "ann1",
          body: { itemId: 1, value: {} },
        })
      ).status,
    ).toBe(400);
  });

  it("expires abandoned leases so others get the item; a late submission loses a taken slot", async () => {
    const h = await harness();
    const pid = await project(h, { settings: { overlap: 1, leaseSeconds: 60 }, items: items(1) });
    const t = await next(h, pid, "ann1");
    expect((await next(h, pid, "ann2")).done).toBe(true);
    h.clock.now += 61_000;
    const t2 = await next(h, pid, "ann2");
    expect(t2.item.id).toBe(t.item.id);
    const late = await submit(h, pid, { as: "ann1", itemId: t.item.id, value: { label: "pos" } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("LEASE_EXPIRED");
    expect((await submit(h, pid, { as: "ann2", itemId: t.item.id, value: { label: "pos" } })).status).toBe(
      201,
    );
  });

  it("skips: the item goes back to the pool but never to the same rater", async () => {
    const h = await harness();
    const pid = await project(h, { settings: { overlap: 1 }, items: items(1) });
    const t = await next(h, pid, "ann1");
    expect((await h.req("POST", `/api/assignments/${t.assignment.id}/skip`, { as: "ann2" })).status).toBe(
      404,
    );
    expect((await h.req("POST", `/api/assignments/${t.assignment.id}/skip`, { as: "ann1" })).status).toBe(
      200,
    );
    expect((await h.req("POST", `/api/assignments/${t.assignment.id}/skip`, { as: "ann1" })).status).toBe(
      409,
    );
    expect((await next(h, pid, "ann1")).done).toBe(true);
    expect((await next(h, pid, "ann2")).item.id).toBe(t.item.id);
  });

  it("accepts every task type's values and checks them", async () => {
    const h = await harness();
    const cases: [unknown, object, unknown, unknown][] = [
      [
        { type: "multi", classes: ["a", "b", "c"] },
        { text: "x" },
        { labels: ["a", "c"] },
        { labels: ["a", "a"] },
      ],
      [{ type: "pairwise" }, { prompt: "p", a: "one", b: "two" }, { choice: "tie" }, { choice: "c" }],
      [{ type: "pairwise", allowTie: false }, { a: "one", b: "two" }, { choice: "b" }, { choice: "tie" }],
      [{ type: "rating", min: 1, max: 5 }, { text: "x" }, { rating: 4 }, { rating: 4.5 }],
      [{ type: "text", maxLength: 10 }, { text: "x" }, { text: "hello" }, { text: "far too long here" }],
      [
        { type: "spans", classes: ["PER"] },
        { text: "Ada Lovelace" },
        { spans: [{ start: 0, end: 3, label: "PER" }] },
        { spans: [{ start: 0, end: 30, label: "PER" }] },
      ],
      [
        { type: "single", classes: ["cat", "dog"] },
        { image: "https://example.org/cat.jpg" },
        { label: "cat" },
        { label: "cow" },
      ],
    ];
    for (const [k, [schema, data, good, bad]] of cases.entries()) {
      const pid = await project(h, { name: `t${k}`, schema, items: [{ id: "x", ...data }] });
      const t = await next(h, pid, "ann1");
      expect(t.item.data).toEqual(data);
      expect((await submit(h, pid, { as: "ann1", itemId: t.item.id, value: bad })).status).toBe(400);
      expect((await submit(h, pid, { as: "ann1", itemId: t.item.id, value: good })).status).toBe(201);
    }
  });

  it("keeps labelling blind: no gold answers, no other raters' labels, no predictions unless asked", async () => {
    const h = await harness();
    const pid = await project(h, { settings: { overlap: 2, goldRate: 0 }, items: items(1) });
    const t = await next(h, pid, "ann1");
    await submit(h, pid, { as: "ann1", itemId: t.item.id, value: { label: "pos" } });
    const t2 = await next(h, pid, "ann2");
    expect(Object.keys(t2).sort()).toEqual(["assignment", "item"]);
    expect(Object.keys(t2.item).sort()).toEqual(["data", "id"]);
    const mine = await h.req("GET", `/api/projects/${pid}/annotations`, { as: "ann2" });
    expect(mine.body).toEqual([]);
    expect(
      (await h.req("GET", `/api/projects/${pid}/annotations?user=${h.ids.ann1}`, { as: "ann2" })).status,
    ).toBe(403);
    expect((await h.req("GET", `/api/projects/${pid}/annotations`, { as: "ann1" })).body).toHaveLength(1);
    expect((await h.req("GET", `/api/projects/${pid}/annotations`, { as: "rev" })).body).toHaveLength(1);
    // Not blind: the latest model's prediction comes along as a pre-annotation.
    await h.req("PATCH", `/api/projects/${pid}`, { as: "admin", body: { settings: { blind: false } } });
    await h.req("POST", `/api/projects/${pid}/predictions`, {
      as: "admin",
      body: { model: "m", predictions: [{ item: "i0", probs: [0.7, 0.3] }] },
    });
    expect((await next(h, pid, "ann2")).prediction).toEqual({
      probs: [0.7, 0.3],
      score: expect.closeTo(0.3, 9),
    });
  });

  it("serves the most uncertain items first once a model's predictions arrive", async () => {
    const h = await harness();
    const pid = await project(h, { settings: { overlap: 1 }, items: items(3) });
    const r = await h.req("POST", `/api/projects/${pid}/predictions`, {
      as: "admin",
      body: {
        model: "m1",
        predictions: [
          { item: "i0", probs: [0.95, 0.05] },
          { item: "i1", probs: [0.55, 0.45] },
          { item: "i2", score: 0.2 },
          { item: "zz", score: 1 },
        ],
      },
    });
    expect(r.body).toMatchObject({ matched: 3, unknown: 1 });
    const order = [];
    for (const who of ["ann1", "ann2", "ann3"]) order.push((await next(h, pid, who)).item.data.text);
    expect(order).toEqual(["text 1", "text 2", "text 0"]);
  });
});

describe("quality control", () => {
  it("mixes in gold items at the set rate, scores them, and hides the answers", async () => {
    const h = await harness();
    const gold = (i: number) => (i < 20 ? { gold: i % 2 ? "neg" : "pos" } : {});
    const pid = await project(h, { settings: { overlap: 1, goldRate: 0.3 }, items: items(120, gold) });
    let golds = 0;
    for (let k = 0; k < 60; k++) {
      const t = await next(h, pid, "ann1");
      const n = Number(t.item.data.text.split(" ")[1]);
      expect(t.item.data).not.toHaveProperty("gold");
      if (n < 20) golds++;
      // ann1 answers gold items right only when n % 4 === 0.
      const label = n < 20 && n % 4 !== 0 ? (n % 2 ? "pos" : "neg") : n % 2 ? "neg" : "pos";
      await submit(h, pid, { as: "ann1", itemId: t.item.id, value: { label } });
    }
    // 30% of 60 hand-outs is 18 (hash-driven: about that, capped by the 20 gold items).
    expect(golds).toBeGreaterThan(8);
    expect(golds).toBeLessThan(28);
    const mine = (await h.req("GET", `/api/projects/${pid}/annotations`, { as: "ann1" })).body;
    expect(JSON.stringify(mine)).not.toContain("correct");
    const m = (await h.req("GET", `/api/projects/${pid}/metrics`, { as: "rev" })).body;
    const me = m.raters.find((r: { name: string }) => r.name === "ann1");
    expect(me.gold).toBe(golds);
    expect(me.goldAccuracy).toBeGreaterThan(0);
    expect(me.goldAccuracy).toBeLessThan(1);
    expect((await h.req("GET", `/api/projects/${pid}/metrics`, { as: "ann1" })).status).toBe(403);
  });

  it("runs a qualification test before real items and stops raters who fail it", async () => {
    const h = await harness();
    const gold = (i: number) => (i < 3 ? { gold: "pos" } : {});
    const pid = await project(h, {
      settings: { overlap: 2, qualification: { items: 3, minAccuracy: 0.6 } },
      items: items(6, gold),
    });
    for (const [who, label] of [
      ["ann1", "pos"],
      ["ann2", "neg"],
    ] as const) {
      for (let k = 0; k < 3; k++) {
        const t = await next(h, pid, who);
        expect(Number(t.item.data.text.split(" ")[1])).toBeLessThan(3);
        await submit(h, pid, { as: who, itemId: t.item.id, value: { label } });
      }
    }
    const real = await next(h, pid, "ann1");
    expect(Number(real.item.data.text.split(" ")[1])).toBeGreaterThanOrEqual(3);
    const failed = await h.req("POST", `/api/projects/${pid}/next`, { as: "ann2" });
    expect(failed.status).toBe(403);
    expect(failed.body.error.code).toBe("NOT_QUALIFIED");
    const me = await h.req("GET", `/api/projects/${pid}/metrics/me`, { as: "ann1" });
    expect(me.body).toMatchObject({ judgments: 3, qualification: "qualified" });
  });

  it("asks one more rater only while the majority is uncertain (adaptive overlap)", async () => {
    const h = await harness();
    await h.user("ann4", "annotator");
    const pid = await project(h, {
      settings: { overlap: 2, adaptive: { maxOverlap: 4, threshold: 0.7 } },
      items: items(2),
    });
    await h.req("POST", `/api/projects/${pid}/members`, { as: "admin", body: { userId: h.ids.ann4 } });
    const answer = async (who: string, text: string, label: string) => {
      const t = await next(h, pid, who);
      expect(t.item.data.text).toBe(text);
      await submit(h, pid, { as: who, itemId: t.item.id, value: { label } });
    };
    // Item 0: two agreeing raters → confident, closed at 2.
    await answer("ann1", "text 0", "pos");
    await answer("ann2", "text 0", "pos");
    // Item 1: split 1–1 → a third rater; 2–1 (0.67 < 0.7) → a fourth; then the cap.
    await answer("ann1", "text 1", "pos");
    await answer("ann2", "text 1", "neg");
    await answer("ann3", "text 1", "pos");
    await answer("ann4", "text 1", "neg");
    const list = (await h.req("GET", `/api/projects/${pid}/items`, { as: "rev" })).body;
    expect(list.map((i: { target: number; done: number }) => [i.target, i.done])).toEqual([
      [2, 2],
      [4, 4],
    ]);
    // Still split at the cap: it goes to review.
    expect(list[1].flag).toBe("disagreement");
  });

  it("queues disagreements for review; a review sets the hard label and clears the flag", async () => {
    const h = await harness();
    const pid = await project(h, { settings: { overlap: 2 }, items: items(2) });
    for (const [who, labels] of [
      ["ann1", ["pos", "pos"]],
      ["ann2", ["neg", "pos"]],
    ] as const) {
      for (const label of labels) {
        const t = await next(h, pid, who);
        await submit(h, pid, { as: who, itemId: t.item.id, value: { label } });
      }
    }
    const queue = await h.req("GET", `/api/projects/${pid}/review`, { as: "rev" });
    expect(queue.body).toHaveLength(1);
    expect(queue.body[0]).toMatchObject({ externalId: "i0", flag: "disagreement" });
    expect(queue.body[0].annotations).toHaveLength(2);
    expect((await h.req("GET", `/api/projects/${pid}/review`, { as: "ann1" })).status).toBe(403);
    const itemId = queue.body[0].id;
    expect(
      (
        await h.req("POST", `/api/projects/${pid}/reviews`, {
          as: "rev",
          body: { itemId, value: { label: "x" } },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await h.req("POST", `/api/projects/${pid}/reviews`, {
          as: "ann1",
          body: { itemId, value: { label: "neg" } },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.req("POST", `/api/projects/${pid}/reviews`, {
          as: "rev",
          body: { itemId, value: { label: "neg" }, note: "sarcasm" },
        })
      ).status,
    ).toBe(201);
    expect((await h.req("GET", `/api/projects/${pid}/review`, { as: "rev" })).body).toEqual([]);
    const exported = (await h.req("GET", `/api/projects/${pid}/export?format=jsonl`, { as: "rev" })).text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(exported[0]).toMatchObject({
      id: "i0",
      label: { label: "neg" },
      reviewed: true,
      soft_label: { pos: 0.5, neg: 0.5 },
    });
  });

  it("reports progress, throughput, agreement overall and per class, and rater quality", async () => {
    const h = await harness();
    const pid = await project(h, { settings: { overlap: 3 }, items: items(2) });
    // Item 0: pos, pos, neg. Item 1: neg, neg, neg.
    const plan: Record<string, string[]> = {
      ann1: ["pos", "neg"],
      ann2: ["pos", "neg"],
      ann3: ["neg", "neg"],
    };
    for (const [who, labels] of Object.entries(plan)) {
      for (const label of labels) {
        const t = await next(h, pid, who);
        await submit(h, pid, { as: who, itemId: t.item.id, value: { label } });
        h.clock.now += 1000;
      }
    }
    const m = (await h.req("GET", `/api/projects/${pid}/metrics`, { as: "admin" })).body;
    expect(m.progress).toEqual({ items: 2, gold: 0, complete: 2, judgments: 6, leased: 0, share: 1 });
    expect(m.throughput.lastMinute).toBe(6);
    // Pooled pairs: item 0 has 2·1 + 1·0 = 2 agreeing of 3·2 = 6 ordered pairs; item 1 has 6 of 6 → 8/12.
    expect(m.agreement.percent).toBeCloseTo(8 / 12, 12);
    // pos: 2·1 / (2·2) = 0.5; neg: (0 + 6) / (1·2 + 3·2) = 0.75.
    expect(m.agreement.perClass).toEqual({ pos: 0.5, neg: 0.75 });
    const r3 = m.raters.find((r: { name: string }) => r.name === "ann3");
    expect(r3).toMatchObject({ judgments: 2, majorityAgreement: 0.5, medianDurationMs: 1200, spam: null });
  });
});

describe("jobs", () => {
  it("flags likely label issues from model predictions (confident learning) and rescoring", async () => {
    const h = await harness();
    const pid = await project(h, { settings: { overlap: 1 }, items: items(4) });
    for (const label of ["pos", "pos", "neg", "neg"]) {
      const t = await next(h, pid, "ann1");
      await submit(h, pid, { as: "ann1", itemId: t.item.id, value: { label } });
    }
    // i1 is labelled pos but the model is confident it is neg.
    const preds = [
      { item: "i0", probs: [0.9, 0.1] },
      { item: "i1", probs: [0.1, 0.9] },
      { item: "i2", probs: [0.2, 0.8] },
      { item: "i3", probs: [0.3, 0.7] },
    ];
    await h.req("POST", `/api/projects/${pid}/predictions`, {
      as: "admin",
      body: { model: "m", predictions: preds },
    });
    const runner = new JobRunner({ store: h.store, now: () => h.clock.now });
    expect(await runner.drain()).toBe(1);
    const queue = (await h.req("GET", `/api/projects/${pid}/review`, { as: "rev" })).body;
    expect(queue.map((i: { externalId: string; flag: string }) => [i.externalId, i.flag])).toEqual([
      ["i1", "label-issue"],
    ]);
    const job = await h.req("POST", `/api/projects/${pid}/jobs`, { as: "admin", body: { kind: "rescore" } });
    expect(job.status).toBe(202);
    expect(
      (await h.req("POST", `/api/projects/${pid}/jobs`, { as: "admin", body: { kind: "rescore" } })).body.id,
    ).toBe(job.body.id);
    expect(
      (await h.req("POST", `/api/projects/${pid}/jobs`, { as: "rev", body: { kind: "rescore" } })).status,
    ).toBe(403);
    await runner.drain();
    const done = await h.req("GET", `/api/jobs/${job.body.id}`, { as: "admin" });
    expect(done.body).toMatchObject({ status: "done", result: { rescored: 4 } });
    expect((await h.req("GET", `/api/projects/${pid}/jobs`, { as: "admin" })).body).toHaveLength(2);
    await h.req("POST", `/api/projects/${pid}/jobs`, { as: "admin", body: { kind: "aggregate" } });
    await runner.drain();
    const agg = (await h.req("GET", `/api/projects/${pid}/jobs`, { as: "admin" })).body[2];
    expect(agg.result).toMatchObject({ items: 4, judged: 4, meanTopShare: 1 });
  });

  it("retries a failing job, then marks it failed", async () => {
    const h = await harness();
    let calls = 0;
    const runner = new JobRunner({
      store: h.store,
      now: () => h.clock.now,
      handlers: {
        boom: async () => {
          calls++;
          throw new Error("nope");
        },
      },
    });
    const job = await h.store.enqueueJob({ kind: "boom", now: h.clock.now });
    for (let k = 0; k < 3; k++) {
      await runner.drain();
      h.clock.now += 60_000;
    }
    expect(calls).toBe(3);
    expect(await h.store.getJob(job.id)).toMatchObject({ status: "failed", error: "nope", attempts: 3 });
  });

  it("writes an audit log that only admins read", async () => {
    const h = await harness();
    await project(h, { items: items(1) });
    const log = (await h.req("GET", "/api/audit", { as: "admin" })).body.map(
      (e: { action: string }) => e.action,
    );
    expect(log).toContain("project-create");
    expect(log).toContain("items-import");
    expect((await h.req("GET", "/api/audit", { as: "rev" })).status).toBe(403);
  });
});

describe("look-ahead and undo (the web annotator's needs)", () => {
  it("leases at most one item ahead of the one on screen, and none during a qualification test", async () => {
    const h = await harness();
    const pid = await project(h, { settings: { overlap: 1 }, items: items(4) });
    const a = await next(h, pid, "ann1");
    const ahead = (id: number) =>
      h.req("POST", `/api/projects/${pid}/next?ahead=${id}`, { as: "ann1" }).then((r) => r.body);
    const b = await ahead(a.assignment.id);
    expect(b.item.id).not.toBe(a.item.id);
    expect((await ahead(a.assignment.id)).assignment.id).toBe(b.assignment.id); // again: the same look-ahead
    expect((await next(h, pid, "ann1")).assignment.id).toBe(a.assignment.id); // a refresh still gets the first
    expect(
      (await h.req("GET", `/api/projects/${pid}/items`, { as: "admin" })).body.map(
        (i: { leased: number }) => i.leased,
      ),
    ).toEqual([1, 1, 0, 0]);
    await submit(h, pid, { as: "ann1", itemId: a.item.id, value: { label: "pos" } });
    // b is now on screen: its look-ahead is a third item; plain next returns b.
    expect((await next(h, pid, "ann1")).assignment.id).toBe(b.assignment.id);
    const c = await ahead(b.assignment.id);
    expect([a.item.id, b.item.id]).not.toContain(c.item.id);
    expect((await h.req("POST", `/api/projects/${pid}/next?ahead=0`, { as: "ann1" })).status).toBe(400);

    const q = await project(h, {
      name: "qual",
      settings: { qualification: { items: 2, minAccuracy: 0.5 } },
      items: items(4, (i) => (i < 2 ? { gold: "pos" } : {})),
    });
    const first = await next(h, q, "ann2");
    const none = await h.req("POST", `/api/projects/${q}/next?ahead=${first.assignment.id}`, { as: "ann2" });
    expect(none.body).toEqual({ done: true, reason: "no look-ahead during the qualification test" });
  });

  it("lets a rater change their own judgment: validated, gold re-scored, flags re-evaluated; others get 404", async () => {
    const h = await harness();
    const pid = await project(h, {
      settings: { overlap: 2, reviewThreshold: 0.6, goldRate: 1 },
      items: [{ id: "g", text: "gold item", gold: "pos" }, ...items(1)],
    });
    const g = await next(h, pid, "ann1");
    expect(g.item.data.text).toBe("gold item");
    await submit(h, pid, { as: "ann1", id: "j-gold", itemId: g.item.id, value: { label: "neg" } });
    const amend = (as: string, id: string, value: unknown) =>
      h.req("PUT", `/api/projects/${pid}/annotations/${id}`, { as, body: { value } });
    const gold = async () =>
      (await h.req("GET", `/api/projects/${pid}/metrics`, { as: "admin" })).body.raters.find(
        (r: { name: string }) => r.name === "ann1",
      ).goldAccuracy;
    expect(await gold()).toBe(0);
    const ok = await amend("ann1", "j-gold", { label: "pos" });
    expect(ok.status).toBe(200);
    expect(ok.body.annotation).toMatchObject({ id: "j-gold", itemId: g.item.id });
    expect(await gold()).toBe(1);
    const stored = await h.req("GET", `/api/projects/${pid}/annotations`, { as: "ann1" });
    expect(stored.body.map((a: { value: unknown }) => a.value)).toEqual([{ label: "pos" }]);

    const bad = await amend("ann1", "j-gold", { label: "maybe" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("value.label");
    expect((await amend("ann2", "j-gold", { label: "pos" })).status).toBe(404); // not theirs
    expect((await amend("admin", "j-gold", { label: "pos" })).status).toBe(404); // only the author amends
    expect((await amend("ann1", "nope", { label: "pos" })).status).toBe(404);
    expect(
      (await h.req("PUT", `/api/projects/${pid}/annotations/j-gold`, { body: { value: {} } })).status,
    ).toBe(401);

    // Two raters agree on the real item; one changes their mind: the item is flagged for review.
    const x1 = await next(h, pid, "ann1");
    await submit(h, pid, { as: "ann1", id: "x1", itemId: x1.item.id, value: { label: "pos" } });
    const g2 = await next(h, pid, "ann2"); // the gold item first (goldRate 1)
    await submit(h, pid, { as: "ann2", itemId: g2.item.id, value: { label: "pos" } });
    const x2 = await next(h, pid, "ann2");
    expect(x2.item.id).toBe(x1.item.id);
    await submit(h, pid, { as: "ann2", id: "x2", itemId: x2.item.id, value: { label: "pos" } });
    const flag = async () =>
      (await h.req("GET", `/api/projects/${pid}/items/${x1.item.id}`, { as: "admin" })).body.flag;
    expect(await flag()).toBe(null);
    expect((await amend("ann2", "x2", { label: "neg" })).status).toBe(200);
    expect(await flag()).toBe("disagreement");
  });
});
