// kill -9 a server under concurrent submissions, restart it on the same database: every acknowledged annotation is
// there, item counters match the stored judgments, and retrying an unacknowledged submission is safe (idempotent).
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { VoxClient } from "@vox/server";
import { openStore, type Store } from "@vox/storage";
import { describe, expect, it } from "vitest";
import { tempDir } from "../test-support/index.js";
import { freshSchema, PG_URL, postgresUnavailable } from "../test-support/postgres.js";
import { adminClient, jsonlItems, makeRaters, startServerProcess } from "./_server.js";

const skipPg = await postgresUnavailable();
const dir = tempDir();

async function crashAndRecover(db: string, extra: string[], open: () => Promise<Store>) {
  let server = await startServerProcess(db, extra);
  const admin = await adminClient(server.url);
  const project = await admin.createProject({
    name: "crash",
    schema: { type: "single", classes: ["a", "b", "c"] },
    settings: { overlap: 2 },
  });
  await admin.importItems(project.id, jsonlItems(2000));
  const store = await open();
  const raters = await makeRaters(store, { prefix: "r", count: 8, projectId: project.id });
  await store.close();

  const acked = new Set<string>();
  const inFlight = new Map<string, { token: string; itemId: number; value: unknown }>();
  let killed = false;
  const worker = async (token: string, k: number) => {
    const c = new VoxClient({ baseUrl: server.url, token });
    while (!killed) {
      try {
        const t = await c.next(project.id);
        if ("done" in t) return;
        const id = randomUUID();
        const value = { label: ["a", "b", "c"][(t.item.id + k) % 3] };
        inFlight.set(id, { token, itemId: t.item.id, value });
        await c.submit(project.id, { id, itemId: t.item.id, value });
        acked.add(id);
        inFlight.delete(id);
      } catch {
        return; // the server is gone
      }
    }
  };
  const running = raters.map((r, k) => worker(r.token, k));
  // Let the load build up, then pull the plug in the middle of it.
  const t0 = Date.now();
  while (acked.size < 150 && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
  killed = true;
  await server.kill9();
  await Promise.all(running);
  expect(acked.size).toBeGreaterThanOrEqual(150);

  server = await startServerProcess(db, extra);
  try {
    const admin2 = await adminClient(server.url);
    const stored = new Set<string>();
    for (let after = 0; ; ) {
      const page = await admin2.annotations(project.id, { after, limit: 5000 });
      if (page.length === 0) break;
      for (const a of page) stored.add(a.id);
      after = page[page.length - 1]!.seq;
    }
    const lost = [...acked].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    // Counters agree with the stored judgments.
    const perItem = new Map<number, number>();
    const s = await open();
    for (const a of await s.listAnnotations(project.id, { limit: 100_000 }))
      perItem.set(a.itemId, (perItem.get(a.itemId) ?? 0) + 1);
    for (const it of await s.listItems(project.id, { limit: 10_000 }))
      expect(it.done).toBe(perItem.get(it.id) ?? 0);
    await s.close();
    // Retrying what was in flight when the server died is safe: stored → 200, not stored → 201, never a conflict.
    for (const [id, f] of inFlight) {
      const c = new VoxClient({ baseUrl: server.url, token: f.token });
      const r = await c.submit(project.id, { id, itemId: f.itemId, value: f.value });
      expect(r.created).toBe(!stored.has(id));
    }
  } finally {
    await server.stop();
  }
}

describe("a server killed with -9 under load loses no acknowledged annotation", () => {
  it("on SQLite", async () => {
    const path = join(dir, "crash.db");
    await crashAndRecover(`sqlite:${path}`, [], () => openStore(`sqlite:${path}`));
  });

  it.skipIf(skipPg !== undefined)("on PostgreSQL", async () => {
    const schema = freshSchema("vox_e2e");
    await crashAndRecover(PG_URL, ["--schema", schema], () => openStore(PG_URL, { schema }));
  });
});
