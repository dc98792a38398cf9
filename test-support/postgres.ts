// PostgreSQL for tests: $VOX_PG_URL (default postgres://postgres@127.0.0.1:5432/test). Each caller gets a fresh
// schema, dropped after the test file; when the server is unreachable the tests skip with a printed reason.
import pg from "pg";
import { afterAll } from "vitest";

/** The PostgreSQL URL tests use. */
export const PG_URL = process.env.VOX_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

let probe: Promise<string | undefined> | undefined;
/** Resolves to undefined when PostgreSQL answers, else to the reason (printed once) to skip. */
export function postgresUnavailable(): Promise<string | undefined> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return undefined;
    } catch (e) {
      const reason = `skipping PostgreSQL tests: ${PG_URL} unreachable (${(e as Error).message}); set VOX_PG_URL`;
      console.warn(reason);
      return reason;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probe;
}

let counter = 0;
const created: string[] = [];
/** A new schema name, unique to this process and call; dropped (CASCADE) after the test file. */
export function freshSchema(prefix = "vox_test"): string {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  created.push(name);
  return name;
}

afterAll(dropSchemas);

/** Drops every schema made by freshSchema in this process. */
export async function dropSchemas(): Promise<void> {
  if (created.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
    for (const s of created.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } catch {
    // nothing to clean when the server is gone
  } finally {
    await client.end().catch(() => undefined);
  }
}
