// startServer: a store, the app on a port, background jobs, a first admin, optionally the demo; closes cleanly.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { openStore, type Store } from "@vox/storage";
import { createApp } from "./app.js";
import { hashPassword } from "./auth.js";
import { DEMO, seedDemo } from "./demo.js";
import { JobRunner } from "./jobs.js";

/** Options for `startServer`. */
export interface ServeOptions {
  /** Database URL: `sqlite:PATH` or `postgres://…`. Default `sqlite:vox.db`. */
  db?: string;
  /** PostgreSQL schema for vox's tables. Default "public". */
  schema?: string;
  /** Port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Seed the demo project and the demo/demo annotator. */
  demo?: boolean;
  /** Folder served at / (the web UI build). */
  staticDir?: string;
  /** Folder of media files items may reference. */
  mediaDir?: string;
  /** Run background jobs in this process. Default true. */
  jobs?: boolean;
  /** Password of the first admin when the database has no users (else random, printed). $VOX_ADMIN_PASSWORD. */
  adminPassword?: string;
  /** Where to print start-up lines. Default: stderr. */
  log?: (line: string) => void;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  /** Stops accepting requests, waits for the job in hand, closes the database. */
  close(): Promise<void>;
}

/** Opens the store, creates the first admin if there is none, seeds the demo, and listens. */
export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = await openStore(
    options.db ?? "sqlite:vox.db",
    options.schema ? { schema: options.schema } : {},
  );
  const now = Date.now();
  if ((await store.countUsers()) === 0) {
    const password =
      options.adminPassword ??
      process.env.VOX_ADMIN_PASSWORD ??
      (options.demo ? "admin" : randomBytes(9).toString("base64url"));
    try {
      await store.createUser({
        name: "admin",
        role: "admin",
        passwordHash: await hashPassword(password),
        now,
      });
      log(`created the first admin: name "admin", password "${password}" (change it: PATCH /api/users/:id)`);
    } catch {
      // another process created it first
    }
  }
  if (options.demo) await seedDemo(store, now);
  const app = createApp({ store, staticDir: options.staticDir, mediaDir: options.mediaDir });
  const runner = options.jobs === false ? undefined : new JobRunner({ store });
  runner?.start();
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: host }, () => resolve(s));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log(`vox is listening on ${url} (database: ${store.dialect}; API description: ${url}/api/openapi.json)`);
  if (options.demo)
    log(
      `demo: open ${url} and sign in as "${DEMO.user}" / "${DEMO.password}" (admin: "admin" / "admin" on a new database)`,
    );
  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await runner?.stop();
        await store.close();
      })();
      return closed;
    },
  };
}
