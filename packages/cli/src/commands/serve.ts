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
  media?: string;
  jobs: boolean;
  json?: boolean;
}

/** The database `vox serve` and `vox project` use when --db is not given. */
export const DEFAULT_DB = process.env.VOX_DB ?? "sqlite:vox.db";

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
      "Serves the vox API on --host:--port (API description at /api/openapi.json), the labelling page (or --static\n" +
        "DIR, a web UI build) at /, and runs background jobs. --db sqlite:PATH (default, embedded, WAL) or\n" +
        "postgres://user@host/db (several `vox serve` processes may share one PostgreSQL). A new database gets an\n" +
        'admin named "admin" whose password is $VOX_ADMIN_PASSWORD or printed once. --demo adds a ready project and\n' +
        "a demo/demo annotator. Stops cleanly on Ctrl-C or SIGTERM.",
    )
    .option("--db <url>", "sqlite:PATH or postgres://…", DEFAULT_DB)
    .option("--schema <name>", "PostgreSQL schema for vox's tables (default public)")
    .option("--port <n>", "port (0: any free port)", intOption("--port", { min: 0, max: 65535 }), 8080)
    .option("--host <addr>", "interface to listen on", "127.0.0.1")
    .option("--demo", "seed a demo project ready to label")
    .option("--static <dir>", "serve this folder at / (the web UI build)")
    .option("--media <dir>", "folder of images items may reference by path")
    .option("--no-jobs", "do not run background jobs in this process")
    .option("--json", "print {url, port} as JSON on stdout once listening")
    .action(async (o: ServeOptions) => {
      const server = await startServer({
        db: o.db,
        ...(o.schema ? { schema: o.schema } : {}),
        port: o.port,
        host: o.host,
        demo: o.demo ?? false,
        ...(o.static ? { staticDir: o.static } : {}),
        ...(o.media ? { mediaDir: o.media } : {}),
        jobs: o.jobs,
        log: (line) => log(ctx, line),
      }).catch(storeErrorToUsage);
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
