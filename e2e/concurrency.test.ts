// 50 concurrent raters with overlap 3: no item is over-assigned and no rater sees an item twice; on PostgreSQL two
// `vox serve` processes sharing one database behave as one (raters alternate between them request by request), and
// background jobs queued there run exactly once.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { VoxClient } from "@vox/server";
import { openStore, type Store } from "@vox/storage";
import { describe, expect, it } from "vitest";
import { tempDir } from "../test-support/index.js";
import { freshSchema, PG_URL, postgresUnavailable } from "../test-support/postgres.js";
import { adminClient, jsonlItems, makeRaters, type ServerProcess, startServerProcess } from "./_server.js";

const skipPg = await postgresUnavailable();
const dir = tempDir();
const ITEMS = 120;
const RATERS = 50;
const OVERLAP = 3;

async function crowd(servers: ServerProcess[], open: () => Promise<Store>) {
  const admin = await adminClient(servers[0]!.url);
  const project = await admin.createProject({
    name: "crowd",
    schema: { type: "single", classes: ["x", "y"] },
    settings: { overlap: OVERLAP },
  });
  await admin.importItems(project.id, jsonlItems(ITEMS));
  const store = await open();
  const raters = await makeRaters(store, { prefix: "c", count: RATERS, projectId: project.id });
  await store.close();

  const seen = new Map<number, number[]>(); // rater → items handed out (first time each lease is seen)
  const worker = async (token: string, r: number) => {
    const clients = servers.map((s) => new VoxClient({ baseUrl: s.url, token }));
    const mine: number[] = [];
    for (let k = 0; ; k++) {
      const c = clients[(r + k) % clients.length]!;
      const t = await c.next(project.id);
      if ("done" in t) break;
      mine.push(t.item.id);
      await clients[(r + k + 1) % clients.length]!.submit(project.id, {
        id: randomUUID(),
        itemId: t.item.id,
        value: { label: r % 2 ? "x" : "y" },
      });
    }
    seen.set(r, mine);
  };
  await Promise.all(raters.map((x, r) => worker(x.token, r)));

  const raterPerItem = new Map<number, number>();
  for (const [, items] of seen) {
    expect(new Set(items).size).toBe(items.length); // never the same item twice to one rater
    for (const i of items) raterPerItem.set(i, (raterPerItem.get(i) ?? 0) + 1);
  }
  expect(raterPerItem.size).toBe(ITEMS);
  for (const n of raterPerItem.values()) expect(n).toBe(OVERLAP); // every item exactly `overlap` times, never more
  const s = await open();
  const counts = await s.countItems(project.id);
  expect(counts).toMatchObject({ total: ITEMS, complete: ITEMS, judgments: ITEMS * OVERLAP, leased: 0 });
  const anns = await s.listAnnotations(project.id, { limit: 100_000 });
  expect(anns).toHaveLength(ITEMS * OVERLAP);
  const pairs = new Set(anns.map((a) => `${a.itemId}:${a.userId}`));
  expect(pairs.size).toBe(anns.length);
  await s.close();
  return project.id;
}

describe("50 concurrent raters, overlap 3", () => {
  it("on one SQLite server", async () => {
    const path = join(dir, "crowd.db");
    const server = await startServerProcess(`sqlite:${path}`);
    try {
      await crowd([server], () => openStore(`sqlite:${path}`));
    } finally {
      await server.stop();
    }
  });

  it.skipIf(skipPg !== undefined)(
    "on two servers sharing one PostgreSQL, which also share the jobs",
    async () => {
      const schema = freshSchema("vox_e2e");
      const a = await startServerProcess(PG_URL, ["--schema", schema]);
      const b = await startServerProcess(PG_URL, ["--schema", schema]);
      try {
        const pid = await crowd([a, b], () => openStore(PG_URL, { schema }));
        const store = await openStore(PG_URL, { schema });
        const jobs = [];
        for (let k = 0; k < 12; k++)
          jobs.push(await store.enqueueJob({ projectId: pid, kind: "aggregate", now: Date.now() }));
        const t0 = Date.now();
        let done: Awaited<ReturnType<Store["getJob"]>>[] = [];
        while (Date.now() - t0 < 20_000) {
          done = await Promise.all(jobs.map((j) => store.getJob(j.id)));
          if (done.every((j) => j?.status === "done")) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        expect(done.map((j) => j?.status)).toEqual(jobs.map(() => "done"));
        expect(done.map((j) => j?.attempts)).toEqual(jobs.map(() => 1)); // each ran once, in one process
        await store.close();
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    },
  );
});
