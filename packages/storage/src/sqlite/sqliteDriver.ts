// better-sqlite3 behind the async Driver interface. One connection; an async mutex serialises work so that a
// transaction (BEGIN IMMEDIATE … COMMIT) never interleaves with another caller's statements.
import Database from "better-sqlite3";
import { VoxStoreError } from "../errors.js";
import type { Driver } from "../sql/driver.js";

/** Options for `openSqliteDriver`. */
export interface SqliteOptions {
  /**
   * `synchronous` pragma: "NORMAL" (default) survives a killed process (WAL pages are in the OS cache), "FULL"
   * also survives power loss at the cost of one fsync per commit.
   */
  synchronous?: "NORMAL" | "FULL";
  /** Milliseconds to wait for another process's write lock. Default 5000. */
  busyTimeoutMs?: number;
}

function wrap(e: unknown, sql: string, params: readonly unknown[]): VoxStoreError {
  if (e instanceof VoxStoreError) return e;
  const err = e as { code?: string; message?: string };
  if (err.code === "SQLITE_CONSTRAINT_UNIQUE" || err.code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return new VoxStoreError("DUPLICATE", err.message ?? "unique constraint", { cause: e, sql, params });
  }
  if (err.code === "SQLITE_BUSY") {
    return new VoxStoreError("UNAVAILABLE", `database is locked: ${err.message}`, { cause: e, sql, params });
  }
  return new VoxStoreError("QUERY", `${err.message ?? String(e)} (in: ${sql.trim().slice(0, 200)})`, {
    cause: e,
    sql,
    params,
  });
}

const bind = (params: readonly unknown[]): unknown[] =>
  params.map((p) => (p === undefined ? null : typeof p === "boolean" ? (p ? 1 : 0) : p));

class SqliteDriver implements Driver {
  readonly dialect = "sqlite" as const;
  private readonly statements = new Map<string, Database.Statement>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database.Database,
    private readonly inTx = false,
  ) {}

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      if (this.statements.size < 5_000) this.statements.set(sql, s);
    }
    return s;
  }
  /** Runs `fn` after every earlier caller has finished (inside a transaction: at once). */
  private serial<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.inTx) return Promise.resolve().then(fn);
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
  private allNow<T>(sql: string, params: readonly unknown[]): T[] {
    try {
      const s = this.stmt(sql);
      if (s.reader) return s.all(...bind(params)) as T[];
      s.run(...bind(params));
      return [];
    } catch (e) {
      throw wrap(e, sql, params);
    }
  }
  all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.serial(() => this.allNow<T>(sql, params));
  }
  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.serial(() => {
      try {
        const s = this.stmt(sql);
        if (s.reader) return s.all(...bind(params)).length;
        return s.run(...bind(params)).changes;
      } catch (e) {
        throw wrap(e, sql, params);
      }
    });
  }
  exec(sql: string): Promise<void> {
    return this.serial(() => {
      try {
        this.db.exec(sql);
      } catch (e) {
        throw wrap(e, sql, []);
      }
    });
  }
  tx<T>(fn: (d: Driver) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    return this.serial(async () => {
      const inner = new SqliteDriver(this.db, true);
      (inner as unknown as { statements: Map<string, Database.Statement> }).statements = this.statements;
      this.stmt("BEGIN IMMEDIATE").run();
      try {
        const out = await fn(inner);
        this.stmt("COMMIT").run();
        return out;
      } catch (e) {
        if (this.db.inTransaction) this.stmt("ROLLBACK").run();
        throw e;
      }
    });
  }
  close(): Promise<void> {
    return this.serial(() => {
      if (this.db.open) this.db.close();
    });
  }
}

/** Opens (creating if needed) a SQLite database file in WAL mode; ":memory:" for a throwaway one. */
export function openSqliteDriver(path: string, options: SqliteOptions = {}): Driver {
  const { synchronous = "NORMAL", busyTimeoutMs = 5000 } = options;
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (e) {
    throw new VoxStoreError("UNAVAILABLE", `cannot open SQLite database ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma("foreign_keys = ON");
  return new SqliteDriver(db);
}
