// The one conformance suite every Store implementation passes (SQLite and PostgreSQL run it in sqlite.test.ts and
// postgres.test.ts). Each test opens a fresh store, so tests are independent.
import { afterEach, describe, expect, it } from "vitest";
import { VoxStoreError } from "../errors.js";
import type { Store } from "../types.js";

/** How the suite gets a store; `skip` names a reason to skip every test. */
export interface ConformanceOptions {
  name: string;
  open: () => Promise<Store>;
  skip?: string | undefined;
}

const T0 = 1_700_000_000_000;
const INJECTION = `Robert'); DROP TABLE items;-- "quoted" \\ back ? $1 ? 😀`;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof VoxStoreError) return e.code;
    throw e;
  }
  return "resolved";
}

/** Runs the Store conformance suite against one implementation. */
export function runStoreConformance({ name, open, skip }: ConformanceOptions): void {
  describe.skipIf(skip !== undefined)(`Store conformance: ${name}`, () => {
    const opened: Store[] = [];
    const fresh = async () => {
      const s = await open();
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    /** A project with `n` items of overlap `target` and `users` annotators. */
    async function setup(s: Store, [n, target, users]: [number, number, number]) {
      const project = await s.createProject({ name: "p", schema: { type: "single" }, settings: {}, now: T0 });
      const items = Array.from({ length: n }, (_, i) => ({
        externalId: `i${i}`,
        data: { text: `item ${i}` },
      }));
      await s.insertItems(project.id, items, { target, now: T0 });
      const raters = [];
      for (let u = 0; u < users; u++)
        raters.push(await s.createUser({ name: `u${u}`, role: "annotator", now: T0 }));
      return { project, raters };
    }

    it("migrates once", async () => {
      const s = await fresh();
      expect(await s.migrate()).toEqual([]);
    });

    it("keeps users with unique names and updates them", async () => {
      const s = await fresh();
      const u = await s.createUser({ name: INJECTION, role: "annotator", passwordHash: "h", now: T0 });
      expect(u).toMatchObject({ name: INJECTION, role: "annotator", passwordHash: "h", disabled: false });
      expect(await codeOf(s.createUser({ name: INJECTION, role: "admin", now: T0 }))).toBe("DUPLICATE");
      expect((await s.getUserByName(INJECTION))?.id).toBe(u.id);
      const v = await s.updateUser(u.id, { role: "reviewer", disabled: true });
      expect(v).toMatchObject({ role: "reviewer", disabled: true });
      expect(await s.countUsers()).toBe(1);
      expect(await codeOf(s.updateUser(999, { role: "admin" }))).toBe("NOT_FOUND");
      expect(await s.getUser(999)).toBeUndefined();
    });

    it("finds tokens by hash, never expired ones or those of disabled users", async () => {
      const s = await fresh();
      const u = await s.createUser({ name: "a", role: "admin", now: T0 });
      const t = await s.createToken({
        userId: u.id,
        hash: "h1",
        kind: "api",
        name: "ci",
        expiresAt: null,
        now: T0,
      });
      await s.createToken({
        userId: u.id,
        hash: "h2",
        kind: "session",
        name: "s",
        expiresAt: T0 + 10,
        now: T0,
      });
      expect((await s.findToken("h1", T0))?.user.id).toBe(u.id);
      expect((await s.findToken("h1", T0))?.token).toMatchObject({ id: t.id, kind: "api", name: "ci" });
      expect(await s.findToken("h2", T0 + 5)).toBeDefined();
      expect(await s.findToken("h2", T0 + 10)).toBeUndefined();
      expect(await s.findToken("nope", T0)).toBeUndefined();
      expect(await s.listTokens(u.id)).toHaveLength(2);
      const other = await s.createUser({ name: "b", role: "annotator", now: T0 });
      expect(await s.deleteToken(t.id, other.id)).toBe(false);
      expect(await s.deleteToken(t.id, u.id)).toBe(true);
      expect(await s.findToken("h1", T0)).toBeUndefined();
      await s.updateUser(u.id, { disabled: true });
      expect(await s.findToken("h2", T0)).toBeUndefined();
    });

    it("keeps projects and memberships; JSON round-trips verbatim", async () => {
      const s = await fresh();
      const schema = { type: "single", classes: ["a", INJECTION] };
      const p = await s.createProject({
        name: "one",
        schema,
        guidelines: INJECTION,
        settings: { overlap: 3 },
        now: T0,
      });
      expect(await s.getProject(p.id)).toEqual({
        ...p,
        schema,
        guidelines: INJECTION,
        settings: { overlap: 3 },
      });
      expect(await codeOf(s.createProject({ name: "one", schema, settings: {}, now: T0 }))).toBe("DUPLICATE");
      const q = await s.createProject({ name: "two", schema, settings: {}, now: T0 });
      const u = await s.createUser({ name: "a", role: "annotator", now: T0 });
      expect(await s.addMember(q.id, u.id)).toEqual({
        projectId: q.id,
        userId: u.id,
        qualification: "pending",
      });
      await s.addMember(q.id, u.id);
      expect((await s.listProjects({ memberId: u.id })).map((x) => x.name)).toEqual(["two"]);
      expect((await s.listProjects()).map((x) => x.name)).toEqual(["one", "two"]);
      await s.setQualification(q.id, u.id, "qualified");
      expect((await s.getMember(q.id, u.id))?.qualification).toBe("qualified");
      expect(await s.listMembers(q.id)).toHaveLength(1);
      expect(await s.getProjectAndMember(q.id, u.id)).toEqual({
        project: await s.getProject(q.id),
        member: { projectId: q.id, userId: u.id, qualification: "qualified" },
      });
      expect(await s.getProjectAndMember(p.id, u.id)).toEqual({
        project: await s.getProject(p.id),
        member: undefined,
      });
      expect(await s.getProjectAndMember(999, u.id)).toBeUndefined();
      expect(await s.removeMember(q.id, u.id)).toBe(true);
      expect(await s.getMember(q.id, u.id)).toBeUndefined();
      const r = await s.updateProject(p.id, { name: "renamed", settings: { overlap: 5 } });
      expect(r).toMatchObject({ name: "renamed", settings: { overlap: 5 }, guidelines: INJECTION });
      expect((await s.getProjectByName("renamed"))?.id).toBe(p.id);
    });

    it("inserts items, skipping ids already present, and pages through them", async () => {
      const s = await fresh();
      const p = await s.createProject({ name: "p", schema: {}, settings: {}, now: T0 });
      const items = Array.from({ length: 1200 }, (_, i) => ({
        externalId: `i${i}`,
        data: { text: `t${i}` },
      }));
      expect(await s.insertItems(p.id, items, { target: 3, now: T0 })).toEqual({
        inserted: 1200,
        skipped: 0,
      });
      const again = [...items.slice(0, 2), { externalId: "g", data: { text: INJECTION }, gold: "pos" }];
      expect(await s.insertItems(p.id, again, { target: 3, now: T0 })).toEqual({ inserted: 1, skipped: 2 });
      const first = await s.listItems(p.id, { limit: 1000 });
      const rest = await s.listItems(p.id, { after: first[first.length - 1]!.id });
      expect(first.length + rest.length).toBe(1201);
      const g = await s.getItemByExternalId(p.id, "g");
      expect(g).toMatchObject({ isGold: true, gold: "pos", data: { text: INJECTION }, target: 3, done: 0 });
      expect((await s.listItems(p.id, { gold: true })).map((i) => i.externalId)).toEqual(["g"]);
      expect(await s.countItems(p.id)).toEqual({
        total: 1201,
        gold: 1,
        complete: 0,
        judgments: 0,
        leased: 0,
      });
      const some = await s.getItems([first[5]!.id, first[1]!.id]);
      expect(some.map((i) => i.externalId)).toEqual(["i1", "i5"]);
      await s.setFlag([first[0]!.id], "issue");
      expect((await s.listItems(p.id, { flagged: true })).map((i) => i.externalId)).toEqual(["i0"]);
      await s.setGold(first[0]!.id, { label: "x" });
      expect((await s.getItem(first[0]!.id))?.gold).toEqual({ label: "x" });
      await s.setGold(first[0]!.id, null);
      expect((await s.getItem(first[0]!.id))?.isGold).toBe(false);
    });

    it("leases by priority, never an item twice to one rater, never beyond the overlap", async () => {
      const s = await fresh();
      const { project, raters } = await setup(s, [3, 2, 3]);
      const items = await s.listItems(project.id);
      await s.setPriorities([{ itemId: items[2]!.id, priority: 5 }]);
      const lease = (u: number) =>
        s.leaseNext({ projectId: project.id, userId: raters[u]!.id, gold: false, leaseMs: 60_000, now: T0 });
      const a = await lease(0);
      expect(a?.item.externalId).toBe("i2");
      expect(a?.assignment).toMatchObject({ status: "leased", isGold: false, expiresAt: T0 + 60_000 });
      expect(await s.activeLease(project.id, raters[0]!.id, T0)).toMatchObject({ id: a?.assignment.id });
      expect(await s.activeLease(project.id, raters[0]!.id, T0 + 60_000)).toBeUndefined();
      expect((await lease(0))?.item.externalId).toBe("i0");
      expect((await lease(1))?.item.externalId).toBe("i2");
      // i2 now has two leases (its overlap): rater 2 gets i0, then i1.
      expect((await lease(2))?.item.externalId).toBe("i0");
      expect((await lease(2))?.item.externalId).toBe("i1");
      expect((await lease(2))?.item.externalId).toBeUndefined();
      expect(await s.countAssignments(project.id, raters[2]!.id)).toEqual({ total: 2, gold: 0 });
      const i2 = await s.getItem(items[2]!.id);
      expect(i2).toMatchObject({ leased: 2, done: 0 });
    });

    it("serves gold items apart from the overlap", async () => {
      const s = await fresh();
      const { project, raters } = await setup(s, [1, 1, 2]);
      await s.insertItems(project.id, [{ externalId: "g", data: {}, gold: "a" }], { target: 1, now: T0 });
      for (const r of raters) {
        const g = await s.leaseNext({
          projectId: project.id,
          userId: r.id,
          gold: true,
          leaseMs: 1000,
          now: T0,
        });
        expect(g?.item.externalId).toBe("g");
        expect(g?.assignment.isGold).toBe(true);
      }
      expect(
        await s.leaseNext({
          projectId: project.id,
          userId: raters[0]!.id,
          gold: true,
          leaseMs: 1000,
          now: T0,
        }),
      ).toBeUndefined();
      expect((await s.getItem((await s.getItemByExternalId(project.id, "g"))!.id))?.leased).toBe(0);
      expect(await s.countAssignments(project.id, raters[0]!.id)).toEqual({ total: 1, gold: 1 });
    });

    it("submits idempotently and closes items at their overlap", async () => {
      const s = await fresh();
      const { project, raters } = await setup(s, [1, 2, 3]);
      const [r0, r1, r2] = raters as [(typeof raters)[0], (typeof raters)[0], (typeof raters)[0]];
      const a0 = (await s.leaseNext({
        projectId: project.id,
        userId: r0.id,
        gold: false,
        leaseMs: 1000,
        now: T0,
      }))!;
      const itemId = a0.item.id;
      const submit = (id: string, userId: number, value: unknown) =>
        s.submitAnnotation({
          id,
          projectId: project.id,
          itemId,
          userId,
          value,
          correct: null,
          durationMs: 1500,
          now: T0 + 1,
        });
      expect(await codeOf(submit("x", r1.id, { label: "a" }))).toBe("NOT_ASSIGNED");
      const first = await submit("ann-1", r0.id, { label: INJECTION });
      expect(first.created).toBe(true);
      expect(first.item).toMatchObject({ id: itemId, done: 1, leased: 0, target: 2 });
      expect(first.annotation).toMatchObject({
        id: "ann-1",
        value: { label: INJECTION },
        durationMs: 1500,
        isGold: false,
      });
      const again = await submit("ann-1", r0.id, { label: INJECTION });
      expect(again).toEqual({ annotation: first.annotation, created: false });
      expect(await codeOf(submit("ann-1", r0.id, { label: "b" }))).toBe("CONFLICT");
      expect(await codeOf(submit("ann-2", r0.id, { label: "b" }))).toBe("CONFLICT");
      expect(await s.getItem(itemId)).toMatchObject({ done: 1, leased: 0 });
      await s.leaseNext({ projectId: project.id, userId: r1.id, gold: false, leaseMs: 1000, now: T0 });
      await submit("ann-3", r1.id, { label: "a" });
      expect(await s.getItem(itemId)).toMatchObject({ done: 2, leased: 0 });
      expect(
        await s.leaseNext({ projectId: project.id, userId: r2.id, gold: false, leaseMs: 1000, now: T0 }),
      ).toBeUndefined();
      expect(await s.countItems(project.id)).toMatchObject({ complete: 1, judgments: 2 });
      // Adaptive overlap: one more judgment wanted reopens the item.
      await s.setTarget(itemId, 3);
      expect(
        (await s.leaseNext({ projectId: project.id, userId: r2.id, gold: false, leaseMs: 1000, now: T0 }))
          ?.item.id,
      ).toBe(itemId);
      expect((await s.listAnnotations(project.id)).map((a) => a.id)).toEqual(["ann-1", "ann-3"]);
      expect((await s.listAnnotations(project.id, { userId: r1.id })).map((a) => a.id)).toEqual(["ann-3"]);
      expect((await s.annotationsOfItems([itemId])).map((a) => a.id)).toEqual(["ann-1", "ann-3"]);
      expect(await s.getAnnotation("ann-3")).toMatchObject({ userId: r1.id });
      expect(await s.countAnnotationsSince(project.id, T0)).toBe(2);
      expect(await s.countAnnotationsSince(project.id, T0 + 2)).toBe(0);
    });

    it("returns skipped and expired leases to the pool; accepts late work only while a slot is free", async () => {
      const s = await fresh();
      const { project, raters } = await setup(s, [1, 1, 3]);
      const [r0, r1, r2] = raters as [(typeof raters)[0], (typeof raters)[0], (typeof raters)[0]];
      const lease = (userId: number, now = T0) =>
        s.leaseNext({ projectId: project.id, userId, gold: false, leaseMs: 1000, now });
      const a = (await lease(r0.id))!;
      expect(await lease(r1.id)).toBeUndefined();
      expect((await s.skip(a.assignment.id, r0.id)).status).toBe("skipped");
      expect(await codeOf(s.skip(a.assignment.id, r0.id))).toBe("CONFLICT");
      expect(await lease(r0.id)).toBeUndefined(); // never offered again to who skipped it
      const b = (await lease(r1.id))!;
      expect(b.item.id).toBe(a.item.id);
      expect(await s.reclaimExpired(project.id, T0 + 999)).toBe(0);
      expect(await s.reclaimExpired(project.id, T0 + 1000)).toBe(1);
      expect((await s.getAssignment(b.assignment.id))?.status).toBe("expired");
      // The slot is free again: r1's late submission is accepted.
      const late = await s.submitAnnotation({
        id: "late",
        projectId: project.id,
        itemId: b.item.id,
        userId: r1.id,
        value: 1,
        correct: null,
        durationMs: null,
        now: T0 + 2000,
      });
      expect(late.created).toBe(true);
      expect(await s.getItem(b.item.id)).toMatchObject({ done: 1, leased: 0 });
      // Now an expired lease whose slot went to someone else.
      await s.setTarget(b.item.id, 2);
      const c = (await lease(r2.id, T0 + 3000))!;
      expect(c.item.id).toBe(b.item.id);
      await s.reclaimExpired(project.id, T0 + 5000);
      const u3 = await s.createUser({ name: "u3", role: "annotator", now: T0 });
      await lease(u3.id, T0 + 5000);
      const lost = s.submitAnnotation({
        id: "lost",
        projectId: project.id,
        itemId: c.item.id,
        userId: r2.id,
        value: 1,
        correct: null,
        durationMs: null,
        now: T0 + 6000,
      });
      expect(await codeOf(lost)).toBe("LEASE_EXPIRED");
    });

    it("never over-assigns under concurrent leases", async () => {
      const s = await fresh();
      const { project, raters } = await setup(s, [20, 3, 12]);
      const results = await Promise.all(
        raters.flatMap((r) =>
          [0, 1, 2, 3].map(() =>
            s
              .leaseNext({ projectId: project.id, userId: r.id, gold: false, leaseMs: 60_000, now: T0 })
              .catch((e) => {
                // A lost race on (item, rater) is a DUPLICATE the server retries; anything else is a failure.
                if (e instanceof VoxStoreError && e.code === "DUPLICATE") return undefined;
                throw e;
              }),
          ),
        ),
      );
      const perItem = new Map<number, Set<number>>();
      let total = 0;
      for (const r of results) {
        if (!r) continue;
        total++;
        const set = perItem.get(r.item.id) ?? new Set();
        expect(set.has(r.assignment.userId)).toBe(false);
        set.add(r.assignment.userId);
        perItem.set(r.item.id, set);
      }
      for (const set of perItem.values()) expect(set.size).toBeLessThanOrEqual(3);
      for (const it of await s.listItems(project.id)) {
        expect(it.leased).toBe(perItem.get(it.id)?.size ?? 0);
        expect(it.leased).toBeLessThanOrEqual(3);
      }
      expect(total).toBeGreaterThan(0);
    });

    it("imports finished judgments once, counting them towards the overlap", async () => {
      const s = await fresh();
      const { project, raters } = await setup(s, [2, 2, 2]);
      const [a, b] = await s.listItems(project.id);
      const row = (id: string, itemId: number, userId: number) => ({
        id,
        projectId: project.id,
        itemId,
        userId,
        value: { label: "x" },
        now: T0,
      });
      const r = await s.importAnnotations([
        row("e1", a!.id, raters[0]!.id),
        row("e2", a!.id, raters[1]!.id),
        row("e3", b!.id, raters[0]!.id),
      ]);
      expect(r).toEqual({ inserted: 3, skipped: 0 });
      const again = await s.importAnnotations([
        row("e1", a!.id, raters[0]!.id),
        row("e4", a!.id, raters[0]!.id),
      ]);
      expect(again).toEqual({ inserted: 0, skipped: 2 });
      expect(await s.getItem(a!.id)).toMatchObject({ done: 2, leased: 0 });
      // a is complete; b still wants a judgment, and not from rater 0 who already gave one.
      expect(
        await s.leaseNext({
          projectId: project.id,
          userId: raters[0]!.id,
          gold: false,
          leaseMs: 10,
          now: T0,
        }),
      ).toBeUndefined();
      expect(
        (
          await s.leaseNext({
            projectId: project.id,
            userId: raters[1]!.id,
            gold: false,
            leaseMs: 10,
            now: T0,
          })
        )?.item.id,
      ).toBe(b!.id);
    });

    it("rolls back a failed transaction", async () => {
      const s = await fresh();
      await expect(
        s.transaction(async (tx) => {
          await tx.createUser({ name: "ghost", role: "annotator", now: T0 });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await s.getUserByName("ghost")).toBeUndefined();
      await s.transaction(async (tx) => {
        await tx.createUser({ name: "kept", role: "annotator", now: T0 });
        await tx.transaction((inner) => inner.createUser({ name: "nested", role: "annotator", now: T0 }));
      });
      expect(await s.countUsers()).toBe(2);
    });

    it("keeps reviews, model versions and predictions", async () => {
      const s = await fresh();
      const { project, raters } = await setup(s, [2, 1, 1]);
      const [a, b] = await s.listItems(project.id);
      await s.addReview({
        projectId: project.id,
        itemId: a!.id,
        userId: raters[0]!.id,
        value: { label: "x" },
        note: "n",
        now: T0,
      });
      await s.addReview({
        projectId: project.id,
        itemId: a!.id,
        userId: raters[0]!.id,
        value: { label: "y" },
        now: T0 + 1,
      });
      expect((await s.listReviews(project.id, [a!.id])).map((r) => r.value)).toEqual([
        { label: "x" },
        { label: "y" },
      ]);
      expect(await s.listReviews(project.id, [b!.id])).toEqual([]);
      const m = await s.createModelVersion({
        projectId: project.id,
        name: "m1",
        meta: { acc: 0.9 },
        now: T0,
      });
      await s.putPredictions([{ modelVersionId: m.id, itemId: a!.id, probs: [0.2, 0.8], score: 0.4 }]);
      await s.putPredictions([
        { modelVersionId: m.id, itemId: a!.id, probs: [0.5, 0.5], score: 1 },
        { modelVersionId: m.id, itemId: b!.id, probs: null, score: null },
      ]);
      expect(await s.getPredictions(m.id, [a!.id])).toEqual([
        { modelVersionId: m.id, itemId: a!.id, probs: [0.5, 0.5], score: 1 },
      ]);
      expect(await s.getPredictions(m.id)).toHaveLength(2);
      expect((await s.listModelVersions(project.id))[0]).toMatchObject({ name: "m1", meta: { acc: 0.9 } });
    });

    it("queues jobs: dedupes, claims each once, re-runs abandoned ones, retries", async () => {
      const s = await fresh();
      const j1 = await s.enqueueJob({ kind: "aggregate", payload: { p: 1 }, dedupeKey: "agg:1", now: T0 });
      const j1b = await s.enqueueJob({ kind: "aggregate", payload: { p: 1 }, dedupeKey: "agg:1", now: T0 });
      expect(j1b.id).toBe(j1.id);
      const j2 = await s.enqueueJob({ kind: "rescore", now: T0, runAfter: T0 + 100 });
      const claims = await Promise.all(
        [0, 1, 2, 3].map((w) => s.claimJob({ workerId: `w${w}`, leaseMs: 1000, now: T0 })),
      );
      const got = claims.filter((c) => c !== undefined);
      expect(got.map((c) => c.id)).toEqual([j1.id]);
      expect(got[0]).toMatchObject({ status: "running", attempts: 1, payload: { p: 1 } });
      // While j1 runs, a new aggregate request queues a fresh job.
      const j3 = await s.enqueueJob({ kind: "aggregate", dedupeKey: "agg:1", now: T0 + 1 });
      expect(j3.id).not.toBe(j1.id);
      expect(
        await s.claimJob({ workerId: "w", kinds: ["rescore"], leaseMs: 1000, now: T0 + 50 }),
      ).toBeUndefined();
      expect(
        (await s.claimJob({ workerId: "w", kinds: ["rescore"], leaseMs: 1000, now: T0 + 100 }))?.id,
      ).toBe(j2.id);
      // j1's worker died: after its lease it can be claimed again.
      expect(
        (await s.claimJob({ workerId: "w9", kinds: ["aggregate"], leaseMs: 1000, now: T0 + 500 }))?.id,
      ).toBe(j3.id);
      const again = await s.claimJob({ workerId: "w9", kinds: ["aggregate"], leaseMs: 1000, now: T0 + 1001 });
      expect(again).toMatchObject({ id: j1.id, attempts: 2, lockedBy: "w9" });
      await s.completeJob(j1.id, { ok: true }, T0 + 1002);
      expect(await s.getJob(j1.id)).toMatchObject({ status: "done", result: { ok: true } });
      await s.failJob(j2.id, "oops", { now: T0 + 1003, retryAt: T0 + 2000 });
      expect(await s.getJob(j2.id)).toMatchObject({ status: "queued", error: "oops", runAfter: T0 + 2000 });
      await s.failJob(j3.id, "fatal", { now: T0 + 1003 });
      expect((await s.listJobs({ status: "failed" })).map((j) => j.id)).toEqual([j3.id]);
    });

    it("appends to the audit log", async () => {
      const s = await fresh();
      await s.audit({ userId: null, action: "login", target: "user:1", detail: { ip: "::1" }, now: T0 });
      await s.audit({ userId: null, action: "export", target: INJECTION, now: T0 + 1 });
      const log = await s.listAudit();
      expect(log.map((e) => e.action)).toEqual(["login", "export"]);
      expect(log[1]?.target).toBe(INJECTION);
      expect((await s.listAudit({ after: log[0]!.id })).length).toBe(1);
    });
  });
}
