// Browser tests: playwright-core driving Debian's Chromium (never a downloaded browser), the web UI's build, and
// screenshots. Tests skip with a printed reason when Chromium is missing (.ci/run installs it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { REPO_ROOT } from "../test-support/index.js";

/** Debian's Chromium (or another system Chrome), or undefined. $VOX_CHROMIUM overrides. */
export const CHROMIUM = [
  process.env.VOX_CHROMIUM,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
]
  .filter((p): p is string => !!p)
  .find((p) => existsSync(p));

let warned = false;
/** True when there is no Chromium, printing the reason once; use with describe.skipIf. */
export function skipWithoutChromium(): boolean {
  if (!CHROMIUM && !warned) {
    warned = true;
    console.warn(
      "skipping the browser tests: no Chromium at /usr/bin/chromium (apt-get install -y chromium)",
    );
  }
  return !CHROMIUM;
}

/**
 * Launches headless Chromium. Playwright gives every launch a fresh temporary profile (its own --user-data-dir),
 * and each `browser.newContext()` is a separate cookie jar: one per rater.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM!,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

const WEB = join(REPO_ROOT, "packages/web");

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Builds the web UI into packages/web/dist unless the build is newer than every source file (`npm test` builds it
 * before the tests start, so this only builds when the file runs on its own after a change).
 */
export function ensureWebBuild(): string {
  const dist = join(WEB, "dist");
  const index = join(dist, "index.html");
  const sources = Math.max(newest(join(WEB, "src")), statSync(join(WEB, "index.html")).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return dist;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules/vite/bin/vite.js"), "build"], {
    cwd: WEB,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  return dist;
}

/** Where screenshots go: $VOX_SCREENSHOTS, else e2e/screenshots (git-ignored). */
export const SCREENSHOTS = process.env.VOX_SCREENSHOTS ?? join(REPO_ROOT, "e2e/screenshots");

/** Saves a full-page screenshot as SCREENSHOTS/NAME.png and returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
