// Quality control: the review queue and adjudication, live metrics, background jobs, the audit log.
import type { Hono } from "hono";
import { z } from "zod";
import { checkValue } from "../assignment.js";
import { type Deps, projectFor } from "../context.js";
import { VoxServerError } from "../errors.js";
import { projectMetrics } from "../metrics.js";
import { type Env, route } from "../route.js";
import { JobBody, PageQuery, ReviewBody } from "../schemas.js";

/** Registers /projects/:id/{review,reviews,metrics,jobs}, /jobs/:id and /audit. */
export function qualityRoutes(app: Hono<Env>, deps: Deps): void {
  const { store } = deps;

  route(
    app,
    {
      method: "get",
      path: "/projects/:id/review",
      summary:
        "the review queue: items flagged for disagreement or as likely label issues, with their judgments",
      tag: "quality",
      access: ["admin", "reviewer"],
      query: PageQuery,
    },
    async ({ user, query, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "reviewer" });
      const items = await store.listItems(lp.project.id, {
        flagged: true,
        after: query.after,
        limit: query.limit ?? 50,
      });
      const anns = await store.annotationsOfItems(items.map((i) => i.id));
      const names = new Map((await store.listUsers()).map((u) => [u.id, u.name]));
      return items.map((i) => ({
        id: i.id,
        externalId: i.externalId,
        data: i.data,
        flag: i.flag,
        annotations: anns
          .filter((a) => a.itemId === i.id)
          .map((a) => ({ user: names.get(a.userId), value: a.value })),
      }));
    },
  );

  route(
    app,
    {
      method: "post",
      path: "/projects/:id/reviews",
      summary: "adjudicate an item: the reviewer's value becomes its hard label and the flag clears",
      tag: "quality",
      access: ["admin", "reviewer"],
      body: ReviewBody,
      status: 201,
    },
    async ({ user, body, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "reviewer" });
      const item = await store.getItem(body.itemId);
      if (!item || item.projectId !== lp.project.id) throw new VoxServerError("NOT_FOUND", "no such item");
      const value = checkValue(lp, body.value, item);
      const r = await store.addReview({
        projectId: lp.project.id,
        itemId: item.id,
        userId: user.id,
        value,
        note: body.note,
        now: deps.now(),
      });
      await store.setFlag([item.id], null);
      await store.audit({ userId: user.id, action: "review", target: `item:${item.id}`, now: deps.now() });
      return r;
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/projects/:id/metrics",
      summary: "progress, throughput, agreement (overall, per class), rater quality and spam flags",
      tag: "quality",
      access: ["admin", "reviewer"],
    },
    async ({ user, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "reviewer" });
      return projectMetrics(store, lp, deps.now());
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/projects/:id/metrics/me",
      summary: "your own progress in a project",
      tag: "quality",
      access: "user",
      response: z.object({ judgments: z.number(), qualification: z.string(), remaining: z.number() }),
    },
    async ({ user, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "member" });
      const mine = await store.countAssignments(lp.project.id, user.id);
      const member = await store.getMember(lp.project.id, user.id);
      const counts = await store.countItems(lp.project.id);
      const judgments = (await store.listAnnotations(lp.project.id, { userId: user.id, limit: 100_000 }))
        .length;
      return {
        judgments,
        qualification: member?.qualification ?? "qualified",
        remaining: Math.max(0, counts.total - counts.gold - counts.complete - mine.total + mine.gold),
      };
    },
  );

  route(
    app,
    {
      method: "post",
      path: "/projects/:id/jobs",
      summary: "queue a background job (aggregate, find-issues, rescore)",
      tag: "jobs",
      access: ["admin"],
      body: JobBody,
      status: 202,
    },
    async ({ user, body, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "admin" });
      return store.enqueueJob({
        projectId: lp.project.id,
        kind: body.kind,
        dedupeKey: `${body.kind}:${lp.project.id}`,
        now: deps.now(),
      });
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/projects/:id/jobs",
      summary: "a project's jobs",
      tag: "jobs",
      access: ["admin"],
      query: PageQuery,
    },
    async ({ user, query, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "admin" });
      return store.listJobs({ projectId: lp.project.id, after: query.after, limit: query.limit });
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/jobs/:jobId",
      summary: "one job's state and result",
      tag: "jobs",
      access: ["admin"],
    },
    async ({ param }) => {
      const job = await store.getJob(param("jobId"));
      if (!job) throw new VoxServerError("NOT_FOUND", "no such job");
      return job;
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/audit",
      summary: "the audit log (logins, changes, imports, exports, reviews)",
      tag: "admin",
      access: ["admin"],
      query: PageQuery,
    },
    async ({ query }) => store.listAudit({ after: query.after, limit: query.limit }),
  );
}
