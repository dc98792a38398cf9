// Projects, members, items (streaming import), gold answers and model predictions.
import type { Item } from "@vox/storage";
import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { checkValue, load } from "../assignment.js";
import { type Deps, projectFor } from "../context.js";
import { VoxServerError } from "../errors.js";
import { goldValue, importItems } from "../importItems.js";
import { importLabelStudio, importProdigy } from "../interop.js";
import { type Env, route } from "../route.js";
import {
  CreateProjectBody,
  GoldBody,
  ItemOut,
  MemberBody,
  PageQuery,
  PredictionsBody,
  ProjectOut,
  ProjectSettings,
  UpdateProjectBody,
} from "../schemas.js";

const itemOut = (i: Item) => ({
  id: i.id,
  externalId: i.externalId,
  data: i.data,
  isGold: i.isGold,
  gold: i.gold,
  priority: i.priority,
  target: i.target,
  done: i.done,
  leased: i.leased,
  flag: i.flag,
});

/** Registers /projects, /projects/:id/{members,items,gold,predictions}. */
export function projectRoutes(app: Hono<Env>, deps: Deps): void {
  const { store } = deps;
  const projectOut = (p: Awaited<ReturnType<typeof projectFor>>) => ({
    id: p.project.id,
    name: p.project.name,
    schema: p.schema,
    guidelines: p.project.guidelines,
    settings: p.settings,
    createdAt: p.project.createdAt,
  });

  route(
    app,
    {
      method: "get",
      path: "/projects",
      summary: "projects you can see (admins: all)",
      tag: "projects",
      access: "user",
      response: z.array(ProjectOut),
    },
    async ({ user }) => {
      const list = await store.listProjects(user.role === "admin" ? {} : { memberId: user.id });
      return list.map((p) => projectOut(load(p)));
    },
  );

  route(
    app,
    {
      method: "post",
      path: "/projects",
      summary: "create a project",
      tag: "projects",
      access: ["admin"],
      body: CreateProjectBody,
      response: ProjectOut,
      status: 201,
    },
    async ({ user, body }) => {
      const settings = ProjectSettings.parse(body.settings);
      const p = await store.createProject({
        name: body.name,
        schema: body.schema,
        guidelines: body.guidelines,
        settings,
        now: deps.now(),
      });
      await store.audit({
        userId: user.id,
        action: "project-create",
        target: `project:${p.id}`,
        now: deps.now(),
      });
      return projectOut(load(p));
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/projects/:id",
      summary: "one project: schema, guidelines, settings",
      tag: "projects",
      access: "user",
      response: ProjectOut,
    },
    async ({ user, param }) =>
      projectOut(await projectFor(deps, user, { projectId: param("id"), need: "member" })),
  );

  route(
    app,
    {
      method: "patch",
      path: "/projects/:id",
      summary: "rename, edit guidelines or settings",
      tag: "projects",
      access: ["admin"],
      body: UpdateProjectBody,
      response: ProjectOut,
    },
    async ({ user, body, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "admin" });
      const settings = body.settings
        ? ProjectSettings.parse({ ...lp.settings, ...body.settings })
        : undefined;
      const p = await store.updateProject(lp.project.id, {
        name: body.name,
        guidelines: body.guidelines,
        settings,
      });
      await store.audit({
        userId: user.id,
        action: "project-update",
        target: `project:${p.id}`,
        detail: body,
        now: deps.now(),
      });
      return projectOut(load(p));
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/projects/:id/members",
      summary: "members and their qualification state",
      tag: "projects",
      access: ["admin", "reviewer"],
    },
    async ({ user, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "reviewer" });
      return store.listMembers(lp.project.id);
    },
  );

  route(
    app,
    {
      method: "post",
      path: "/projects/:id/members",
      summary: "add a user to the project",
      tag: "projects",
      access: ["admin"],
      body: MemberBody,
      status: 201,
    },
    async ({ user, body, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "admin" });
      if (!(await store.getUser(body.userId)))
        throw new VoxServerError("NOT_FOUND", `no user ${body.userId}`);
      const m = await store.addMember(lp.project.id, body.userId);
      await store.audit({
        userId: user.id,
        action: "member-add",
        target: `project:${lp.project.id}`,
        detail: { userId: body.userId },
        now: deps.now(),
      });
      return m;
    },
  );

  route(
    app,
    {
      method: "delete",
      path: "/projects/:id/members/:userId",
      summary: "remove a user from the project",
      tag: "projects",
      access: ["admin"],
      response: z.object({ ok: z.boolean() }),
    },
    async ({ user, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "admin" });
      const ok = await store.removeMember(lp.project.id, param("userId"));
      if (!ok) throw new VoxServerError("NOT_FOUND", "not a member");
      return { ok };
    },
  );

  // Imports stream the body; they get their own (large) size limit.
  const importLimit = bodyLimit({
    maxSize: deps.options.maxImportBytes ?? 4 * 2 ** 30,
    onError: () => {
      throw new VoxServerError("TOO_LARGE", "the import is larger than the server's limit");
    },
  });
  app.post("/projects/:id/items", importLimit);
  route(
    app,
    {
      method: "post",
      path: "/projects/:id/items",
      summary:
        "import items: JSON Lines or CSV (id, gold, priority, other fields = data), Label Studio JSON or Prodigy JSONL",
      tag: "items",
      access: ["admin"],
      query: z.object({ format: z.enum(["jsonl", "csv", "labelstudio", "prodigy"]).optional() }),
      consumes: {
        "application/x-ndjson": "one JSON object per line",
        "text/csv": "a header line, then one item per line",
        "application/json": "a Label Studio export (array of tasks)",
      },
      response: z.object({
        inserted: z.number(),
        skipped: z.number(),
        gold: z.number(),
        annotations: z.number().optional(),
      }),
    },
    async ({ c, user, query, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "admin" });
      const type = c.req.header("content-type") ?? "";
      const format =
        query.format ??
        (type.includes("csv") ? "csv" : type.includes("application/json") ? "labelstudio" : "jsonl");
      const source = c.req.raw.body;
      if (!source) throw new VoxServerError("BAD_REQUEST", "empty body");
      const now = deps.now();
      const result =
        format === "labelstudio"
          ? await importLabelStudio(store, lp, { text: await c.req.text(), now })
          : format === "prodigy"
            ? await importProdigy(store, lp, { source, now })
            : await importItems(store, lp, { source, format, now });
      await store.audit({
        userId: user.id,
        action: "items-import",
        target: `project:${lp.project.id}`,
        detail: { format, ...result },
        now,
      });
      return result;
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/projects/:id/items",
      summary: "items with gold answers and counts (paged by id)",
      tag: "items",
      access: ["admin", "reviewer"],
      query: PageQuery.extend({
        gold: z.enum(["true", "false"]).optional(),
        flagged: z.enum(["true"]).optional(),
      }),
      response: z.array(ItemOut),
    },
    async ({ user, query, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "reviewer" });
      const items = await store.listItems(lp.project.id, {
        after: query.after,
        limit: query.limit ?? 100,
        gold: query.gold === undefined ? undefined : query.gold === "true",
        flagged: query.flagged === "true",
      });
      return items.map(itemOut);
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/projects/:id/items/:itemId",
      summary: "one item with every judgment and review",
      tag: "items",
      access: ["admin", "reviewer"],
    },
    async ({ user, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "reviewer" });
      const item = await store.getItem(param("itemId"));
      if (!item || item.projectId !== lp.project.id) throw new VoxServerError("NOT_FOUND", "no such item");
      const annotations = await store.annotationsOfItems([item.id]);
      const reviews = await store.listReviews(lp.project.id, [item.id]);
      return { ...itemOut(item), annotations, reviews };
    },
  );

  route(
    app,
    {
      method: "put",
      path: "/projects/:id/items/:itemId/gold",
      summary: "set (or clear, with null) an item's hidden gold answer",
      tag: "items",
      access: ["admin"],
      body: GoldBody,
      response: ItemOut,
    },
    async ({ user, body, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "admin" });
      const item = await store.getItem(param("itemId"));
      if (!item || item.projectId !== lp.project.id) throw new VoxServerError("NOT_FOUND", "no such item");
      let answer: unknown = null;
      if (body.answer !== null && body.answer !== undefined) {
        try {
          answer = typeof body.answer === "object" ? checkValue(lp, body.answer) : goldValue(lp, body.answer);
        } catch (e) {
          if (e instanceof VoxServerError) throw e;
          throw new VoxServerError("INVALID", (e as Error).message);
        }
      }
      await store.setGold(item.id, answer);
      await store.audit({ userId: user.id, action: "gold-set", target: `item:${item.id}`, now: deps.now() });
      return itemOut((await store.getItem(item.id))!);
    },
  );

  route(
    app,
    {
      method: "post",
      path: "/projects/:id/predictions",
      summary: "upload a model's predictions; items are then served most-uncertain first",
      tag: "items",
      access: ["admin"],
      body: PredictionsBody,
      response: z.object({ modelVersionId: z.number(), matched: z.number(), unknown: z.number() }),
      status: 201,
    },
    async ({ user, body, param }) => {
      const lp = await projectFor(deps, user, { projectId: param("id"), need: "admin" });
      const now = deps.now();
      const mv = await store.createModelVersion({ projectId: lp.project.id, name: body.model, now });
      const preds = [];
      const priorities = [];
      let unknown = 0;
      for (const p of body.predictions) {
        const item = await store.getItemByExternalId(lp.project.id, p.item);
        if (!item) {
          unknown++;
          continue;
        }
        const probs = p.probs ?? null;
        // Active learning by least confidence (Lewis & Gale 1994): 1 − max p, unless the model sends its own score.
        const score = p.score ?? (probs && probs.length > 0 ? 1 - Math.max(...probs) : null);
        preds.push({ modelVersionId: mv.id, itemId: item.id, probs, score });
        if (score !== null) priorities.push({ itemId: item.id, priority: score });
      }
      await store.putPredictions(preds);
      await store.setPriorities(priorities);
      await store.enqueueJob({
        projectId: lp.project.id,
        kind: "find-issues",
        dedupeKey: `find-issues:${lp.project.id}`,
        now,
      });
      await store.audit({
        userId: user.id,
        action: "predictions",
        target: `project:${lp.project.id}`,
        detail: { model: body.model, matched: preds.length },
        now,
      });
      return { modelVersionId: mv.id, matched: preds.length, unknown };
    },
  );
}
