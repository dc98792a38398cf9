import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { startServer } from "@vox/server";
import { VoxStoreError } from "@vox/storage";
import type { Command } from "commander";
import { type CliContext, intOption, log, printJson, UsageError } from "../context.js";

interface ServeOptions {
  db: string;
  schema?: string;
  port: number;
  host: string;
  demo?: boolean;
  static?: string;
  web: boolean;
  media?: string;
  jobs: boolean;
  json?: boolean;
}

/** The database `vox serve` and `vox project` use when --db is not given. */
export const DEFAULT_DB = process.env.VOX_DB ?? "sqlite:vox.db";

/** The web UI's build folder (packages/web/dist, from `npm run build`), or undefined when it was not built. */
export function webBuildDir(): string | undefined {
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve("@vox/web/package.json");
  } catch {
    return undefined;
  }
  const dist = join(dirname(pkg), "dist");
  return existsSync(join(dist, "index.html")) ? dist : undefined;
}

/** Turns "cannot reach the database" into a usage error (exit 2) with the store's message. */
export function storeErrorToUsage(e: unknown): never {
  if (e instanceof VoxStoreError && (e.code === "UNAVAILABLE" || e.code === "MIGRATION"))
    throw new UsageError(e.message);
  throw e;
}

/** `vox serve`: the annotation server (API, built-in labelling page or the web UI, background jobs). */
export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command("serve")
    .summary("run the annotation server")
    .description(
      "Serves the vox API on --host:--port (API description at /api/openapi.json), the web UI at / (the build of\n" +
        "@vox/web when `npm run build` made one, else a built-in labelling page; --static DIR serves another\n" +
        "folder, --no-web forces the built-in page), and runs background jobs. --db sqlite:PATH (default, embedded, WAL) or\n" +
        "postgres://user@host/db (several `vox serve` processes may share one PostgreSQL). A new database gets an\n" +
        'admin named "admin" whose password is $VOX_ADMIN_PASSWORD or printed once. --demo adds a ready project and\n' +
        "a demo/demo annotator. Stops cleanly on Ctrl-C or SIGTERM.",
    )
    .option("--db <url>", "sqlite:PATH or postgres://…", DEFAULT_DB)
    .option("--schema <name>", "PostgreSQL schema for vox's tables (default public)")
    .option("--port <n>", "port (0: any free port)", intOption("--port", { min: 0, max: 65535 }), 8080)
    .option("--host <addr>", "interface to listen on", "127.0.0.1")
    .option("--demo", "seed a demo project ready to label")
    .option("--static <dir>", "serve this folder at / (default: the web UI build when there is one)")
    .option("--no-web", "serve the built-in labelling page instead of the web UI build")
    .option("--media <dir>", "folder of images items may reference by path")
    .option("--no-jobs", "do not run background jobs in this process")
    .option("--json", "print {url, port} as JSON on stdout once listening")
    .action(async (o: ServeOptions) => {
      const staticDir = o.static ?? (o.web ? webBuildDir() : undefined);
      const server = await startServer({
        db: o.db,
        ...(o.schema ? { schema: o.schema } : {}),
        port: o.port,
        host: o.host,
        demo: o.demo ?? false,
        ...(staticDir ? { staticDir } : {}),
        ...(o.media ? { mediaDir: o.media } : {}),
        jobs: o.jobs,
        log: (line) => log(ctx, line),
      }).catch(storeErrorToUsage);
      if (!o.static)
        log(
          ctx,
          staticDir
            ? `serving the web UI from ${staticDir}`
            : `serving the built-in labelling page${o.web ? " (no web UI build: run npm run build)" : ""}`,
        );
      if (o.json) printJson(ctx, { url: server.url, port: server.port });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        if (ctx.signal.aborted) return stop();
        ctx.signal.addEventListener("abort", stop, { once: true });
        process.once("SIGTERM", stop);
      });
      log(ctx, "vox: shutting down");
      await server.close();
    });
}
