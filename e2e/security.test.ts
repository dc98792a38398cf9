// Security: a role × endpoint matrix (who may call what; raters never read others' labels, gold answers, other
// projects or admin routes), body size limits over a real socket, and SQL-injection strings stored verbatim on
// both databases.
import { createApp, hashToken, startServer } from "@vox/server";
import { openPostgresStore, openSqliteStore, type Store } from "@vox/storage";
import { describe, expect, it } from "vitest";
import { freshSchema, PG_URL, postgresUnavailable } from "../test-support/postgres.js";

const skipPg = await postgresUnavailable();
type Who = "anon" | "outsider" | "annotator" | "reviewer" | "admin";
const WHO: Who[] = ["anon", "outsider", "annotator", "reviewer", "admin"];

/** A world with one project, items (one gold), a judgment by another annotator, a job; tokens per role. */
async function world(store: Store) {
  const now = Date.now();
  const tokens: Record<string, string> = {};
  const ids: Record<string, number> = {};
  for (const [name, role] of [
    ["admin", "admin"],
    ["reviewer", "reviewer"],
    ["annotator", "annotator"],
    ["other", "annotator"],
    ["outsider", "annotator"],
  ] as const) {
    const u = await store.createUser({ name, role, now });
    await store.createToken({
      userId: u.id,
      hash: hashToken(`t-${name}`),
      kind: "api",
      name: "t",
      expiresAt: null,
      now,
    });
    tokens[name] = `t-${name}`;
    ids[name] = u.id;
  }
  const p = await store.createProject({
    name: "secret-project",
    schema: { type: "single", classes: ["a", "b"] },
    settings: { overlap: 3, goldRate: 1 },
    now,
  });
  for (const n of ["reviewer", "annotator", "other"]) await store.addMember(p.id, ids[n]!);
  await store.insertItems(
    p.id,
    [
      { externalId: "g", data: { text: "gold item" }, gold: { label: "b" } },
      { externalId: "x", data: { text: "plain" } },
    ],
    { target: 3, now },
  );
  const x = (await store.getItemByExternalId(p.id, "x"))!;
  const g = (await store.getItemByExternalId(p.id, "g"))!;
  const lease = await store.leaseNext({
    projectId: p.id,
    userId: ids.other!,
    gold: false,
    leaseMs: 60_000,
    now,
  });
  await store.submitAnnotation({
    id: "others-label",
    projectId: p.id,
    itemId: lease!.item.id,
    userId: ids.other!,
    value: { label: "a" },
    correct: null,
    durationMs: 1,
    now,
  });
  const job = await store.enqueueJob({ projectId: p.id, kind: "aggregate", now });
  const other = await store.createProject({
    name: "other-project",
    schema: { type: "text" },
    settings: {},
    now,
  });
  return { tokens, ids, pid: p.id, itemId: x.id, goldId: g.id, jobId: job.id, otherPid: other.id };
}

describe("role × endpoint matrix", () => {
  it("allows each route only to its roles, and every documented route is in the matrix", async () => {
    const store = await openSqliteStore(":memory:");
    const w = await world(store);
    const app = createApp({ store });
    let n = 0;
    const P = `/api/projects/${w.pid}`;
    // [method, path, body, lowest role allowed]; raw bodies are strings.
    const matrix: [string, string, unknown, Who | "member"][] = [
      ["GET", "/api/health", undefined, "anon"],
      ["GET", "/api/openapi.json", undefined, "anon"],
      ["POST", "/api/auth/login", { name: "nobody", password: "x" }, "anon"],
      ["GET", "/api/auth/me", undefined, "outsider"],
      ["POST", "/api/auth/tokens", { name: "t" }, "outsider"],
      ["GET", "/api/auth/tokens", undefined, "outsider"],
      ["GET", "/api/users", undefined, "admin"],
      ["POST", "/api/users", () => ({ name: `u${n++}`, role: "annotator" }), "admin"],
      ["PATCH", `/api/users/${w.ids.other}`, { role: "annotator" }, "admin"],
      ["GET", "/api/audit", undefined, "admin"],
      ["GET", "/api/projects", undefined, "outsider"],
      ["POST", "/api/projects", () => ({ name: `p${n++}`, schema: { type: "text" } }), "admin"],
      ["GET", P, undefined, "member"],
      ["PATCH", P, { guidelines: "g" }, "admin"],
      ["GET", `${P}/members`, undefined, "reviewer"],
      ["POST", `${P}/members`, { userId: w.ids.other }, "admin"],
      ["POST", `${P}/items`, '{"id":"new"}', "admin"],
      ["GET", `${P}/items`, undefined, "reviewer"],
      ["GET", `${P}/items/${w.goldId}`, undefined, "reviewer"],
      ["PUT", `${P}/items/${w.itemId}/gold`, { answer: null }, "admin"],
      ["POST", `${P}/predictions`, { model: "m", predictions: [] }, "admin"],
      ["POST", `${P}/next`, undefined, "member"],
      ["GET", `${P}/annotations`, undefined, "member"],
      // Allowed callers get 409 NOT_ASSIGNED here (the item was never leased to them), never 401/403/404.
      [
        "POST",
        `${P}/annotations`,
        () => ({ id: `a${n++}`, itemId: w.itemId, value: { label: "a" } }),
        "member",
      ],
      ["GET", `${P}/annotations?user=${w.ids.other}`, undefined, "reviewer"],
      ["GET", `${P}/review`, undefined, "reviewer"],
      ["POST", `${P}/reviews`, { itemId: w.itemId, value: { label: "a" } }, "reviewer"],
      ["GET", `${P}/metrics`, undefined, "reviewer"],
      ["GET", `${P}/metrics/me`, undefined, "member"],
      ["GET", `${P}/export?format=jsonl`, undefined, "reviewer"],
      ["POST", `${P}/jobs`, { kind: "aggregate" }, "admin"],
      ["GET", `${P}/jobs`, undefined, "admin"],
      ["GET", `/api/jobs/${w.jobId}`, undefined, "admin"],
    ];
    const rank: Record<Who | "member", number> = {
      anon: 0,
      outsider: 1,
      member: 2,
      annotator: 2,
      reviewer: 3,
      admin: 4,
    };
    const failures: string[] = [];
    for (const [method, path, body, lowest] of matrix) {
      for (const who of WHO) {
        const headers: Record<string, string> = {};
        if (who !== "anon") headers.authorization = `Bearer ${w.tokens[who]}`;
        const b = typeof body === "function" ? body() : body;
        if (typeof b === "string") headers["content-type"] = "application/x-ndjson";
        else if (b !== undefined) headers["content-type"] = "application/json";
        const res = await app.request(path, {
          method,
          headers,
          body: b === undefined ? undefined : typeof b === "string" ? b : JSON.stringify(b),
        });
        const allowed = rank[who] >= rank[lowest] && !(lowest === "member" && who === "outsider");
        const denied = [401, 403, 404].includes(res.status) && !(path === "/api/auth/login");
        if (allowed === denied) failures.push(`${method} ${path} as ${who}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    // Every route the API documents is covered.
    const doc = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const covered = new Set(matrix.map(([m, p]) => `${m} ${p.split("?")[0]!.replace(/\/\d+/g, "/{n}")}`));
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{[A-Za-z]+\}/g, "{n}")}`),
    );
    const untested = documented.filter(
      (d) =>
        !covered.has(d) &&
        !/auth\/(logout|tokens\/\{n\})|members\/\{n\}|assignments|annotations\/\{n\}/.test(d),
    );
    expect(untested).toEqual([]);
    await store.close();
  });

  it("never shows a rater others' labels, gold answers, or other projects", async () => {
    const store = await openSqliteStore(":memory:");
    const w = await world(store);
    const app = createApp({ store });
    const as = (who: string, path: string, method = "GET") =>
      app.request(path, { method, headers: { authorization: `Bearer ${w.tokens[who]}` } });
    const seen: string[] = [];
    for (let k = 0; k < 3; k++) {
      const r = await as("annotator", `/api/projects/${w.pid}/next`, "POST");
      const text = await r.text();
      seen.push(text);
      const t = JSON.parse(text);
      if (t.done) break;
      await app.request(`/api/projects/${w.pid}/annotations`, {
        method: "POST",
        headers: { authorization: `Bearer ${w.tokens.annotator}`, "content-type": "application/json" },
        body: JSON.stringify({ id: `mine-${k}`, itemId: t.item.id, value: { label: "a" } }),
      });
    }
    // Both items were handed out, the gold one included, without its answer or anyone else's label.
    expect(seen.join("")).toContain("gold item");
    for (const s of seen) {
      expect(s).not.toMatch(/"gold"|isGold|others-label|"label"/);
    }
    const mine = await (await as("annotator", `/api/projects/${w.pid}/annotations`)).text();
    expect(mine).not.toContain("others-label");
    expect(mine).not.toContain("correct");
    expect((await as("annotator", `/api/projects/${w.otherPid}`)).status).toBe(404);
    expect((await as("annotator", `/api/projects/${w.otherPid}/next`, "POST")).status).toBe(404);
    expect(await (await as("annotator", "/api/projects")).text()).not.toContain("other-project");
    expect((await as("annotator", `/api/projects/${w.pid}/items/${w.goldId}`)).status).toBe(403);
    await store.close();
  });
});

describe("body size limits over a real socket", () => {
  it("refuses oversized JSON bodies (declared or streamed) with 413", async () => {
    const server = await startServer({
      db: "sqlite::memory:",
      port: 0,
      jobs: false,
      adminPassword: "pw-123456",
      log: () => undefined,
    });
    try {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "admin", password: "pw-123456" }),
      });
      const { token } = (await login.json()) as { token: string };
      const big = JSON.stringify({ name: "x", schema: { type: "text" }, guidelines: "g".repeat(1_200_000) });
      const declared = await fetch(`${server.url}/api/projects`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: big,
      });
      expect(declared.status).toBe(413);
      const enc = new TextEncoder().encode(big);
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < enc.length; i += 65_536) c.enqueue(enc.subarray(i, i + 65_536));
          c.close();
        },
      });
      const chunked = await fetch(`${server.url}/api/projects`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(((await chunked.json()) as { error: { code: string } }).error.code).toBe("TOO_LARGE");
      // The server is still fine (a new connection: the client's kept-alive one was closed after the 413).
      let status = 0;
      for (let k = 0; k < 3 && status === 0; k++)
        status = await fetch(`${server.url}/api/health`).then(
          (r) => r.status,
          () => 0,
        );
      expect(status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

const INJECTION = [
  `'; DROP TABLE items; --`,
  `" OR 1=1 --`,
  `Robert'); DELETE FROM annotations WHERE ('1'='1`,
  "$1 ? \\x00 ` \u202e 😀",
];

// biome-ignore lint/suspicious/noExplicitAny: the test reads response fields directly
type Json = any;

async function injectionRoundTrip(store: Store) {
  const w = await world(store);
  const app = createApp({ store });
  const call = async (
    who: string,
    req: { method: string; path: string; body?: unknown },
  ): Promise<{ status: number; body: Json }> => {
    const { method, path, body } = req;
    const type = typeof body === "string" ? "application/x-ndjson" : "application/json";
    const res = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${w.tokens[who]}`,
        ...(body === undefined ? {} : { "content-type": type }),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  for (const [k, s] of INJECTION.entries()) {
    const project = {
      name: s,
      guidelines: s,
      schema: { type: "single", classes: [s, "b"] },
      settings: { overlap: 1 },
    };
    const p = await call("admin", { method: "POST", path: "/api/projects", body: project });
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ name: s, guidelines: s, schema: { classes: [s, "b"] } });
    const P = `/api/projects/${p.body.id}`;
    const u = await call("admin", {
      method: "POST",
      path: "/api/users",
      body: { name: `${s}${k}`, role: "annotator" },
    });
    expect(u.body.name).toBe(`${s}${k}`);
    await call("admin", { method: "POST", path: `${P}/members`, body: { userId: w.ids.annotator } });
    const imp = await call("admin", {
      method: "POST",
      path: `${P}/items`,
      body: JSON.stringify({ id: s, text: s }),
    });
    expect(imp.body.inserted).toBe(1);
    const t = await call("annotator", { method: "POST", path: `${P}/next` });
    expect(t.body.item.data).toEqual({ text: s });
    const judgment = { id: `${s}-${k}`, itemId: t.body.item.id, value: { label: s } };
    expect(
      (await call("annotator", { method: "POST", path: `${P}/annotations`, body: judgment })).status,
    ).toBe(201);
    const items = await call("admin", { method: "GET", path: `${P}/items` });
    expect(items.body[0].externalId).toBe(s);
    const anns = await call("admin", { method: "GET", path: `${P}/annotations` });
    expect(anns.body[0]).toMatchObject({ id: `${s}-${k}`, value: { label: s } });
  }
  // Nothing was dropped or deleted along the way.
  expect((await store.countItems(w.pid)).total).toBe(2);
  expect(await store.getAnnotation("others-label")).toBeDefined();
  expect((await store.listProjects()).length).toBe(2 + INJECTION.length);
}

describe("SQL-injection strings are stored verbatim", () => {
  it("on SQLite", async () => {
    const store = await openSqliteStore(":memory:");
    await injectionRoundTrip(store);
    await store.close();
  });
  it.skipIf(skipPg !== undefined)("on PostgreSQL", async () => {
    const store = await openPostgresStore(PG_URL, { schema: freshSchema("vox_e2e") });
    await injectionRoundTrip(store);
    await store.close();
  });
});
