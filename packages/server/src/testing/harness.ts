// In-process test harness: a fresh in-memory store, the app with a controllable clock, users with tokens, and a
// request helper (no port).
import { openSqliteStore, type Role, type Store } from "@vox/storage";
import { createApp } from "../app.js";
import { hashToken } from "../auth.js";
import type { AppOptions } from "../context.js";

// biome-ignore lint/suspicious/noExplicitAny: tests read response fields directly
type Json = any;

/** A test world: store, app, clock and signed-in users by name. */
export interface Harness {
  store: Store;
  app: ReturnType<typeof createApp>;
  clock: { now: number };
  tokens: Record<string, string>;
  ids: Record<string, number>;
  /** Sends a request as `as` (a user name from `users`, or none) and returns status and parsed JSON (or text). */
  req: (
    method: string,
    path: string,
    opts?: { as?: string; body?: unknown; raw?: string; type?: string },
  ) => Promise<{ status: number; body: Json; text: string; headers: Headers }>;
  /** Creates a user with a token and returns its id. */
  user: (name: string, role: Role) => Promise<number>;
}

/** Builds a harness with an admin ("admin"), reviewer ("rev") and annotators ("ann1", "ann2", "ann3"). */
export async function harness(options: Partial<AppOptions> & { store?: Store } = {}): Promise<Harness> {
  const store = options.store ?? (await openSqliteStore(":memory:"));
  const clock = { now: 1_700_000_000_000 };
  const app = createApp({ ...options, store, now: () => clock.now });
  const tokens: Record<string, string> = {};
  const ids: Record<string, number> = {};
  const user = async (name: string, role: Role) => {
    const u = await store.createUser({ name, role, now: clock.now });
    const token = `tok_${name}`;
    await store.createToken({
      userId: u.id,
      hash: hashToken(token),
      kind: "api",
      name: "test",
      expiresAt: null,
      now: clock.now,
    });
    tokens[name] = token;
    ids[name] = u.id;
    return u.id;
  };
  await user("admin", "admin");
  await user("rev", "reviewer");
  for (const n of ["ann1", "ann2", "ann3"]) await user(n, "annotator");
  const req: Harness["req"] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.as) headers.authorization = `Bearer ${tokens[opts.as] ?? opts.as}`;
    let body: string | undefined;
    if (opts.raw !== undefined) {
      body = opts.raw;
      headers["content-type"] = opts.type ?? "application/x-ndjson";
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
  return { store, app, clock, tokens, ids, req, user };
}

/** Creates a project as admin, adds the annotators and reviewer, imports `items` as JSONL; returns its id. */
export async function project(
  h: Harness,
  spec: { schema?: unknown; settings?: unknown; items?: unknown[]; name?: string } = {},
): Promise<number> {
  const r = await h.req("POST", "/api/projects", {
    as: "admin",
    body: {
      name: spec.name ?? "p",
      schema: spec.schema ?? { type: "single", classes: ["pos", "neg"] },
      settings: spec.settings ?? {},
    },
  });
  if (r.status !== 201) throw new Error(`project: ${r.status} ${r.text}`);
  const id = r.body.id as number;
  for (const n of ["rev", "ann1", "ann2", "ann3"])
    await h.req("POST", `/api/projects/${id}/members`, { as: "admin", body: { userId: h.ids[n] } });
  if (spec.items) {
    const imp = await h.req("POST", `/api/projects/${id}/items`, {
      as: "admin",
      raw: spec.items.map((i) => JSON.stringify(i)).join("\n"),
    });
    if (imp.status !== 200) throw new Error(`import: ${imp.status} ${imp.text}`);
  }
  return id;
}
