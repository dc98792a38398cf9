// Migrations: neutral DDL (type tokens replaced per dialect by `ddl`), applied in order, each in a transaction.
import { VoxStoreError } from "../errors.js";
import { ddl } from "./dialect.js";
import type { Driver } from "./driver.js";

/** One schema change. Never edit a released migration: add the next one. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The schema, version by version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial",
    sql: `
CREATE TABLE users (
  id {id}, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, password_hash TEXT,
  disabled INTEGER NOT NULL DEFAULT 0, created_at {bigint} NOT NULL);
CREATE TABLE tokens (
  id {id}, user_id {bigint} NOT NULL REFERENCES users(id) ON DELETE CASCADE, hash TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL, name TEXT NOT NULL, created_at {bigint} NOT NULL, expires_at {bigint});
CREATE INDEX tokens_user ON tokens (user_id);
CREATE TABLE projects (
  id {id}, name TEXT NOT NULL UNIQUE, schema TEXT NOT NULL, guidelines TEXT NOT NULL DEFAULT '',
  settings TEXT NOT NULL, created_at {bigint} NOT NULL);
CREATE TABLE members (
  project_id {bigint} NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id {bigint} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  qualification TEXT NOT NULL DEFAULT 'pending', PRIMARY KEY (project_id, user_id));
CREATE INDEX members_user ON members (user_id);
CREATE TABLE items (
  id {id}, project_id {bigint} NOT NULL REFERENCES projects(id) ON DELETE CASCADE, external_id TEXT NOT NULL,
  data TEXT NOT NULL, gold TEXT, is_gold INTEGER NOT NULL DEFAULT 0, priority {real} NOT NULL DEFAULT 0,
  target INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0, leased INTEGER NOT NULL DEFAULT 0,
  open INTEGER NOT NULL DEFAULT 1, flag TEXT, created_at {bigint} NOT NULL, UNIQUE (project_id, external_id));
CREATE INDEX items_next ON items (project_id, priority DESC, id) WHERE open = 1;
CREATE INDEX items_gold ON items (project_id, id) WHERE is_gold = 1;
CREATE INDEX items_flag ON items (project_id, id) WHERE flag IS NOT NULL;
CREATE TABLE assignments (
  id {id}, project_id {bigint} NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  item_id {bigint} NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  user_id {bigint} NOT NULL REFERENCES users(id) ON DELETE CASCADE, status TEXT NOT NULL,
  is_gold INTEGER NOT NULL, created_at {bigint} NOT NULL, expires_at {bigint} NOT NULL, UNIQUE (item_id, user_id));
CREATE INDEX assignments_user ON assignments (project_id, user_id, status);
CREATE INDEX assignments_lease ON assignments (project_id, expires_at) WHERE status = 'leased';
CREATE INDEX assignments_active ON assignments (project_id, user_id, expires_at) WHERE status = 'leased';
CREATE TABLE annotations (
  seq {id}, id TEXT NOT NULL UNIQUE, project_id {bigint} NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  item_id {bigint} NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  user_id {bigint} NOT NULL REFERENCES users(id) ON DELETE CASCADE, value TEXT NOT NULL,
  is_gold INTEGER NOT NULL, correct INTEGER, duration_ms {real}, created_at {bigint} NOT NULL);
CREATE INDEX annotations_project ON annotations (project_id, seq);
CREATE INDEX annotations_item ON annotations (item_id);
CREATE INDEX annotations_user ON annotations (project_id, user_id, seq);
CREATE TABLE reviews (
  id {id}, project_id {bigint} NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  item_id {bigint} NOT NULL REFERENCES items(id) ON DELETE CASCADE, user_id {bigint} NOT NULL REFERENCES users(id),
  value TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', created_at {bigint} NOT NULL);
CREATE INDEX reviews_item ON reviews (project_id, item_id);
CREATE TABLE model_versions (
  id {id}, project_id {bigint} NOT NULL REFERENCES projects(id) ON DELETE CASCADE, name TEXT NOT NULL,
  meta TEXT, created_at {bigint} NOT NULL);
CREATE TABLE predictions (
  model_version_id {bigint} NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
  item_id {bigint} NOT NULL REFERENCES items(id) ON DELETE CASCADE, probs TEXT, score {real},
  PRIMARY KEY (model_version_id, item_id));
CREATE TABLE jobs (
  id {id}, project_id {bigint} REFERENCES projects(id) ON DELETE CASCADE, kind TEXT NOT NULL, payload TEXT NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, run_after {bigint} NOT NULL, locked_by TEXT,
  locked_until {bigint}, result TEXT, error TEXT, dedupe_key TEXT, created_at {bigint} NOT NULL,
  updated_at {bigint} NOT NULL);
CREATE INDEX jobs_ready ON jobs (status, run_after, id);
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key) WHERE status = 'queued';
CREATE TABLE audit (
  id {id}, at {bigint} NOT NULL, user_id {bigint}, action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT);
`,
  },
];

/** Applies the migrations newer than the database's version, each in its own transaction; returns them. */
export async function migrate(db: Driver, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.exec(
    ddl(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at {bigint} NOT NULL)",
      db.dialect,
    ),
  );
  const applied: number[] = [];
  for (const m of migrations) {
    try {
      const did = await db.tx(async (d) => {
        // Under PostgreSQL two processes may start at once: the lock makes the second wait, then see the row.
        if (d.dialect === "postgres") await d.exec("LOCK TABLE schema_migrations IN EXCLUSIVE MODE");
        const done = await d.all("SELECT version FROM schema_migrations WHERE version = ?", [m.version]);
        if (done.length > 0) return false;
        await d.exec(ddl(m.sql, d.dialect));
        await d.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
          m.version,
          m.name,
          Date.now(),
        ]);
        return true;
      });
      if (did) applied.push(m.version);
    } catch (e) {
      throw new VoxStoreError(
        "MIGRATION",
        `migration ${m.version} (${m.name}) failed: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }
  return applied;
}
