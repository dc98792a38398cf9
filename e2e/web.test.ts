// The web UI in a real headless Chromium, end to end: an admin (through the API) creates one project per task
// type and imports items, two of them XSS payloads; two raters (a laptop and a tablet viewport) sign in and label
// with the keyboard only: number keys, A/B/T, arrows, Enter, Ctrl+Enter, U (undo) and S (skip); a qualification
// test lets one rater through and stops the other. The stored judgments must be exactly the keys pressed, and the
// payloads must show as text and never run. Screenshots of every screen go to e2e/screenshots (or
// $VOX_SCREENSHOTS). Skips when Chromium is missing.
import { join } from "node:path";
import type { VoxClient } from "@vox/server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../test-support/index.js";
import { ensureWebBuild, launchBrowser, SCREENSHOTS, shot, skipWithoutChromium } from "./_browser.js";
import { adminClient, type ServerProcess, startServerProcess } from "./_server.js";

const XSS_IMG = `<img src=x onerror="window.__xss='img';alert('img')">`;
const XSS_SCRIPT = `<script>window.__xss='script';alert('script')</script>I loved it`;

type Spec = {
  name: string;
  schema: unknown;
  settings?: unknown;
  guidelines?: string;
  items: Record<string, unknown>[];
};
const SPECS: Spec[] = [
  {
    name: "single",
    schema: { type: "single", classes: ["positive", "negative", "neutral"] },
    guidelines: "Label the sentiment of each review.\n<b>Tags in guidelines are text too.</b>",
    items: [
      { id: "s-img", text: XSS_IMG },
      { id: "s-script", text: XSS_SCRIPT },
      { id: "s-plain", text: "The battery died after two days." },
    ],
  },
  {
    name: "multi",
    schema: { type: "multi", classes: ["food", "service", "price"] },
    items: [
      { id: "m1", text: "Great pasta, slow waiters, fair bill." },
      { id: "m2", text: "We waited an hour." },
    ],
  },
  {
    name: "pairwise",
    schema: { type: "pairwise", allowTie: true },
    items: [
      { id: "p1", prompt: "Which answer is more helpful?", a: "Paris is the capital of France.", b: XSS_IMG },
      { id: "p2", prompt: "Which summary is shorter?", a: "Short.", b: "A little longer." },
    ],
  },
  {
    name: "rating",
    schema: { type: "rating", min: 1, max: 5 },
    items: [
      { id: "r1", text: "How fluent is this sentence? 'Him go store.'" },
      { id: "r2", text: "How fluent is this sentence? 'She went to the store.'" },
    ],
  },
  { name: "text", schema: { type: "text" }, items: [{ id: "t1", text: "Translate: bonjour le monde" }] },
  {
    name: "spans",
    schema: { type: "spans", classes: ["PER", "LOC"] },
    items: [{ id: "n1", text: "Alice flew to Paris today" }],
  },
  {
    name: "qualified",
    schema: { type: "single", classes: ["yes", "no"] },
    settings: { qualification: { items: 1, minAccuracy: 1 } },
    guidelines: "Answer yes or no.",
    items: [
      { id: "q-gold", text: "Is the sky blue on a clear day?", gold: "yes" },
      { id: "q-real", text: "Is this sentence a question?" },
    ],
  },
];

/** A signed-in rater. */
type Rater = { page: Page; name: string };
/** What each rater does in each project: [the item expected on screen, the keys to press] per step. */
type Step = { item?: string; keys: string[]; type?: string; after?: "item" | "done" | "editing" | "stopped" };

const dir = tempDir();
let server: ServerProcess;
let admin: VoxClient;
let browser: Browser;
const pids: Record<string, number> = {};
const externalIds: Record<number, string> = {};
const timings: number[] = [];

describe.skipIf(skipWithoutChromium())("the web UI in Chromium", () => {
  beforeAll(async () => {
    const dist = ensureWebBuild();
    server = await startServerProcess(`sqlite:${join(dir, "web.db")}`);
    // By default `vox serve` serves the web UI build from the same origin.
    expect(server.stderr()).toContain(`serving the web UI from ${dist}`);
    admin = await adminClient(server.url);
    for (const [name, password] of [
      ["rater1", "rater-one-password"],
      ["rater2", "rater-two-password"],
    ] as const)
      await admin.createUser({ name, role: "annotator", password });
    const users = await admin.request<{ id: number; name: string }[]>("GET", "/users");
    for (const spec of SPECS) {
      const p = await admin.createProject({
        name: spec.name,
        schema: spec.schema as never,
        guidelines: spec.guidelines ?? "",
        settings: { overlap: 2, ...(spec.settings as object) },
      });
      pids[spec.name] = p.id;
      await admin.importItems(p.id, spec.items.map((i) => JSON.stringify(i)).join("\n"));
      for (const u of users) if (u.name.startsWith("rater")) await admin.addMember(p.id, u.id);
      for (const it of await admin.items(p.id)) externalIds[it.id] = it.externalId;
    }
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Signs in through the form with the keyboard only. */
  async function signIn(context: BrowserContext, name: string, password: string): Promise<Page> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("dialog", (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    (page as Page & { errors?: string[] }).errors = errors;
    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { name: "Sign in to vox" }).waitFor();
    await shot(page, `${name}-01-login`);
    await page.keyboard.type(name); // the name field has the focus
    await page.keyboard.press("Tab");
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Your projects" }).waitFor();
    await shot(page, `${name}-02-projects`);
    return page;
  }

  /** The item on screen (its external id), waiting until one is shown. */
  async function onScreen(page: Page): Promise<string> {
    const el = page.locator(".task:not(.editing)[data-item]");
    await el.waitFor();
    return externalIds[Number(await el.getAttribute("data-item"))]!;
  }

  /** Runs a rater's steps in one project, checking each item on screen before pressing its keys. */
  async function label(rater: Rater, project: string, steps: Step[]): Promise<void> {
    const { page, name: who } = rater;
    await page.goto(`${server.url}/projects/${pids[project]}/annotate`);
    let n = 0;
    for (const step of steps) {
      if (step.item) expect(await onScreen(page), `${who} in ${project}, step ${n}`).toBe(step.item);
      const before = await page.locator(".task[data-item]").getAttribute("data-item");
      if (n === 0) await shot(page, `${who}-${project}-item`);
      const t0 = performance.now();
      if (step.type !== undefined) await page.keyboard.type(step.type);
      for (const k of step.keys) await page.keyboard.press(k);
      switch (step.after ?? "item") {
        case "item":
          await page.waitForFunction((prev) => {
            const t = document.querySelector(".task:not(.editing)[data-item]");
            return (t && t.getAttribute("data-item") !== prev) || document.querySelector(".done");
          }, before);
          if (step.item) timings.push(performance.now() - t0);
          break;
        case "done":
          await page.locator(".done").waitFor();
          break;
        case "editing":
          await page.locator(".task.editing").waitFor();
          await shot(page, `${who}-${project}-undo`);
          break;
        case "stopped":
          await page.getByRole("heading", { name: "Thank you" }).waitFor();
          break;
      }
      n++;
    }
  }

  it("lets two raters label every task type with the keyboard only; stores exactly what they chose", async () => {
    const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true });
    const r1 = await signIn(laptop, "rater1", "rater-one-password");
    const r2 = await signIn(tablet, "rater2", "rater-two-password");
    const rater1: Rater = { page: r1, name: "rater1" };
    const rater2: Rater = { page: r2, name: "rater2" };

    // rater1 (laptop)
    await label(rater1, "single", [
      { item: "s-img", keys: ["1"] },
      { item: "s-script", keys: ["2"] },
      { item: "s-plain", keys: ["u"], after: "editing" }, // back to s-script, "negative" selected
      { keys: ["3"] }, // changed to neutral; back on s-plain
      { item: "s-plain", keys: ["s"], after: "done" }, // skipped
    ]);
    await shot(r1, "rater1-single-done");
    await label(rater1, "multi", [
      { item: "m1", keys: ["1", "3", "Enter"] },
      { item: "m2", keys: ["2", "Enter"], after: "done" },
    ]);
    await label(rater1, "pairwise", [
      { item: "p1", keys: ["a"] },
      { item: "p2", keys: ["t"], after: "done" },
    ]);
    await label(rater1, "rating", [
      { item: "r1", keys: ["4"] },
      { item: "r2", keys: ["ArrowLeft", "Enter"], after: "done" }, // from the middle (3) one down: 2
    ]);
    await label(rater1, "text", [
      { item: "t1", type: "Hello world", keys: ["Control+Enter"], after: "done" },
    ]);
    // Spans: label first, look at the marked text, then submit.
    await r1.goto(`${server.url}/projects/${pids.spans}/annotate`);
    expect(await onScreen(r1)).toBe("n1");
    for (const k of ["1", "ArrowRight", "ArrowRight", "ArrowRight", "2"]) await r1.keyboard.press(k);
    await r1.locator(".span-list li").nth(1).waitFor();
    await shot(r1, "rater1-spans-marked");
    await r1.keyboard.press("Enter");
    await r1.locator(".done").waitFor();
    await label(rater1, "qualified", [
      { item: "q-gold", keys: ["1"] },
      { item: "q-real", keys: ["2"], after: "done" },
    ]);

    // rater2 (tablet)
    await label(rater2, "single", [
      { item: "s-img", keys: ["2"] },
      { item: "s-script", keys: ["2"] },
      { item: "s-plain", keys: ["1"], after: "done" },
    ]);
    await label(rater2, "multi", [
      { item: "m1", keys: ["2", "Enter"] },
      { item: "m2", keys: ["Enter"], after: "done" },
    ]);
    await label(rater2, "pairwise", [
      { item: "p1", keys: ["b"] },
      { item: "p2", keys: ["B"], after: "done" },
    ]);
    await label(rater2, "rating", [
      { item: "r1", keys: ["5"] },
      { item: "r2", keys: ["1"], after: "done" },
    ]);
    await label(
      rater2,
      "text",
      [{ item: "t1", type: "Bonjour", keys: ["Escape", "s"], after: "done" }], // Esc leaves the field; S skips
    );
    await label(rater2, "spans", [
      { item: "n1", keys: ["ArrowRight", "Shift+ArrowRight", "2", "Enter"], after: "done" },
    ]);
    await label(rater2, "qualified", [{ item: "q-gold", keys: ["2"], after: "stopped" }]);
    await shot(r2, "rater2-qualified-stopped");

    // What the server stored: exactly the keys pressed (rater1's undo changed s-script to neutral).
    const stored: Record<string, unknown> = {};
    const names = new Map(
      (await admin.request<{ id: number; name: string }[]>("GET", "/users")).map((u) => [u.id, u.name]),
    );
    for (const [project, pid] of Object.entries(pids)) {
      for (const a of await admin.annotations(pid))
        stored[`${project}/${externalIds[a.itemId]}/${names.get(a.userId)}`] = a.value;
    }
    expect(stored).toEqual({
      "single/s-img/rater1": { label: "positive" },
      "single/s-script/rater1": { label: "neutral" },
      "single/s-img/rater2": { label: "negative" },
      "single/s-script/rater2": { label: "negative" },
      "single/s-plain/rater2": { label: "positive" },
      "multi/m1/rater1": { labels: ["food", "price"] },
      "multi/m2/rater1": { labels: ["service"] },
      "multi/m1/rater2": { labels: ["service"] },
      "multi/m2/rater2": { labels: [] },
      "pairwise/p1/rater1": { choice: "a" },
      "pairwise/p2/rater1": { choice: "tie" },
      "pairwise/p1/rater2": { choice: "b" },
      "pairwise/p2/rater2": { choice: "b" },
      "rating/r1/rater1": { rating: 4 },
      "rating/r2/rater1": { rating: 2 },
      "rating/r1/rater2": { rating: 5 },
      "rating/r2/rater2": { rating: 1 },
      "text/t1/rater1": { text: "Hello world" },
      "spans/n1/rater1": {
        spans: [
          { start: 0, end: 5, label: "PER" },
          { start: 14, end: 19, label: "LOC" },
        ],
      },
      "spans/n1/rater2": { spans: [{ start: 6, end: 13, label: "LOC" }] },
      "qualified/q-gold/rater1": { label: "yes" },
      "qualified/q-real/rater1": { label: "no" },
      "qualified/q-gold/rater2": { label: "no" },
    });

    // No payload ran, no page error, no dialog.
    for (const page of [r1, r2]) {
      expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
      expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    }
    console.log(
      `web UI: next item shown after a key press in median ${median(timings).toFixed(0)} ms ` +
        `(max ${Math.max(...timings).toFixed(0)} ms, n=${timings.length}, look-ahead on); screenshots in ${SCREENSHOTS}`,
    );
    await laptop.close();
    await tablet.close();
  }, 120_000);

  it("shows XSS payloads in items and guidelines as text, never as markup", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    // A fresh project so the payload item is on screen for a new rater.
    const p = await admin.createProject({
      name: "xss",
      schema: { type: "single", classes: ["ok", "bad"] },
      guidelines: "<img src=x onerror=\"window.__xss='guidelines'\"> <b>bold?</b>",
    });
    await admin.importItems(p.id, [JSON.stringify({ id: "x1", text: XSS_SCRIPT, note: XSS_IMG })].join("\n"));
    await page.goto(`${server.url}/`);
    await page.getByLabel("Name").fill("admin");
    await page.getByLabel("Password").fill("e2e-admin-password");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Your projects" }).waitFor();
    await page.goto(`${server.url}/projects/${p.id}/annotate`);
    const text = page.locator(".item-text");
    await text.waitFor();
    expect(await text.textContent()).toBe(XSS_SCRIPT);
    expect(await page.locator(".extra dd").textContent()).toBe(XSS_IMG);
    expect(await page.locator(".guidelines-text").textContent()).toBe(
      "<img src=x onerror=\"window.__xss='guidelines'\"> <b>bold?</b>",
    );
    expect(await page.locator("main img, main script, main b").count()).toBe(0);
    await shot(page, "xss-as-text");
    await page.goto(`${server.url}/admin/projects/${pids.single}`);
    await page.getByRole("table").waitFor();
    await shot(page, "admin-project");
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toBe(0);
    await context.close();
  });
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : Number.NaN;
}
