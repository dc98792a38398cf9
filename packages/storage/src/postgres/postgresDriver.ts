// node-postgres behind the async Driver interface: a pool; transactions take one client; `?` becomes `$n`.
import pg from "pg";
import { VoxStoreError } from "../errors.js";
import { toPgPlaceholders } from "../sql/dialect.js";
import type { Driver } from "../sql/driver.js";

/** Options for `openPostgresDriver`. */
export interface PostgresOptions {
  /** Schema that holds vox's tables (created if missing). Default "public". */
  schema?: string;
  /** Pool size. Default 10. */
  max?: number;
}

// BIGINT columns (ids, epoch-ms times) and COUNT(*) come back as strings by default; ours fit in a double.
const types = {
  getTypeParser: (oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as "text"),
};

const RETRYABLE = new Set(["40001", "40P01"]);

function wrap(e: unknown, sql: string, params: readonly unknown[]): VoxStoreError {
  if (e instanceof VoxStoreError) return e;
  const err = e as { code?: string; message?: string };
  if (err.code === "23505")
    return new VoxStoreError("DUPLICATE", err.message ?? "unique violation", { cause: e, sql, params });
  if (err.code === "ECONNREFUSED" || err.code === "57P01" || err.code === "ENOTFOUND") {
    return new VoxStoreError("UNAVAILABLE", `PostgreSQL unavailable: ${err.message}`, {
      cause: e,
      sql,
      params,
    });
  }
  return new VoxStoreError("QUERY", `${err.message ?? String(e)} (in: ${sql.trim().slice(0, 200)})`, {
    cause: e,
    sql,
    params,
  });
}

const bind = (params: readonly unknown[]): unknown[] => params.map((p) => (p === undefined ? null : p));

/**
 * One Driver over either the pool (each statement on any connection; `tx` takes a client) or a client inside a
 * transaction (where `tx` joins the transaction in progress).
 */
class PgDriver implements Driver {
  readonly dialect = "postgres" as const;
  constructor(
    private readonly q: pg.Pool | pg.PoolClient,
    private readonly pool?: pg.Pool,
  ) {}
  private async query(sql: string, params: readonly unknown[]) {
    try {
      return await this.q.query({ text: toPgPlaceholders(sql), values: bind(params), types });
    } catch (e) {
      throw wrap(e, sql, params);
    }
  }
  async all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }
  async exec(sql: string): Promise<void> {
    try {
      await this.q.query(sql);
    } catch (e) {
      throw wrap(e, sql, []);
    }
  }
  async tx<T>(fn: (d: Driver) => Promise<T>): Promise<T> {
    const pool = this.pool;
    if (!pool) return fn(this);
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw wrap(e, "connect", []);
      }
      try {
        await client.query("BEGIN");
        const out = await fn(new PgDriver(client));
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        const code = ((e as { cause?: { code?: string } }).cause ?? (e as { code?: string })).code;
        // Serialization failures and deadlocks are safe to retry: the transaction left nothing behind.
        if (attempt < 4 && code !== undefined && RETRYABLE.has(code)) continue;
        throw e;
      } finally {
        client.release();
      }
    }
  }
  async close(): Promise<void> {
    if (this.pool) await this.pool.end();
  }
}

/** Connects a pool to PostgreSQL at `url`, with `search_path` set to `schema` (created if missing). */
export async function openPostgresDriver(url: string, options: PostgresOptions = {}): Promise<Driver> {
  const { schema = "public", max = 10 } = options;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new VoxStoreError(
      "QUERY",
      `schema name must be lower-case letters, digits and _ (got ${JSON.stringify(schema)})`,
    );
  }
  const pool = new pg.Pool({ connectionString: url, max, options: `-c search_path=${schema}` });
  pool.on("error", () => undefined); // an idle client's connection dropped: the pool replaces it
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (e) {
    // Two processes creating the schema at once: the loser sees a unique violation, and the schema exists.
    if ((e as { code?: string }).code !== "23505") {
      await pool.end().catch(() => undefined);
      throw wrap(e, `CREATE SCHEMA ${schema}`, []);
    }
  }
  return new PgDriver(pool, pool);
}
