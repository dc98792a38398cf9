// In-process API tests (app.request, no port): meta, auth, users, projects, items.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test-support/index.js";
import { VoxClient } from "./client.js";
import { VoxServerError } from "./errors.js";
import { harness, project } from "./testing/harness.js";

describe("meta", () => {
  it("answers /api/health and describes every route in /api/openapi.json", async () => {
    const h = await harness();
    const health = await h.req("GET", "/api/health");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true, database: "sqlite" });
    const doc = (await h.req("GET", "/api/openapi.json")).body;
    expect(doc.openapi).toBe("3.1.0");
    for (const p of [
      "/api/projects/{id}/next",
      "/api/projects/{id}/annotations",
      "/api/auth/login",
      "/api/projects/{id}/export",
      "/api/projects/{id}/items",
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(
      doc.paths["/api/projects"].post.requestBody.content["application/json"].schema.properties.schema,
    ).toBeDefined();
    expect(doc.paths["/api/users"].get["x-vox-access"]).toEqual(["admin"]);
    expect((await h.req("GET", "/api/nope")).status).toBe(404);
    expect((await h.req("GET", "/api/nope")).body.error.code).toBe("NOT_FOUND");
  });

  it("serves the built-in page, or a configured static folder with SPA fallback, never outside it", async () => {
    const plain = await harness();
    const page = (await plain.req("GET", "/")).text;
    expect(page).toContain("<title>vox</title>");
    // The page's script at least parses (it runs in browsers; the e2e demo test loads the page too).
    const script = /<script>([\s\S]*)<\/script>/.exec(page)?.[1] ?? "";
    expect(script.length).toBeGreaterThan(1000);
    expect(() => new Function(script)).not.toThrow();
    const dir = tempDir();
    mkdirSync(join(dir, "web"));
    writeFileSync(join(dir, "web", "index.html"), "<p>web ui</p>");
    writeFileSync(join(dir, "web", "app.js"), "console.log(1)");
    writeFileSync(join(dir, "secret.txt"), "secret");
    const h = await harness({ staticDir: join(dir, "web") });
    expect((await h.req("GET", "/")).text).toBe("<p>web ui</p>");
    const js = await h.req("GET", "/app.js");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect((await h.req("GET", "/projects/3")).text).toBe("<p>web ui</p>");
    expect((await h.req("GET", "/..%2fsecret.txt")).status).toBe(404);
    expect((await h.req("GET", "/missing.js")).status).toBe(404);
  });

  it("serves media files to signed-in users only", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "cat.png"), "png");
    const h = await harness({ mediaDir: dir });
    expect((await h.req("GET", "/api/media/cat.png")).status).toBe(401);
    const r = await h.req("GET", "/api/media/cat.png", { as: "ann1" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("image/png");
    expect((await h.req("GET", "/api/media/..%2f..%2fetc%2fpasswd", { as: "ann1" })).status).toBe(404);
  });
});

describe("auth", () => {
  it("signs in with a password (scrypt) and issues hashed session and API tokens", async () => {
    const h = await harness();
    const created = await h.req("POST", "/api/users", {
      as: "admin",
      body: { name: "maria", role: "annotator", password: "correct horse" },
    });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty("passwordHash");
    const stored = await h.store.getUserByName("maria");
    expect(stored?.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(
      (await h.req("POST", "/api/auth/login", { body: { name: "maria", password: "wrong" } })).status,
    ).toBe(401);
    expect((await h.req("POST", "/api/auth/login", { body: { name: "nobody", password: "x" } })).status).toBe(
      401,
    );
    const login = await h.req("POST", "/api/auth/login", {
      body: { name: "maria", password: "correct horse" },
    });
    expect(login.status).toBe(200);
    expect(login.headers.get("set-cookie")).toContain("vox_session=");
    const session = login.body.token as string;
    const me = await h.req("GET", "/api/auth/me", { as: session });
    expect(me.body).toMatchObject({ name: "maria", role: "annotator" });
    // The token is stored only as a hash.
    const tokens = await h.store.listTokens(me.body.id);
    expect(JSON.stringify(tokens)).not.toContain(session);
    const api = await h.req("POST", "/api/auth/tokens", { as: session, body: { name: "script" } });
    expect(api.status).toBe(201);
    expect((await h.req("GET", "/api/auth/me", { as: api.body.token })).status).toBe(200);
    const list = await h.req("GET", "/api/auth/tokens", { as: session });
    expect(list.body.map((t: { name: string }) => t.name)).toEqual(["login", "script"]);
    expect(JSON.stringify(list.body)).not.toContain(api.body.token);
    expect((await h.req("DELETE", `/api/auth/tokens/${api.body.id}`, { as: session })).status).toBe(200);
    expect((await h.req("GET", "/api/auth/me", { as: api.body.token })).status).toBe(401);
    expect((await h.req("POST", "/api/auth/logout", { as: session })).status).toBe(200);
    expect((await h.req("GET", "/api/auth/me", { as: session })).status).toBe(401);
  });

  it("expires sessions, refuses disabled users and malformed headers", async () => {
    const h = await harness({ sessionDays: 1 });
    await h.req("POST", "/api/users", {
      as: "admin",
      body: { name: "tom", role: "annotator", password: "password1" },
    });
    const { token } = (
      await h.req("POST", "/api/auth/login", { body: { name: "tom", password: "password1" } })
    ).body;
    h.clock.now += 86_400_001;
    expect((await h.req("GET", "/api/auth/me", { as: token })).status).toBe(401);
    await h.req("PATCH", `/api/users/${h.ids.ann1}`, { as: "admin", body: { disabled: true } });
    expect((await h.req("GET", "/api/auth/me", { as: "ann1" })).status).toBe(401);
    const res = await h.app.request("/api/auth/me", { headers: { authorization: "Basic abc" } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      "use Authorization: Bearer <token>",
    );
    const stale = await h.req("GET", "/api/auth/me", { as: token });
    expect(stale.body.error.message).toBe("unknown or expired token");
    // A stale token does not block public routes: health, and signing in again.
    expect((await h.req("GET", "/api/health", { as: token })).status).toBe(200);
    const again = await h.app.request("/api/auth/login", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "tom", password: "password1" }),
    });
    expect(again.status).toBe(200);
    expect((await h.req("GET", "/api/auth/me")).status).toBe(401);
  });

  it("accepts the session cookie for reads, and for writes only with X-Vox-Client", async () => {
    const h = await harness();
    await h.req("POST", "/api/users", {
      as: "admin",
      body: { name: "amy", role: "admin", password: "password1" },
    });
    const { token } = (
      await h.req("POST", "/api/auth/login", { body: { name: "amy", password: "password1" } })
    ).body;
    const cookie = { cookie: `vox_session=${token}` };
    expect((await h.app.request("/api/auth/me", { headers: cookie })).status).toBe(200);
    const body = JSON.stringify({ name: "x", schema: { type: "single", classes: ["a", "b"] } });
    const json = { "content-type": "application/json" };
    expect(
      (await h.app.request("/api/projects", { method: "POST", headers: { ...cookie, ...json }, body }))
        .status,
    ).toBe(401);
    expect(
      (
        await h.app.request("/api/projects", {
          method: "POST",
          headers: { ...cookie, ...json, "x-vox-client": "1" },
          body,
        })
      ).status,
    ).toBe(201);
  });
});

describe("users", () => {
  it("lets admins list, create and change users; nobody else", async () => {
    const h = await harness();
    expect((await h.req("GET", "/api/users", { as: "admin" })).body).toHaveLength(5);
    expect((await h.req("GET", "/api/users", { as: "rev" })).status).toBe(403);
    expect(
      (await h.req("POST", "/api/users", { as: "ann1", body: { name: "x", role: "admin" } })).status,
    ).toBe(403);
    const dup = await h.req("POST", "/api/users", { as: "admin", body: { name: "ann1", role: "annotator" } });
    expect(dup.status).toBe(409);
    const bad = await h.req("POST", "/api/users", { as: "admin", body: { name: "y", role: "boss" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("INVALID");
    expect(bad.body.error.details[0].path).toBe("role");
    const up = await h.req("PATCH", `/api/users/${h.ids.ann2}`, { as: "admin", body: { role: "reviewer" } });
    expect(up.body.role).toBe("reviewer");
    expect((await h.req("PATCH", "/api/users/999", { as: "admin", body: { role: "reviewer" } })).status).toBe(
      404,
    );
    expect((await h.req("PATCH", "/api/users/abc", { as: "admin", body: { role: "reviewer" } })).status).toBe(
      404,
    );
  });
});

describe("projects", () => {
  it("creates projects with defaults, shows them to members only, and edits settings", async () => {
    const h = await harness();
    const r = await h.req("POST", "/api/projects", {
      as: "admin",
      body: { name: "sentiment", schema: { type: "single", classes: ["pos", "neg"] }, guidelines: "be kind" },
    });
    expect(r.status).toBe(201);
    expect(r.body.settings).toMatchObject({
      overlap: 3,
      leaseSeconds: 600,
      goldRate: 0,
      blind: true,
      qualification: null,
    });
    const id = r.body.id;
    expect((await h.req("GET", `/api/projects/${id}`, { as: "ann1" })).status).toBe(404);
    expect((await h.req("GET", "/api/projects", { as: "ann1" })).body).toEqual([]);
    expect(
      (await h.req("POST", `/api/projects/${id}/members`, { as: "admin", body: { userId: h.ids.ann1 } }))
        .status,
    ).toBe(201);
    expect(
      (await h.req("POST", `/api/projects/${id}/members`, { as: "admin", body: { userId: 999 } })).status,
    ).toBe(404);
    expect((await h.req("GET", `/api/projects/${id}`, { as: "ann1" })).body.guidelines).toBe("be kind");
    expect((await h.req("GET", "/api/projects", { as: "ann1" })).body).toHaveLength(1);
    expect((await h.req("GET", `/api/projects/${id}/members`, { as: "admin" })).body).toHaveLength(1);
    expect((await h.req("GET", `/api/projects/${id}/members`, { as: "ann1" })).status).toBe(403);
    const p = await h.req("PATCH", `/api/projects/${id}`, {
      as: "admin",
      body: { settings: { overlap: 5 } },
    });
    expect(p.body.settings).toMatchObject({ overlap: 5, leaseSeconds: 600 });
    expect((await h.req("PATCH", `/api/projects/${id}`, { as: "ann1", body: { name: "x" } })).status).toBe(
      403,
    );
    expect((await h.req("DELETE", `/api/projects/${id}/members/${h.ids.ann1}`, { as: "admin" })).status).toBe(
      200,
    );
    expect((await h.req("GET", `/api/projects/${id}`, { as: "ann1" })).status).toBe(404);
    expect(
      (
        await h.req("POST", "/api/projects", {
          as: "admin",
          body: { name: "sentiment", schema: { type: "text" } },
        })
      ).status,
    ).toBe(409);
  });

  it("validates label schemas of every task type", async () => {
    const h = await harness();
    const ok = [
      { type: "single", classes: ["a", "b"] },
      { type: "multi", classes: ["a", "b", "c"] },
      { type: "pairwise" },
      { type: "rating", min: 1, max: 5 },
      { type: "text" },
      { type: "spans", classes: ["PER", "LOC"] },
    ];
    for (const [i, schema] of ok.entries()) {
      expect(
        (await h.req("POST", "/api/projects", { as: "admin", body: { name: `t${i}`, schema } })).status,
      ).toBe(201);
    }
    const bad = [
      { type: "single", classes: ["a"] },
      { type: "single", classes: ["a", "a"] },
      { type: "rating", min: 5, max: 1 },
      { type: "video" },
    ];
    for (const schema of bad) {
      expect(
        (await h.req("POST", "/api/projects", { as: "admin", body: { name: "bad", schema } })).status,
      ).toBe(400);
    }
    expect(
      (await h.req("POST", "/api/projects", { as: "admin", raw: "{not json", type: "application/json" }))
        .status,
    ).toBe(400);
  });
});

describe("items", () => {
  it("imports JSONL and CSV (id, gold, priority, data), skipping known ids, and reports bad lines", async () => {
    const h = await harness();
    const id = await project(h);
    const jsonl = [
      { id: "a", text: "good" },
      { id: "b", text: "bad", gold: "neg" },
      { id: "c", data: { text: "nested" }, priority: 2 },
      { text: "no id" },
    ];
    const r = await h.req("POST", `/api/projects/${id}/items`, {
      as: "admin",
      raw: jsonl.map((j) => JSON.stringify(j)).join("\r\n"),
    });
    expect(r.body).toEqual({ inserted: 4, skipped: 0, gold: 1 });
    const again = await h.req("POST", `/api/projects/${id}/items?format=jsonl`, {
      as: "admin",
      raw: JSON.stringify(jsonl[0]),
    });
    expect(again.body).toMatchObject({ inserted: 0, skipped: 1 });
    const csv = await h.req("POST", `/api/projects/${id}/items`, {
      as: "admin",
      raw: 'id,text,gold\nd,"hello, ""world""",pos\ne,plain,\n',
      type: "text/csv",
    });
    expect(csv.body).toEqual({ inserted: 2, skipped: 0, gold: 1 });
    const items = (await h.req("GET", `/api/projects/${id}/items`, { as: "rev" })).body;
    expect(items.map((i: { externalId: string }) => i.externalId)).toEqual([
      "a",
      "b",
      "c",
      "row-4",
      "d",
      "e",
    ]);
    expect(items[1]).toMatchObject({ isGold: true, gold: { label: "neg" } });
    expect(items[2]).toMatchObject({ data: { text: "nested" }, priority: 2, target: 3 });
    expect(items[4].data).toEqual({ text: 'hello, "world"' });
    const bad = await h.req("POST", `/api/projects/${id}/items`, { as: "admin", raw: '{"id":"f"}\n{oops' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^line 2: not valid JSON/);
    const badGold = await h.req("POST", `/api/projects/${id}/items`, {
      as: "admin",
      raw: '{"id":"g","gold":"maybe"}',
    });
    expect(badGold.body.error.message).toContain("line 1: gold answer");
    expect((await h.req("POST", `/api/projects/${id}/items`, { as: "rev", raw: "{}" })).status).toBe(403);
  });

  it("shows items and their judgments to reviewers, not annotators; sets gold answers", async () => {
    const h = await harness();
    const id = await project(h, { items: [{ id: "a", text: "x" }] });
    const [item] = (await h.req("GET", `/api/projects/${id}/items`, { as: "admin" })).body;
    expect((await h.req("GET", `/api/projects/${id}/items`, { as: "ann1" })).status).toBe(403);
    expect((await h.req("GET", `/api/projects/${id}/items/${item.id}`, { as: "ann1" })).status).toBe(403);
    const one = await h.req("GET", `/api/projects/${id}/items/${item.id}`, { as: "rev" });
    expect(one.body).toMatchObject({ externalId: "a", annotations: [], reviews: [] });
    const g = await h.req("PUT", `/api/projects/${id}/items/${item.id}/gold`, {
      as: "admin",
      body: { answer: "pos" },
    });
    expect(g.body).toMatchObject({ isGold: true, gold: { label: "pos" } });
    expect(
      (
        await h.req("PUT", `/api/projects/${id}/items/${item.id}/gold`, {
          as: "admin",
          body: { answer: { label: "meh" } },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await h.req("PUT", `/api/projects/${id}/items/${item.id}/gold`, {
          as: "rev",
          body: { answer: "pos" },
        })
      ).status,
    ).toBe(403);
    const cleared = await h.req("PUT", `/api/projects/${id}/items/${item.id}/gold`, {
      as: "admin",
      body: { answer: null },
    });
    expect(cleared.body.isGold).toBe(false);
    expect((await h.req("GET", `/api/projects/${id}/items/99999`, { as: "rev" })).status).toBe(404);
  });

  it("limits JSON bodies but streams large imports", async () => {
    const h = await harness({ maxBodyBytes: 1000, maxImportBytes: 50_000 });
    const id = await project(h);
    const big = await h.req("POST", "/api/projects", {
      as: "admin",
      body: { name: "x", schema: { type: "text" }, guidelines: "g".repeat(2000) },
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("TOO_LARGE");
    const rows = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ id: `i${i}`, text: "t".repeat(50) }),
    ).join("\n");
    expect(rows.length).toBeGreaterThan(1000);
    expect((await h.req("POST", `/api/projects/${id}/items`, { as: "admin", raw: rows })).body.inserted).toBe(
      300,
    );
    const tooBig = await h.req("POST", `/api/projects/${id}/items`, {
      as: "admin",
      raw: [rows, rows, rows].join("\n"),
    });
    expect(tooBig.status).toBe(413);
  });
});

describe("VoxClient", () => {
  it("speaks the API and raises VoxServerError with the server's code", async () => {
    const h = await harness();
    const id = await project(h, { items: [{ id: "a", text: "x" }] });
    const app = h.app;
    const client = new VoxClient({
      baseUrl: "http://vox.test",
      token: h.tokens.ann1,
      fetch: (url, init) => Promise.resolve(app.request(url, init)),
    });
    expect((await client.health()).ok).toBe(true);
    expect((await client.me()).name).toBe("ann1");
    const t = await client.next(id);
    if ("done" in t) throw new Error("expected a task");
    const err = await client
      .submit(id, { id: "x", itemId: t.item.id, value: { label: "nope" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VoxServerError);
    expect(err).toMatchObject({ code: "INVALID", status: 400, details: [{ path: "value.label" }] });
    expect((await client.submit(id, { id: "x", itemId: t.item.id, value: { label: "pos" } })).created).toBe(
      true,
    );
    expect((await client.annotations(id)).map((a) => a.id)).toEqual(["x"]);
    const forbidden = await client.metrics(id).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ code: "FORBIDDEN", status: 403 });
    const admin = new VoxClient({
      baseUrl: "http://vox.test",
      token: h.tokens.admin,
      fetch: (url, init) => Promise.resolve(app.request(url, init)),
    });
    expect((await admin.exportText(id, "jsonl")).trim().split("\n")).toHaveLength(1);
    expect((await admin.items(id, { limit: 10 }))[0]?.externalId).toBe("a");
  });
});
