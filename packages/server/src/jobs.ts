// Background jobs: aggregate (flag disagreements), find-issues (confident learning against the latest model's
// predictions), rescore (priorities from the latest predictions). Jobs live in the store; every `vox serve` process
// runs a JobRunner, and on PostgreSQL the claim (FOR UPDATE SKIP LOCKED) makes each job run in exactly one of them.
import { randomUUID } from "node:crypto";
import type { Job, Store } from "@vox/storage";
import { topKey, votesOf } from "./aggregate.js";
import { type LoadedProject, load } from "./assignment.js";
import { exportRows } from "./exports.js";
import { classesOf } from "./schemas.js";

/** A job handler: receives the job and the store, returns a JSON result. */
export type JobHandler = (job: Job, store: Store) => Promise<unknown>;

async function project(store: Store, job: Job): Promise<LoadedProject> {
  const p = job.projectId === null ? undefined : await store.getProject(job.projectId);
  if (!p) throw new Error(`job ${job.id}: project ${job.projectId} not found`);
  return load(p);
}

/** Flags complete items whose top label's share is below the project's review threshold. */
export const aggregateJob: JobHandler = async (job, store) => {
  const lp = await project(store, job);
  let items = 0;
  let judged = 0;
  let flagged = 0;
  let shareSum = 0;
  let after = 0;
  for (;;) {
    const page = await store.listItems(lp.project.id, { after, limit: 1000 });
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const anns = await store.annotationsOfItems(page.map((i) => i.id));
    const by = new Map<number, typeof anns>();
    for (const a of anns) by.set(a.itemId, [...(by.get(a.itemId) ?? []), a]);
    const flag: number[] = [];
    for (const it of page) {
      if (it.isGold) continue;
      items++;
      const votes = votesOf(lp.schema, by.get(it.id) ?? []);
      const top = topKey(votes);
      if (!top) continue;
      judged++;
      shareSum += top.share;
      if (it.done >= it.target && votes.n >= 2 && top.share < lp.settings.reviewThreshold && it.flag === null)
        flag.push(it.id);
    }
    await store.setFlag(flag, "disagreement");
    flagged += flag.length;
  }
  return { items, judged, flagged, meanTopShare: judged > 0 ? shareSum / judged : null };
};

/**
 * Confident learning (Northcutt, Jiang & Chuang 2021): with per-class thresholds t_j = the mean predicted
 * probability of class j over items labelled j, an item labelled i is a likely label issue when some class j ≠ i
 * has p_j ≥ t_j and is the most probable such class. O(items × classes).
 */
export const findIssuesJob: JobHandler = async (job, store) => {
  const lp = await project(store, job);
  const classes = classesOf(lp.schema);
  const models = await store.listModelVersions(lp.project.id);
  const latest = models[models.length - 1];
  if (!classes || !latest)
    return { flagged: 0, reason: classes ? "no model predictions" : "not a categorical schema" };
  const preds = new Map<number, number[]>();
  for (const p of await store.getPredictions(latest.id))
    if (p.probs && p.probs.length === classes.length) preds.set(p.itemId, p.probs);
  const labelled: { itemId: number; label: number; probs: number[] }[] = [];
  const itemIdOf = new Map<string, number>();
  let after = 0;
  for (;;) {
    const page = await store.listItems(lp.project.id, { after, limit: 1000 });
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    for (const it of page) itemIdOf.set(it.externalId, it.id);
  }
  for await (const rows of exportRows(store, lp)) {
    for (const r of rows) {
      const itemId = itemIdOf.get(r.id);
      const probs = itemId === undefined ? undefined : preds.get(itemId);
      const label = r.labelKey === null ? -1 : classes.indexOf(r.labelKey);
      if (itemId !== undefined && probs && label >= 0 && !r.reviewed) labelled.push({ itemId, label, probs });
    }
  }
  const sum = new Float64Array(classes.length);
  const count = new Float64Array(classes.length);
  for (const l of labelled) {
    sum[l.label]! += l.probs[l.label]!;
    count[l.label]!++;
  }
  const threshold = Array.from(sum, (s, j) => (count[j]! > 0 ? s / count[j]! : Infinity));
  const issues: number[] = [];
  for (const l of labelled) {
    let best = -1;
    for (let j = 0; j < classes.length; j++) {
      if (l.probs[j]! >= threshold[j]! && (best === -1 || l.probs[j]! > l.probs[best]!)) best = j;
    }
    if (best !== -1 && best !== l.label) issues.push(l.itemId);
  }
  await store.setFlag(issues, "label-issue");
  return { flagged: issues.length, checked: labelled.length, modelVersionId: latest.id };
};

/** Recomputes item priorities from the latest model's predictions: its score, else 1 − max p (least confidence). */
export const rescoreJob: JobHandler = async (job, store) => {
  const lp = await project(store, job);
  const models = await store.listModelVersions(lp.project.id);
  const latest = models[models.length - 1];
  if (!latest) return { rescored: 0 };
  const updates = [];
  for (const p of await store.getPredictions(latest.id)) {
    const priority = p.score ?? (p.probs && p.probs.length > 0 ? 1 - Math.max(...p.probs) : null);
    if (priority !== null) updates.push({ itemId: p.itemId, priority });
  }
  await store.setPriorities(updates);
  return { rescored: updates.length, modelVersionId: latest.id };
};

/** The built-in job handlers by kind. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  aggregate: aggregateJob,
  "find-issues": findIssuesJob,
  rescore: rescoreJob,
};

/** Options for a JobRunner. */
export interface JobRunnerOptions {
  store: Store;
  /** Identifies this process in the jobs table. Default: a random UUID. */
  workerId?: string;
  /** Milliseconds between polls when idle. Default 1000. */
  pollMs?: number;
  /** How long a claimed job is held before another worker may take it over. Default 5 minutes. */
  leaseMs?: number;
  /** Attempts before a job is marked failed. Default 3. */
  maxAttempts?: number;
  handlers?: Record<string, JobHandler>;
  now?: () => number;
}

/** Polls the store for jobs and runs them one at a time; `stop()` waits for the current job. */
export class JobRunner {
  readonly workerId: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly handlers: Record<string, JobHandler>;
  private readonly now: () => number;

  constructor(private readonly options: JobRunnerOptions) {
    this.workerId = options.workerId ?? randomUUID();
    this.handlers = options.handlers ?? JOB_HANDLERS;
    this.now = options.now ?? Date.now;
  }

  /** Claims and runs jobs until none is due; returns how many ran. */
  async drain(): Promise<number> {
    const { store, leaseMs = 300_000, maxAttempts = 3 } = this.options;
    let ran = 0;
    for (;;) {
      const job = await store.claimJob({
        workerId: this.workerId,
        kinds: Object.keys(this.handlers),
        leaseMs,
        now: this.now(),
      });
      if (!job) return ran;
      ran++;
      try {
        const result = await this.handlers[job.kind]!(job, store);
        await store.completeJob(job.id, result ?? null, this.now());
      } catch (e) {
        const msg = (e as Error).message ?? String(e);
        const retryAt = job.attempts < maxAttempts ? this.now() + 1000 * 2 ** job.attempts : undefined;
        await store.failJob(
          job.id,
          msg,
          retryAt === undefined ? { now: this.now() } : { now: this.now(), retryAt },
        );
      }
    }
  }

  /** Starts polling. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.drain()
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1000);
        });
    };
    tick();
  }

  /** Stops polling and waits for the job in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
