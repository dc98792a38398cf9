/**
 * @vox/storage: one async Store interface for everything vox keeps (projects, items, users, assignments,
 * annotations, gold, predictions, jobs, audit log), with SQLite (embedded default, WAL) and PostgreSQL
 * implementations that pass one conformance suite.
 */
export { STORE_ERROR_CODES, type StoreErrorCode, VoxStoreError } from "./errors.js";
export { type OpenStoreOptions, openPostgresStore, openSqliteStore, openStore } from "./openStore.js";
export { MIGRATIONS, type Migration } from "./sql/migrations.js";
export {
  type Annotation,
  type Assignment,
  type AuditEntry,
  type Item,
  type Job,
  type JobStatus,
  type Member,
  type ModelVersion,
  type NewItem,
  type Page,
  type Prediction,
  type Project,
  type Review,
  ROLES,
  type Role,
  type Store,
  type Token,
  type User,
} from "./types.js";
