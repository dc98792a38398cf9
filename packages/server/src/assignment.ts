// Who labels what next: qualification test first, gold (honeypot) items at the project's rate, then the
// highest-priority open item the rater has not seen; leases expire; submissions are idempotent; adaptive overlap
// asks for one more judgment while the majority-vote posterior is uncertain.
import { createHash } from "node:crypto";
import { type Assignment, type Item, type Project, type Store, type User, VoxStoreError } from "@vox/storage";
import { votesOf, wantsMore } from "./aggregate.js";
import { VoxServerError } from "./errors.js";
import { keyOf, type LabelSchema, ProjectSettings, valueSchema } from "./schemas.js";

/** A project with its schema and settings parsed. */
export interface LoadedProject {
  project: Project;
  schema: LabelSchema;
  settings: ProjectSettings;
}

/** Parses a stored project's schema and settings (defaults filled in). */
export function load(project: Project): LoadedProject {
  return {
    project,
    schema: project.schema as LabelSchema,
    settings: ProjectSettings.parse(project.settings ?? {}),
  };
}

/** A task handed to a rater: the lease and the item without its gold answer. */
export interface Task {
  assignment: { id: number; expiresAt: number };
  item: { id: number; data: unknown };
  prediction?: { probs: number[] | null; score: number | null };
}

/** A deterministic uniform number in [0, 1) from a string (decides gold hand-outs without a shared RNG). */
export function unitHash(s: string): number {
  return createHash("sha256").update(s).digest().readUInt32BE(0) / 2 ** 32;
}

/** When each store last reclaimed each project's expired leases (per store: tests run many stores in one process). */
const lastReclaim = new WeakMap<Store, Map<number, number>>();

function toTask(assignment: Assignment, item: Item): Task {
  return {
    assignment: { id: assignment.id, expiresAt: assignment.expiresAt },
    item: { id: item.id, data: item.data },
  };
}

async function withPrediction(store: Store, lp: LoadedProject, task: Task): Promise<Task> {
  if (lp.settings.blind) return task;
  const models = await store.listModelVersions(lp.project.id);
  const latest = models[models.length - 1];
  if (!latest) return task;
  const [p] = await store.getPredictions(latest.id, [task.item.id]);
  return p ? { ...task, prediction: { probs: p.probs, score: p.score } } : task;
}

/** Decides the qualification state from the rater's answered qualification (gold) items. */
async function qualificationState(
  store: Store,
  lp: LoadedProject,
  user: User,
): Promise<"pending" | "qualified" | "failed"> {
  const q = lp.settings.qualification;
  if (!q) return "qualified";
  const member = await store.getMember(lp.project.id, user.id);
  if (member?.qualification !== "pending") return member?.qualification ?? "qualified";
  const gold = await store.listAnnotations(lp.project.id, { userId: user.id, gold: true, limit: q.items });
  if (gold.length < q.items) return "pending";
  const correct = gold.filter((a) => a.correct).length;
  const state = correct / gold.length >= q.minAccuracy ? "qualified" : "failed";
  await store.setQualification(lp.project.id, user.id, state);
  return state;
}

/**
 * The next task for `user`: their unexpired lease if they hold one, else a qualification item while they are
 * being tested, else a gold item at the project's gold rate, else the best open item. `done` when nothing is left.
 */
export async function nextTask(
  store: Store,
  lp: LoadedProject,
  args: { user: User; now: number; ahead?: number | undefined },
): Promise<Task | { done: true; reason: string }> {
  const { user, now, ahead } = args;
  const { project, settings } = lp;
  // Expired leases return to the pool; once a second per project per process is plenty.
  const reclaimed = lastReclaim.get(store) ?? new Map<number, number>();
  lastReclaim.set(store, reclaimed);
  if ((reclaimed.get(project.id) ?? -Infinity) + 1000 <= now) {
    reclaimed.set(project.id, now);
    await store.reclaimExpired(project.id, now);
  }
  // Without `ahead`: the lease the rater holds. With `ahead` (the assignment on the rater's screen): a lease other
  // than that one, so a client can hold the current item and the next one (never more: a second look-ahead call
  // returns the same lease).
  const held = await store.activeLeases({ projectId: project.id, userId: user.id, now, limit: 3 });
  const active = ahead === undefined ? held[0] : held.find((a) => a.id !== ahead);
  if (active) {
    const item = await store.getItem(active.itemId);
    if (item) return withPrediction(store, lp, toTask(active, item));
  }
  const looking = ahead !== undefined && held.some((a) => a.id === ahead);
  const leaseMs = settings.leaseSeconds * 1000;
  const lease = async (gold: boolean) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return await store.leaseNext({ projectId: project.id, userId: user.id, gold, leaseMs, now });
      } catch (e) {
        // Two requests of the same rater raced for one item: the unique (item, rater) key stopped the second.
        if (e instanceof VoxStoreError && e.code === "DUPLICATE") continue;
        throw e;
      }
    }
    return undefined;
  };
  const qual = await qualificationState(store, lp, user);
  if (qual === "failed") {
    throw new VoxServerError("NOT_QUALIFIED", "you did not pass this project's qualification test");
  }
  if (qual === "pending") {
    // The test's next question is handed out only after the current answer counts.
    if (looking) return { done: true, reason: "no look-ahead during the qualification test" };
    const got = await lease(true);
    if (got) return toTask(got.assignment, got.item);
    // Not enough gold items to finish the test: judge on what was answered.
    await store.setQualification(project.id, user.id, "qualified");
  }
  if (settings.goldRate > 0) {
    const { total } = await store.countAssignments(project.id, user.id);
    if (unitHash(`${project.id}:${user.id}:${total}`) < settings.goldRate) {
      const got = await lease(true);
      if (got) return toTask(got.assignment, got.item);
    }
  }
  const got = await lease(false);
  if (got) return withPrediction(store, lp, toTask(got.assignment, got.item));
  return { done: true, reason: "no items left for you in this project" };
}

/** Validates a judgment's value against the project's label schema (and span bounds against the item's text). */
export function checkValue(lp: LoadedProject, value: unknown, item?: Item): unknown {
  const parsed = valueSchema(lp.schema).safeParse(value);
  if (!parsed.success) {
    throw new VoxServerError("INVALID", "the value does not fit the project's label schema", {
      details: parsed.error.issues.map((i) => ({ path: ["value", ...i.path].join("."), message: i.message })),
    });
  }
  if (lp.schema.type === "spans" && item) {
    const text = (item.data as { text?: unknown })?.text;
    const spans = (parsed.data as { spans: { end: number }[] }).spans;
    if (typeof text === "string" && spans.some((s) => s.end > text.length)) {
      throw new VoxServerError("INVALID", `a span ends beyond the item's text (${text.length} characters)`);
    }
  }
  return parsed.data;
}

/**
 * Records a judgment idempotently (by the client's id). Gold items are scored against their hidden answer; with
 * adaptive overlap, a completed item whose majority is still uncertain asks for one more judgment; a completed
 * item whose agreement is below the review threshold is flagged for review.
 */
export async function submitJudgment(
  store: Store,
  lp: LoadedProject,
  args: {
    user: User;
    id: string;
    itemId: number;
    value: unknown;
    durationMs?: number | undefined;
    now: number;
  },
): Promise<{ created: boolean; annotation: { id: string; itemId: number; createdAt: number } }> {
  const { user, now } = args;
  const item = await store.getItem(args.itemId);
  if (!item || item.projectId !== lp.project.id)
    throw new VoxServerError("NOT_FOUND", `no item ${args.itemId} in this project`);
  const value = checkValue(lp, args.value, item);
  const correct = item.isGold ? keyOf(lp.schema, value) === keyOf(lp.schema, item.gold) : null;
  const {
    annotation,
    created,
    item: updated,
  } = await store.submitAnnotation({
    id: args.id,
    projectId: lp.project.id,
    itemId: item.id,
    userId: user.id,
    value,
    correct,
    durationMs: args.durationMs ?? null,
    now,
  });
  if (created && updated) await afterJudgment(store, lp, updated);
  return {
    created,
    annotation: { id: annotation.id, itemId: annotation.itemId, createdAt: annotation.createdAt },
  };
}

/**
 * Changes a rater's own judgment (the annotator's undo): the new value is checked against the schema, gold
 * correctness is recomputed, and the item's review flag and adaptive target are re-evaluated. Only the author may
 * amend; a judgment of another rater answers 404 (its existence does not leak).
 */
export async function amendJudgment(
  store: Store,
  lp: LoadedProject,
  args: { user: User; id: string; value: unknown },
): Promise<{ annotation: { id: string; itemId: number; createdAt: number } }> {
  const prior = await store.getAnnotation(args.id);
  if (!prior || prior.userId !== args.user.id || prior.projectId !== lp.project.id)
    throw new VoxServerError("NOT_FOUND", `no judgment ${JSON.stringify(args.id)} of yours in this project`);
  const item = await store.getItem(prior.itemId);
  if (!item) throw new VoxServerError("NOT_FOUND", `no item ${prior.itemId}`);
  const value = checkValue(lp, args.value, item);
  const correct = item.isGold ? keyOf(lp.schema, value) === keyOf(lp.schema, item.gold) : null;
  const a = await store.amendAnnotation({ id: prior.id, value, correct });
  if (!item.isGold) await afterJudgment(store, lp, item);
  return { annotation: { id: a.id, itemId: a.itemId, createdAt: a.createdAt } };
}

/** Adaptive overlap and review flags, once an item has all the judgments it asked for. */
async function afterJudgment(store: Store, lp: LoadedProject, item: Item): Promise<void> {
  if (item.done < item.target) return;
  const itemId = item.id;
  const votes = votesOf(lp.schema, await store.annotationsOfItems([itemId]));
  const adaptive = lp.settings.adaptive;
  if (
    adaptive &&
    wantsMore(votes, { target: item.target, maxOverlap: adaptive.maxOverlap, threshold: adaptive.threshold })
  ) {
    await store.setTarget(itemId, item.target + 1);
    return;
  }
  let top = 0;
  for (const c of votes.counts.values()) top = Math.max(top, c);
  if (votes.n >= 2 && top / votes.n < lp.settings.reviewThreshold && item.flag === null) {
    await store.setFlag([itemId], "disagreement");
  }
}
