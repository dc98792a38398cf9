// A small route table over Hono: each route declares its method, path, who may call it and zod schemas for its
// body, query and answer. The same declarations validate requests and produce the OpenAPI document.
import type { Role, User } from "@vox/storage";
import type { Context, Hono } from "hono";
import { z } from "zod";
import { VoxServerError } from "./errors.js";

/** Who may call a route: anyone, any signed-in user, or the listed roles. */
export type Access = "public" | "user" | readonly Role[];

/** Hono's variables for vox: the signed-in user, when there is one. */
export interface Env {
  Variables: { user: User | undefined; tokenId: number | undefined; authError: string | undefined };
}

/** A route's declaration. */
export interface RouteDef<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Hono path below /api, e.g. "/projects/:id". */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  query?: Q;
  /** The JSON answer's schema (for the document; answers are not re-validated). */
  response?: z.ZodType;
  /** A non-JSON answer, e.g. { "text/csv": "…" }. */
  produces?: Record<string, string>;
  /** A raw request body (imports) instead of JSON. */
  consumes?: Record<string, string>;
  /** Success status. Default 200. */
  status?: number;
}

type In<S> = S extends z.ZodType ? z.infer<S> : undefined;

/** What a handler receives. */
export interface RouteInput<B, Q> {
  c: Context<Env>;
  user: User;
  body: B;
  query: Q;
  param: (name: string) => number;
}

const collected: { def: RouteDef<z.ZodType | undefined, z.ZodType | undefined> }[] = [];

/** Parses a path parameter as a positive integer id, or 404. */
function intParam(c: Context<Env>, name: string): number {
  const raw = c.req.param(name) ?? "";
  const n = Number(raw);
  if (!/^\d{1,15}$/.test(raw) || n < 1)
    throw new VoxServerError("NOT_FOUND", `no ${name} ${JSON.stringify(raw)}`);
  return n;
}

/** Checks the caller's access to a route; returns the user (a placeholder for public routes). */
export function authorize(c: Context<Env>, access: Access): User {
  const user = c.get("user");
  if (access === "public")
    return (
      user ??
      ({ id: 0, name: "", role: "annotator", passwordHash: null, disabled: false, createdAt: 0 } as User)
    );
  if (!user) {
    throw new VoxServerError(
      "UNAUTHENTICATED",
      c.get("authError") ?? "sign in first (Authorization: Bearer <token>)",
    );
  }
  if (access !== "user" && !access.includes(user.role)) {
    throw new VoxServerError("FORBIDDEN", `this needs the role ${access.join(" or ")}`);
  }
  return user;
}

/** Registers a route on `app` and records it for the OpenAPI document. */
export function route<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(app: Hono<Env>, def: RouteDef<B, Q>, handler: (input: RouteInput<In<B>, In<Q>>) => Promise<unknown>): void {
  if (!collected.some((r) => r.def.method === def.method && r.def.path === def.path)) {
    collected.push({ def: def as RouteDef<z.ZodType | undefined, z.ZodType | undefined> });
  }
  app[def.method](def.path, async (c) => {
    const user = authorize(c, def.access);
    let body: unknown;
    if (def.body) {
      let raw: unknown;
      try {
        raw = await c.req.json();
      } catch {
        throw new VoxServerError("BAD_REQUEST", "the body must be JSON (Content-Type: application/json)");
      }
      body = def.body.parse(raw);
    }
    const query = def.query ? def.query.parse(c.req.query()) : undefined;
    const out = await handler({
      c,
      user,
      body: body as In<B>,
      query: query as In<Q>,
      param: (name) => intParam(c, name),
    });
    if (out instanceof Response) return out;
    return c.json(out as object, (def.status ?? 200) as 200);
  });
}

const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z]+)/g, "{$1}");
const schemaOf = (s: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" });

/** The OpenAPI 3.1 document of every registered route. */
export function openApiDocument(info: { title: string; version: string }): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { def } of collected) {
    const path = `/api${toOpenApiPath(def.path)}`;
    const params = [...def.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "integer" },
    }));
    const query = def.query
      ? Object.entries(
          (schemaOf(def.query, "input") as { properties?: Record<string, unknown> }).properties ?? {},
        ).map(([name, schema]) => ({ name, in: "query", required: false, schema }))
      : [];
    const responses: Record<string, unknown> = {
      [String(def.status ?? 200)]: {
        description: "ok",
        content: def.produces
          ? Object.fromEntries(
              Object.entries(def.produces).map(([type, d]) => [
                type,
                { schema: { type: "string", description: d } },
              ]),
            )
          : { "application/json": { schema: def.response ? schemaOf(def.response, "output") : {} } },
      },
      default: {
        description: "an error: { error: { code, message, details? } }",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    };
    paths[path] ??= {};
    paths[path][def.method] = {
      summary: def.summary,
      tags: [def.tag],
      "x-vox-access":
        def.access === "public" ? "public" : def.access === "user" ? "any signed-in user" : def.access,
      security: def.access === "public" ? [] : [{ bearer: [] }],
      parameters: [...params, ...query],
      ...(def.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(def.body, "input") } },
            },
          }
        : def.consumes
          ? {
              requestBody: {
                required: true,
                content: Object.fromEntries(
                  Object.entries(def.consumes).map(([type, d]) => [
                    type,
                    { schema: { type: "string", description: d } },
                  ]),
                ),
              },
            }
          : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: {
          type: "object",
          properties: {
            error: {
              type: "object",
              properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
              required: ["code", "message"],
            },
          },
        },
      },
    },
  };
}
