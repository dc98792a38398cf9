// The demo project for `vox serve --demo`: 240 synthetic product reviews (3 sentiment classes), 24 of them gold,
// half already judged by 12 simulated raters (core's simulateCrowd, two of them spammers) so the metrics, review
// queue and exports have something to show, and a "demo" annotator ready to label the rest.
import { createRng, simulateCrowd } from "@vox/core";
import type { Store } from "@vox/storage";
import { load } from "./assignment.js";
import { hashPassword } from "./auth.js";
import { ProjectSettings } from "./schemas.js";

const PRODUCTS = [
  "kettle",
  "pair of headphones",
  "backpack",
  "desk lamp",
  "phone case",
  "blender",
  "pair of running shoes",
  "keyboard",
  "water bottle",
  "umbrella",
  "coffee grinder",
  "tent",
];
const WORDS = {
  positive: [
    "works perfectly",
    "is excellent",
    "exceeded my expectations",
    "is sturdy and well made",
    "was worth every penny",
    "is a joy to use",
  ],
  negative: [
    "broke after a week",
    "is flimsy",
    "stopped working",
    "was a waste of money",
    "arrived damaged",
    "is far too loud",
  ],
  neutral: [
    "does what it says",
    "is fine, nothing special",
    "arrived on time",
    "is about what I expected",
    "is average",
    "matches the photos",
  ],
} as const;
const EXTRA = {
  positive: ["Would buy again.", "Highly recommended!", "Five stars.", ""],
  negative: ["Returning it.", "Avoid.", "Very disappointed.", ""],
  neutral: ["Okay for the price.", "No complaints so far.", "We will see how it lasts.", ""],
} as const;
const CLASSES = ["positive", "negative", "neutral"] as const;

/** The demo's name and sign-in. */
export const DEMO = { project: "demo-sentiment", user: "demo", password: "demo" } as const;

/** Seeds the demo project unless it exists; returns its id. Deterministic (seed 7). */
export async function seedDemo(store: Store, now: number): Promise<number> {
  const existing = await store.getProjectByName(DEMO.project);
  if (existing) return existing.id;
  const n = 240;
  const sim = simulateCrowd({
    items: n,
    raters: 12,
    classes: 3,
    overlap: 3,
    spammerShare: 0.15,
    accuracy: [0.65, 0.95],
    seed: 7,
  });
  const rng = createRng(7);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
  const settings = ProjectSettings.parse({ overlap: 3, goldRate: 0.1, leaseSeconds: 300 });
  const project = await store.createProject({
    name: DEMO.project,
    schema: { type: "single", classes: [...CLASSES] },
    guidelines:
      "Label the sentiment of each product review.\n- positive: the reviewer is happy with the product\n- negative: unhappy\n- neutral: neither, or mixed\nKeys: 1 positive, 2 negative, 3 neutral; Enter submits, S skips.",
    settings,
    now,
  });
  const items = [];
  for (let i = 0; i < n; i++) {
    const cls = CLASSES[sim.truth[i]!]!;
    const text = `The ${pick(PRODUCTS)} ${pick(WORDS[cls])}. ${pick(EXTRA[cls])}`.trim();
    items.push({
      externalId: `review-${String(i).padStart(3, "0")}`,
      data: { text },
      ...(i % 10 === 9 ? { gold: { label: cls } } : {}),
    });
  }
  await store.insertItems(project.id, items, { target: settings.overlap, now });
  const lp = load(project);
  // Simulated raters judge the first half, so there are metrics and disagreements to look at.
  const a = sim.annotations;
  const ids = new Map<number, number>();
  const rows = [];
  for (let j = 0; j < a.item.length; j++) {
    const i = a.item[j]!;
    if (i >= n / 2 || i % 10 === 9) continue;
    let userId = ids.get(a.rater[j]!);
    if (userId === undefined) {
      const name = `sim-${a.raters[a.rater[j]!]}`;
      const u =
        (await store.getUserByName(name)) ?? (await store.createUser({ name, role: "annotator", now }));
      await store.addMember(project.id, u.id);
      userId = u.id;
      ids.set(a.rater[j]!, userId);
    }
    const item = await store.getItemByExternalId(project.id, `review-${String(i).padStart(3, "0")}`);
    rows.push({
      id: `demo:${i}:${a.rater[j]}`,
      projectId: project.id,
      itemId: item!.id,
      userId,
      value: { label: CLASSES[a.label[j]!] },
      durationMs: 2000 + 500 * rng.int(8),
      now,
    });
  }
  await store.importAnnotations(rows);
  await store.enqueueJob({
    projectId: lp.project.id,
    kind: "aggregate",
    dedupeKey: `aggregate:${lp.project.id}`,
    now,
  });
  const demo =
    (await store.getUserByName(DEMO.user)) ??
    (await store.createUser({
      name: DEMO.user,
      role: "annotator",
      passwordHash: await hashPassword(DEMO.password),
      now,
    }));
  await store.addMember(project.id, demo.id);
  return project.id;
}
