// createApp({ store, ... }): the vox HTTP API as a Hono app. Tests call app.request(...) in-process; `serve` puts it
// on a socket.
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, resolve, sep } from "node:path";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { z } from "zod";
import { hashToken } from "./auth.js";
import type { AppOptions, Deps } from "./context.js";
import { toServerError, VoxServerError } from "./errors.js";
import { BUILTIN_PAGE } from "./page.js";
import { type Env, openApiDocument, route } from "./route.js";
import { authRoutes } from "./routes/auth.js";
import { exportRoutes } from "./routes/exports.js";
import { labellingRoutes } from "./routes/labelling.js";
import { projectRoutes } from "./routes/projects.js";
import { qualityRoutes } from "./routes/quality.js";

/** The server's version (from its package.json). */
export const SERVER_VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** A file under `root` named by a URL path, or undefined (never escapes `root`). */
function fileUnder(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const base = resolve(root);
  const full = resolve(base, `.${sep}${decoded}`);
  if (full !== base && !full.startsWith(base + sep)) return undefined;
  return existsSync(full) && statSync(full).isFile() ? full : undefined;
}

function sendFile(path: string): Response {
  return new Response(readFileSync(path), {
    headers: {
      "content-type": MIME[extname(path).toLowerCase()] ?? "application/octet-stream",
      "x-content-type-options": "nosniff",
    },
  });
}

/** Builds the vox API (under /api) plus static files (the web UI) at /. */
export function createApp(options: AppOptions): Hono<Env> {
  const deps: Deps = { store: options.store, now: options.now ?? Date.now, options };
  const app = new Hono<Env>();
  const api = new Hono<Env>();
  const version = options.version ?? SERVER_VERSION;

  app.onError((e, c) => {
    const err = toServerError(e);
    if (err.code === "INTERNAL" && process.env.VOX_QUIET !== "1") console.error(e);
    const body: { error: { code: string; message: string; details?: unknown } } = {
      error: { code: err.code, message: err.message },
    };
    if (err.details !== undefined) body.error.details = err.details;
    return c.json(body, err.status as 400);
  });
  app.notFound((c) =>
    c.json({ error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );

  // Who is calling: a bearer token, or the session cookie (which, for writes, must come with X-Vox-Client so a
  // cross-site form cannot use it: custom headers need a CORS preflight, which this server never grants).
  api.use("*", async (c, next) => {
    c.set("user", undefined);
    c.set("tokenId", undefined);
    c.set("authError", undefined);
    const header = c.req.header("authorization");
    let token: string | undefined;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (m) token = m[1];
      else c.set("authError", "use Authorization: Bearer <token>");
    } else {
      const cookie = getCookie(c, "vox_session");
      const safe = c.req.method === "GET" || c.req.method === "HEAD";
      if (cookie && (safe || c.req.header("x-vox-client"))) token = cookie;
    }
    if (token) {
      const found = await deps.store.findToken(hashToken(token), deps.now());
      // A stale credential does not block public routes (health, login); the others answer 401 with this reason.
      if (!found) c.set("authError", "unknown or expired token");
      else {
        c.set("user", found.user);
        c.set("tokenId", found.token.id);
      }
    }
    await next();
  });

  // JSON bodies are small; imports (POST …/items) stream under their own limit.
  const jsonLimit = bodyLimit({
    maxSize: options.maxBodyBytes ?? 2 ** 20,
    onError: () => {
      throw new VoxServerError(
        "TOO_LARGE",
        `the body is larger than ${options.maxBodyBytes ?? 2 ** 20} bytes`,
      );
    },
  });
  api.use("*", async (c, next) => {
    if (c.req.method === "POST" && /^\/api\/projects\/\d+\/items$/.test(c.req.path)) return next();
    return jsonLimit(c, next);
  });

  route(
    api,
    {
      method: "get",
      path: "/health",
      summary: "liveness and database check",
      tag: "meta",
      access: "public",
      response: z.object({ ok: z.boolean(), version: z.string(), database: z.string() }),
    },
    async () => {
      await deps.store.countUsers();
      return { ok: true, version, database: deps.store.dialect };
    },
  );

  authRoutes(api, deps);
  projectRoutes(api, deps);
  labellingRoutes(api, deps);
  qualityRoutes(api, deps);
  exportRoutes(api, deps);

  if (options.mediaDir) {
    const media = options.mediaDir;
    api.get("/media/*", (c) => {
      if (!c.get("user")) throw new VoxServerError("UNAUTHENTICATED", c.get("authError") ?? "sign in first");
      const file = fileUnder(media, c.req.path.slice("/api/media/".length));
      if (!file) throw new VoxServerError("NOT_FOUND", "no such file");
      return sendFile(file);
    });
  }
  api.get("/openapi.json", (c) => c.json(openApiDocument({ title: "vox annotation server", version })));

  app.route("/api", api);
  app.get("*", (c) => {
    if (options.staticDir) {
      const file = fileUnder(options.staticDir, c.req.path === "/" ? "index.html" : c.req.path);
      if (file) return sendFile(file);
      // Client-side routes of a single-page app fall back to its index.html.
      const index = fileUnder(options.staticDir, "index.html");
      if (index && !extname(c.req.path)) return sendFile(index);
      return c.json({ error: { code: "NOT_FOUND", message: "no such file" } }, 404);
    }
    if (c.req.path === "/" || c.req.path === "/index.html") return c.html(BUILTIN_PAGE);
    return c.json({ error: { code: "NOT_FOUND", message: "no such file" } }, 404);
  });
  return app;
}
