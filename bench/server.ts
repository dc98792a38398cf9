// `npm run bench -- server [--items N] [--skip-postgres]`: the annotation server under load (autocannon), on SQLite
// and PostgreSQL, each server in its own `vox serve` process:
//  - streaming import of N items (default 1M) through POST /items;
//  - next-item latency on that N-item project (each request from a different rater, so each one leases);
//  - submissions/s and latency (each request submits a different leased item, 16 connections);
//  - anchor: GET /api/health on the same server (the HTTP stack plus one trivial query).
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashToken, VoxClient } from "@vox/server";
import { openStore, type Store } from "@vox/storage";
import autocannon from "autocannon";
import pg from "pg";
import { markdownTable, report } from "./_util.js";

const args = process.argv.slice(2);
const ITEMS = Number(args[args.indexOf("--items") + 1] ?? NaN) || 1_000_000;
const SKIP_PG = args.includes("--skip-postgres");
const PG_URL = process.env.VOX_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const RATERS = 5000;
const SUBMISSIONS = 20_000;
const CONNECTIONS = 16;

interface Row {
  db: string;
  test: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function startServer(db: string, extra: string[]): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    [
      "--conditions=vox-source",
      "--import",
      "tsx",
      "packages/cli/src/bin.ts",
      "serve",
      "--db",
      db,
      "--port",
      "0",
      "--json",
      "--no-jobs",
      ...extra,
    ],
    { env: { ...process.env, VOX_ADMIN_PASSWORD: "bench-admin-pw" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on("data", (d) => {
      out += d;
      try {
        resolve((JSON.parse(out) as { url: string }).url);
      } catch {
        // wait for the whole JSON
      }
    });
    proc.once("exit", (c) => reject(new Error(`vox serve exited with ${c}`)));
  });
  return { url, proc };
}

function itemStream(n: number): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i >= n) return c.close();
      let s = "";
      for (let k = 0; k < 5000 && i < n; k++, i++) s += `{"id":"i${i}","text":"item number ${i} to label"}\n`;
      c.enqueue(enc.encode(s));
    },
  });
}

async function cannon(
  url: string,
  opts: { title: string; amount?: number; duration?: number; request: autocannon.Request },
) {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? 5 }),
    requests: [opts.request],
  });
  return { r, errors: r.errors + r.non2xx + r.timeouts };
}

async function makeRaters(store: Store, projectId: number): Promise<{ id: number; token: string }[]> {
  const out: { id: number; token: string }[] = [];
  await store.transaction(async (tx) => {
    for (let i = 0; i < RATERS; i++) {
      const u = await tx.createUser({ name: `bench${i}`, role: "annotator", now: Date.now() });
      const token = `bench_${i}_${randomUUID()}`;
      await tx.createToken({
        userId: u.id,
        hash: hashToken(token),
        kind: "api",
        name: "bench",
        expiresAt: null,
        now: Date.now(),
      });
      await tx.addMember(projectId, u.id);
      out.push({ id: u.id, token });
    }
  });
  return out;
}

async function benchOne(
  label: string,
  target: { db: string; extra: string[]; open: () => Promise<Store> },
): Promise<{ rows: Row[]; importSeconds: number }> {
  const { db, extra, open } = target;
  const { url, proc } = await startServer(db, extra);
  const rows: Row[] = [];
  const row = (test: string, x: Awaited<ReturnType<typeof cannon>>) =>
    rows.push({
      db: label,
      test,
      requests: x.r.requests.total,
      perSecond: x.r.requests.total / x.r.duration,
      p50: x.r.latency.p50,
      p99: x.r.latency.p99,
      errors: x.errors,
    });
  try {
    const admin = new VoxClient({ baseUrl: url });
    await admin.login("admin", "bench-admin-pw");
    const project = await admin.createProject({
      name: "bench",
      schema: { type: "single", classes: ["a", "b", "c"] },
      settings: { overlap: 3, leaseSeconds: 3600 },
    });
    const t0 = performance.now();
    const imp = await admin.importItems(project.id, itemStream(ITEMS));
    const importSeconds = (performance.now() - t0) / 1000;
    if (imp.inserted !== ITEMS) throw new Error(`imported ${imp.inserted} of ${ITEMS}`);
    process.stderr.write(`${label}: imported ${ITEMS} items in ${importSeconds.toFixed(1)} s\n`);

    const store = await open();
    const raters = await makeRaters(store, project.id);
    // next: every request comes from a rater who holds no lease yet, so each one leases an item.
    let k = 0;
    const nextPath = `/api/projects/${project.id}/next`;
    row(
      `next item (${ITEMS.toLocaleString("en")} items)`,
      await cannon(url, {
        title: "next",
        amount: RATERS,
        request: {
          method: "POST",
          path: nextPath,
          setupRequest: (req) => ({
            ...req,
            headers: { authorization: `Bearer ${raters[k++ % RATERS]!.token}` },
          }),
        },
      }),
    );
    // submissions: lease SUBMISSIONS items up front (through the store), then submit them all under load.
    const leases: { token: string; itemId: number }[] = [];
    const now = Date.now();
    for (let i = 0; leases.length < SUBMISSIONS; i += 8) {
      const batch = await Promise.all(
        raters.slice(i % RATERS, (i % RATERS) + 8).map(async (r) => {
          const got = await store.leaseNext({
            projectId: project.id,
            userId: r.id,
            gold: false,
            leaseMs: 3_600_000,
            now,
          });
          return got ? { token: r.token, itemId: got.item.id } : undefined;
        }),
      );
      for (const b of batch) if (b) leases.push(b);
    }
    await store.close();
    let s = 0;
    const subPath = `/api/projects/${project.id}/annotations`;
    row(
      "submit a judgment",
      await cannon(url, {
        title: "submit",
        amount: SUBMISSIONS,
        request: {
          method: "POST",
          path: subPath,
          setupRequest: (req) => {
            const l = leases[s++ % leases.length]!;
            return {
              ...req,
              headers: { authorization: `Bearer ${l.token}`, "content-type": "application/json" },
              body: JSON.stringify({
                id: randomUUID(),
                itemId: l.itemId,
                value: { label: "a" },
                durationMs: 1000,
              }),
            };
          },
        },
      }),
    );
    row(
      "anchor: GET /api/health",
      await cannon(url, { title: "health", duration: 5, request: { method: "GET", path: "/api/health" } }),
    );
    return { rows, importSeconds };
  } finally {
    proc.kill("SIGTERM");
    await new Promise((r) => proc.once("exit", r));
  }
}

const dir = mkdtempSync(join(tmpdir(), "vox-bench-"));
const results: Row[] = [];
const imports: { db: string; seconds: number }[] = [];
try {
  const sqlitePath = join(dir, "bench.db");
  const s = await benchOne("SQLite", {
    db: `sqlite:${sqlitePath}`,
    extra: [],
    open: () => openStore(`sqlite:${sqlitePath}`),
  });
  results.push(...s.rows);
  imports.push({ db: "SQLite", seconds: s.importSeconds });
  if (!SKIP_PG) {
    const schema = `vox_bench_${process.pid}`;
    try {
      const p = await benchOne("PostgreSQL", {
        db: PG_URL,
        extra: ["--schema", schema],
        open: () => openStore(PG_URL, { schema }),
      });
      results.push(...p.rows);
      imports.push({ db: "PostgreSQL", seconds: p.importSeconds });
    } finally {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const anchor = new Map(results.filter((r) => r.test.startsWith("anchor")).map((r) => [r.db, r.perSecond]));
const markdown = [
  markdownTable(
    ["database", "test", "requests", "req/s", "p50 ms", "p99 ms", "errors", "req/s vs anchor"],
    results.map((r) => [
      r.db,
      r.test,
      r.requests,
      r.perSecond,
      r.p50,
      r.p99,
      r.errors,
      r.perSecond / (anchor.get(r.db) ?? Number.NaN),
    ]),
  ),
  "",
  markdownTable(
    ["database", `import ${ITEMS.toLocaleString("en")} items (s)`, "items/s"],
    imports.map((i) => [i.db, i.seconds, Math.round(ITEMS / i.seconds)]),
  ),
].join("\n");
report("server", {
  items: ITEMS,
  raters: RATERS,
  submissions: SUBMISSIONS,
  connections: CONNECTIONS,
  results,
  imports,
  markdown,
});
