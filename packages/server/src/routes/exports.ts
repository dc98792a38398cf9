// GET /projects/:id/export?format=…: streamed exports.
import type { Hono } from "hono";
import { z } from "zod";
import { type Deps, projectFor } from "../context.js";
import { EXPORT_FORMATS, writeExport } from "../exports.js";
import { type Env, route } from "../route.js";

const TYPES: Record<(typeof EXPORT_FORMATS)[number], [string, string]> = {
  jsonl: ["application/x-ndjson", "jsonl"],
  csv: ["text/csv; charset=utf-8", "csv"],
  parquet: ["application/vnd.apache.parquet", "parquet"],
  labelstudio: ["application/json", "json"],
  hf: ["application/x-ndjson", "jsonl"],
  "hf-card": ["text/markdown; charset=utf-8", "md"],
};

/** Registers the export route. */
export function exportRoutes(app: Hono<Env>, deps: Deps): void {
  route(
    app,
    {
      method: "get",
      path: "/projects/:id/export",
      summary:
        "export hard, soft and per-rater labels: jsonl, csv, parquet, labelstudio, hf (datasets JSONL), hf-card (its README.md)",
      tag: "export",
      access: ["admin", "reviewer"],
      query: z.object({ format: z.enum(EXPORT_FORMATS).default("jsonl") }),
      produces: {
        "application/x-ndjson": "JSON Lines",
        "text/csv": "CSV",
        "application/vnd.apache.parquet": "Parquet",
        "application/json": "Label Studio tasks",
      },
    },
    async ({ user, query, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "reviewer" });
      await deps.store.audit({
        userId: user.id,
        action: "export",
        target: `project:${lp.project.id}`,
        detail: { format: query.format },
        now: deps.now(),
      });
      const enc = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          try {
            await writeExport(deps.store, lp, {
              format: query.format,
              write: (chunk) => controller.enqueue(typeof chunk === "string" ? enc.encode(chunk) : chunk),
            });
            controller.close();
          } catch (e) {
            controller.error(e);
          }
        },
      });
      const [type, ext] = TYPES[query.format];
      return new Response(body, {
        headers: {
          "content-type": type,
          "content-disposition": `attachment; filename="${lp.project.name.replace(/[^\w.-]+/g, "_")}.${ext}"`,
        },
      });
    },
  );
}
