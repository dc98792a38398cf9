// Live project metrics: progress, throughput, agreement (overall and per class), rater quality and spam flags.
// Agreement is percent agreement over pairs of judgments for now; issue 3's chance-corrected coefficients plug in
// here later.
import type { Annotation, Store, User } from "@vox/storage";
import type { LoadedProject } from "./assignment.js";
import { keyOf } from "./schemas.js";

/** One rater's quality numbers. */
export interface RaterQuality {
  userId: number;
  name: string;
  judgments: number;
  gold: number;
  /** Share of gold items answered correctly (null without gold answers). */
  goldAccuracy: number | null;
  /** Share of their judgments that match the majority of the other raters on the item (null if none compare). */
  majorityAgreement: number | null;
  medianDurationMs: number | null;
  /** Why the rater looks like a spammer, or null. */
  spam: string | null;
}

/** What GET /projects/:id/metrics returns. */
export interface ProjectMetrics {
  progress: {
    items: number;
    gold: number;
    complete: number;
    judgments: number;
    leased: number;
    share: number;
  };
  throughput: { lastMinute: number; last5Minutes: number; lastHour: number; perMinute: number };
  agreement: {
    /** Pooled observed agreement: Σ_items Σ_c n_c(n_c−1) / Σ_items n(n−1) over items with ≥ 2 judgments. */
    percent: number | null;
    items: number;
    /** Specific agreement per class: Σ n_c(n_c−1) / Σ n_c(n−1). */
    perClass: Record<string, number | null>;
  };
  raters: RaterQuality[];
}

/** Pages through every judgment of a project. */
export async function* allAnnotations(store: Store, projectId: number): AsyncGenerator<Annotation[]> {
  let after = 0;
  for (;;) {
    const page = await store.listAnnotations(projectId, { after, limit: 10_000 });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]!.seq;
  }
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Computes the live metrics of a project in one pass over its judgments (O(judgments) memory for the item groups).
 * Spam flags: gold accuracy at most chance + 0.1 over ≥ 5 gold items; majority agreement at most chance + 0.1 over
 * ≥ 20 compared judgments; a median time under 500 ms over ≥ 20 judgments.
 */
export async function projectMetrics(store: Store, lp: LoadedProject, now: number): Promise<ProjectMetrics> {
  const pid = lp.project.id;
  const counts = await store.countItems(pid);
  const [m1, m5, m60] = await Promise.all([
    store.countAnnotationsSince(pid, now - 60_000),
    store.countAnnotationsSince(pid, now - 300_000),
    store.countAnnotationsSince(pid, now - 3_600_000),
  ]);
  const byItem = new Map<number, { user: number; key: string }[]>();
  const perRater = new Map<
    number,
    { judgments: number; gold: number; correct: number; durations: number[] }
  >();
  for await (const page of allAnnotations(store, pid)) {
    for (const a of page) {
      const r = perRater.get(a.userId) ?? { judgments: 0, gold: 0, correct: 0, durations: [] };
      r.judgments++;
      if (a.durationMs !== null) r.durations.push(a.durationMs);
      if (a.isGold) {
        r.gold++;
        if (a.correct) r.correct++;
      } else {
        const list = byItem.get(a.itemId) ?? [];
        list.push({ user: a.userId, key: keyOf(lp.schema, a.value) });
        byItem.set(a.itemId, list);
      }
      perRater.set(a.userId, r);
    }
  }
  let agreePairs = 0;
  let allPairs = 0;
  let compared = 0;
  const classAgree = new Map<string, number>();
  const classPairs = new Map<string, number>();
  const majority = new Map<number, { agree: number; compared: number }>();
  const keys = new Set<string>();
  for (const list of byItem.values()) {
    const n = list.length;
    const c = new Map<string, number>();
    for (const j of list) c.set(j.key, (c.get(j.key) ?? 0) + 1);
    for (const k of c.keys()) keys.add(k);
    if (n >= 2) {
      compared++;
      allPairs += n * (n - 1);
      for (const [k, nc] of c) {
        agreePairs += nc * (nc - 1);
        classAgree.set(k, (classAgree.get(k) ?? 0) + nc * (nc - 1));
        classPairs.set(k, (classPairs.get(k) ?? 0) + nc * (n - 1));
      }
      // Leave-one-out majority: does each rater match the most common answer of the others?
      for (const j of list) {
        let best = -1;
        let bestKeys: string[] = [];
        for (const [k, nc] of c) {
          const others = k === j.key ? nc - 1 : nc;
          if (others > best) {
            best = others;
            bestKeys = [k];
          } else if (others === best) bestKeys.push(k);
        }
        if (best <= 0 || bestKeys.length > 1) continue;
        const m = majority.get(j.user) ?? { agree: 0, compared: 0 };
        m.compared++;
        if (bestKeys[0] === j.key) m.agree++;
        majority.set(j.user, m);
      }
    }
  }
  const classes = lp.schema.type === "single" ? lp.schema.classes : [...keys].sort();
  const chance =
    1 /
    Math.max(
      2,
      lp.schema.type === "single" || lp.schema.type === "multi" ? lp.schema.classes.length : keys.size || 2,
    );
  const users = new Map<number, User>();
  for (const u of await store.listUsers()) users.set(u.id, u);
  const raters: RaterQuality[] = [];
  for (const [userId, r] of perRater) {
    const m = majority.get(userId);
    const goldAccuracy = r.gold > 0 ? r.correct / r.gold : null;
    const majorityAgreement = m && m.compared > 0 ? m.agree / m.compared : null;
    const medianDurationMs = median(r.durations);
    let spam: string | null = null;
    if (goldAccuracy !== null && r.gold >= 5 && goldAccuracy <= chance + 0.1)
      spam = "gold accuracy near chance";
    else if (majorityAgreement !== null && m!.compared >= 20 && majorityAgreement <= chance + 0.1)
      spam = "disagrees with the majority as often as chance";
    else if (medianDurationMs !== null && r.durations.length >= 20 && medianDurationMs < 500)
      spam = "answers faster than 0.5 s";
    raters.push({
      userId,
      name: users.get(userId)?.name ?? String(userId),
      judgments: r.judgments,
      gold: r.gold,
      goldAccuracy,
      majorityAgreement,
      medianDurationMs,
      spam,
    });
  }
  raters.sort((a, b) => a.userId - b.userId);
  const ordinary = counts.total - counts.gold;
  return {
    progress: {
      items: counts.total,
      gold: counts.gold,
      complete: counts.complete,
      judgments: counts.judgments,
      leased: counts.leased,
      share: ordinary > 0 ? counts.complete / ordinary : 0,
    },
    throughput: { lastMinute: m1, last5Minutes: m5, lastHour: m60, perMinute: m5 / 5 },
    agreement: {
      percent: allPairs > 0 ? agreePairs / allPairs : null,
      items: compared,
      perClass: Object.fromEntries(
        classes.map((k) => [
          k,
          (classPairs.get(k) ?? 0) > 0 ? (classAgree.get(k) ?? 0) / classPairs.get(k)! : null,
        ]),
      ),
    },
    raters,
  };
}
