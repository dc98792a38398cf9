// The rater's loop: next item, submit (idempotent), skip; and reading judgments (your own, or all for reviewers).
import type { Hono } from "hono";
import { z } from "zod";
import { amendJudgment, nextTask, submitJudgment } from "../assignment.js";
import { type Deps, projectFor } from "../context.js";
import { VoxServerError } from "../errors.js";
import { type Env, route } from "../route.js";
import { AmendBody, AnnotationOut, NextOut, PageQuery, SubmitBody } from "../schemas.js";

/** Registers /projects/:id/next, /projects/:id/annotations(/:annotationId), /assignments/:id/skip. */
export function labellingRoutes(app: Hono<Env>, deps: Deps): void {
  const { store } = deps;

  route(
    app,
    {
      method: "post",
      path: "/projects/:id/next",
      summary:
        "lease the next item to label (or your current lease); blind: no gold answers, no others' labels",
      tag: "labelling",
      access: "user",
      query: z.object({
        ahead: z.coerce
          .number()
          .int()
          .positive()
          .optional()
          .describe("the assignment on your screen: lease the item after it (look-ahead; at most one)"),
      }),
      response: NextOut,
    },
    async ({ user, param, query }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "member" });
      return nextTask(store, lp, { user, now: deps.now(), ahead: query.ahead });
    },
  );

  route(
    app,
    {
      method: "post",
      path: "/projects/:id/annotations",
      summary: "submit a judgment; the same client id again is a no-op (200), a new one is created (201)",
      tag: "labelling",
      access: "user",
      body: SubmitBody,
      response: z.object({
        created: z.boolean(),
        annotation: z.object({ id: z.string(), itemId: z.number(), createdAt: z.number() }),
      }),
      status: 201,
    },
    async ({ c, user, body, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "member" });
      const r = await submitJudgment(store, lp, {
        user,
        id: body.id,
        itemId: body.itemId,
        value: body.value,
        durationMs: body.durationMs,
        now: deps.now(),
      });
      return c.json(r, r.created ? 201 : 200);
    },
  );

  route(
    app,
    {
      method: "put",
      path: "/projects/:id/annotations/:annotationId",
      summary: "change one of your own judgments (undo); the value is checked against the schema",
      tag: "labelling",
      access: "user",
      body: AmendBody,
      response: z.object({
        annotation: z.object({ id: z.string(), itemId: z.number(), createdAt: z.number() }),
      }),
    },
    async ({ c, user, body, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "member" });
      return amendJudgment(store, lp, { user, id: c.req.param("annotationId") ?? "", value: body.value });
    },
  );

  route(
    app,
    {
      method: "post",
      path: "/assignments/:assignmentId/skip",
      summary: "give a leased item back; it will not be offered to you again",
      tag: "labelling",
      access: "user",
      response: z.object({ ok: z.boolean() }),
    },
    async ({ user, param }) => {
      const a = await store.getAssignment(param("assignmentId"));
      if (!a || a.userId !== user.id) throw new VoxServerError("NOT_FOUND", "no such assignment");
      await store.skip(a.id, user.id);
      return { ok: true };
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/projects/:id/annotations",
      summary:
        "judgments, paged by seq: annotators see only their own; reviewers and admins see all (?user=, ?item=)",
      tag: "labelling",
      access: "user",
      query: PageQuery.extend({
        user: z.coerce.number().int().positive().optional(),
        item: z.coerce.number().int().positive().optional(),
      }),
      response: z.array(AnnotationOut.extend({ seq: z.number() })),
    },
    async ({ user, query, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "member" });
      let userId = query.user;
      if (user.role === "annotator") {
        if (userId !== undefined && userId !== user.id)
          throw new VoxServerError("FORBIDDEN", "annotators see only their own judgments");
        userId = user.id;
      }
      const rows = await store.listAnnotations(lp.project.id, {
        userId,
        itemId: query.item,
        after: query.after,
        limit: query.limit ?? 1000,
      });
      // Annotators never learn which of their items were gold, nor whether they got them right.
      return rows.map((a) => ({
        id: a.id,
        seq: a.seq,
        itemId: a.itemId,
        userId: a.userId,
        value: a.value,
        durationMs: a.durationMs,
        createdAt: a.createdAt,
      }));
    },
  );
}
