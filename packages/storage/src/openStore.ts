import { VoxStoreError } from "./errors.js";
import { openPostgresDriver, type PostgresOptions } from "./postgres/postgresDriver.js";
import { SqlStore } from "./sql/sqlStore.js";
import { openSqliteDriver, type SqliteOptions } from "./sqlite/sqliteDriver.js";
import type { Store } from "./types.js";

/** Options for `openStore`. */
export interface OpenStoreOptions extends SqliteOptions, PostgresOptions {
  /** Apply pending migrations on open. Default true. */
  migrate?: boolean;
}

/** Opens a SQLite store at `path` (":memory:" for a throwaway one) in WAL mode, migrated. */
export async function openSqliteStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  const store = new SqlStore(openSqliteDriver(path, options));
  if (options.migrate !== false) await store.migrate();
  return store;
}

/** Opens a PostgreSQL store (`postgres://…`), its tables in `options.schema` (default public), migrated. */
export async function openPostgresStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const store = new SqlStore(await openPostgresDriver(url, options));
  if (options.migrate !== false) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close().catch(() => undefined);
      throw e;
    }
  }
  return store;
}

/**
 * Opens a store from a database URL: `sqlite:PATH` (or a bare path ending in .db/.sqlite), `sqlite::memory:`, or
 * `postgres://…` / `postgresql://…`.
 */
export function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url, options);
  if (url.startsWith("sqlite:")) return openSqliteStore(url.slice("sqlite:".length), options);
  if (/\.(db|sqlite3?)$/.test(url)) return openSqliteStore(url, options);
  return Promise.reject(
    new VoxStoreError(
      "UNAVAILABLE",
      `unknown database URL ${JSON.stringify(url)} (use sqlite:PATH or postgres://…)`,
    ),
  );
}
