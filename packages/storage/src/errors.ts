/**
 * The one error class of @vox/storage. `code` comes from STORE_ERROR_CODES; the server maps each code to an HTTP
 * status (noted beside it). A failed query keeps its SQL and parameters, and the driver's error as `cause`.
 */
export const STORE_ERROR_CODES = {
  /** A row that was asked for does not exist (404). */
  NOT_FOUND: "NOT_FOUND",
  /** A unique key is taken: a user or project name, an item id in a project (409). */
  DUPLICATE: "DUPLICATE",
  /** The request conflicts with the stored state: an annotation id reused for other content, an item already judged (409). */
  CONFLICT: "CONFLICT",
  /** A submission for an item whose lease expired and whose slot went to someone else (409). */
  LEASE_EXPIRED: "LEASE_EXPIRED",
  /** A submission for an item that was never handed to this rater (409). */
  NOT_ASSIGNED: "NOT_ASSIGNED",
  /** The database cannot be reached or is shutting down (503). */
  UNAVAILABLE: "UNAVAILABLE",
  /** A migration failed; the database is left at the previous version (500). */
  MIGRATION: "MIGRATION",
  /** Any other failed query (500). */
  QUERY: "QUERY",
} as const;

/** One of the storage error codes. */
export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;

/** An error from a Store, with a stable `code` and, for failed queries, the SQL and parameters. */
export class VoxStoreError extends Error {
  readonly code: StoreErrorCode;
  readonly sql: string | undefined;
  readonly params: readonly unknown[] | undefined;

  constructor(
    code: StoreErrorCode,
    message: string,
    options: { cause?: unknown; sql?: string; params?: readonly unknown[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "VoxStoreError";
    this.code = code;
    this.sql = options.sql;
    this.params = options.params;
  }
}
