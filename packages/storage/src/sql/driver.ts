/** The little a SQL store needs from a database driver; the dialect differences live in `dialect.ts`. */
export interface Driver {
  readonly dialect: "sqlite" | "postgres";
  /** Runs a statement (with `?` placeholders) and returns its rows (RETURNING rows for writes). */
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement and returns the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in a transaction on one connection; nested calls join the outer transaction. */
  tx<T>(fn: (d: Driver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
