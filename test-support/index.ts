// Helpers shared by the test suites (not part of any package).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The shared data folder: $VOX_SHARED, else ../shared beside the repository. */
export const SHARED = process.env.VOX_SHARED ?? resolve(REPO_ROOT, "../shared");

/** Whether ../shared/data is present; tests that need it skip with a printed reason otherwise. */
export const hasShared = existsSync(join(SHARED, "data"));

let warned = false;
/** True when shared data is missing, printing the reason once; use with describe.skipIf / it.skipIf. */
export function skipWithoutShared(): boolean {
  if (!hasShared && !warned) {
    warned = true;
    console.warn(`skipping tests that need shared data: ${join(SHARED, "data")} not found (set VOX_SHARED)`);
  }
  return !hasShared;
}

/** A path inside the shared data folder. */
export function sharedData(...parts: string[]): string {
  return join(SHARED, "data", ...parts);
}

/** A fresh temporary folder, removed after the test file finishes. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "vox-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `content` to `name` inside `dir` and returns the path. */
export function writeTemp(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The text of a file inside the shared data folder (for tests in packages that may not read files themselves). */
export function readSharedText(...parts: string[]): string {
  return readFileSync(sharedData(...parts), "utf8");
}

/** A JSON file of the repository (reference outputs under reference/), parsed. */
export function readRepoJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(resolve(REPO_ROOT, path), "utf8")) as T;
}

/** Parses a committed reference file (reference/NAME, produced by the script beside it). */
export function referenceJson<T>(name: string): T {
  return readRepoJson<T>(join("reference", name));
}
