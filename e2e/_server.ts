// Real `vox serve` processes for the e2e tests: started from source, on a free port, stopped or killed (-9).
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { hashToken, VoxClient } from "@vox/server";
import type { Role, Store } from "@vox/storage";
import { REPO_ROOT } from "../test-support/index.js";

const VOX = ["--conditions=vox-source", "--import", "tsx", join(REPO_ROOT, "packages/cli/src/bin.ts")];

/** A running server process. */
export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  stderr: () => string;
  /** SIGKILL, no chance to flush or close anything. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for a clean exit; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `vox serve --db DB --port 0 --json` and waits until it listens. */
export async function startServerProcess(db: string, extra: string[] = []): Promise<ServerProcess> {
  const proc = spawn(process.execPath, [...VOX, "serve", "--db", db, "--port", "0", "--json", ...extra], {
    cwd: REPO_ROOT,
    env: { ...process.env, VOX_ADMIN_PASSWORD: "e2e-admin-password", VOX_QUIET: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vox serve did not start: ${err}`)), 30_000);
    proc.stdout!.on("data", (d) => {
      out += d;
      try {
        const v = JSON.parse(out) as { url: string };
        clearTimeout(timer);
        resolve(v.url);
      } catch {
        // not complete yet
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`vox serve exited with ${code}: ${err}`));
    });
  });
  return {
    url,
    proc,
    stderr: () => err,
    async kill9() {
      proc.kill("SIGKILL");
      await exited;
    },
    async stop() {
      proc.kill("SIGTERM");
      return exited;
    },
  };
}

/** Creates users with API tokens directly in the store (no scrypt per rater) and adds them to a project. */
export async function makeRaters(
  store: Store,
  args: { prefix: string; count: number; projectId?: number; role?: Role },
): Promise<{ id: number; token: string }[]> {
  const out = [];
  for (let i = 0; i < args.count; i++) {
    const u = await store.createUser({
      name: `${args.prefix}${i}`,
      role: args.role ?? "annotator",
      now: Date.now(),
    });
    const token = `e2e_${args.prefix}_${i}_${Math.random().toString(36).slice(2)}`;
    await store.createToken({
      userId: u.id,
      hash: hashToken(token),
      kind: "api",
      name: "e2e",
      expiresAt: null,
      now: Date.now(),
    });
    if (args.projectId !== undefined) await store.addMember(args.projectId, u.id);
    out.push({ id: u.id, token });
  }
  return out;
}

/** A client signed in as the e2e admin. */
export async function adminClient(url: string): Promise<VoxClient> {
  const c = new VoxClient({ baseUrl: url });
  await c.login("admin", "e2e-admin-password");
  return c;
}

/** `n` JSONL items i0…i{n-1}. */
export function jsonlItems(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += `${JSON.stringify({ id: `i${i}`, text: `item ${i}` })}\n`;
  return s;
}
