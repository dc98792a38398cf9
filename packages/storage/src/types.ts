/** The rows a Store keeps and the Store interface that the SQLite and PostgreSQL implementations share. */

/** A role: admins manage everything, reviewers read labels and adjudicate in their projects, annotators label. */
export type Role = "admin" | "reviewer" | "annotator";

/** Every role, most privileged first. */
export const ROLES: readonly Role[] = ["admin", "reviewer", "annotator"];

/** A person (or a script) who signs in. */
export interface User {
  id: number;
  name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash`, or null for accounts that sign in only with API tokens. */
  passwordHash: string | null;
  disabled: boolean;
  createdAt: number;
}

/** A bearer credential; only its SHA-256 hash is stored. */
export interface Token {
  id: number;
  userId: number;
  /** "session" from a password login, "api" for scripts. */
  kind: "session" | "api";
  name: string;
  createdAt: number;
  /** Epoch ms after which the token no longer works; null = never. */
  expiresAt: number | null;
}

/** A labelling project. `schema` and `settings` are opaque JSON here; the server gives them meaning. */
export interface Project {
  id: number;
  name: string;
  schema: unknown;
  guidelines: string;
  settings: unknown;
  createdAt: number;
}

/** A user's membership of a project, with their qualification state. */
export interface Member {
  projectId: number;
  userId: number;
  qualification: "pending" | "qualified" | "failed";
}

/** An item to label. */
export interface Item {
  id: number;
  projectId: number;
  /** The id the item was imported with (unique per project). */
  externalId: string;
  data: unknown;
  /** The hidden gold answer of a gold (honeypot) item, else null. */
  gold: unknown;
  isGold: boolean;
  /** Higher is served first (active learning scores). */
  priority: number;
  /** Judgments wanted (the overlap; adaptive overlap may raise it). */
  target: number;
  /** Judgments received. */
  done: number;
  /** Leases outstanding. */
  leased: number;
  /** A flag set by a job or a reviewer (e.g. "issue"), else null. */
  flag: string | null;
  createdAt: number;
}

/** An item to insert. */
export interface NewItem {
  externalId: string;
  data: unknown;
  gold?: unknown;
  priority?: number;
}

/** The hand-out of one item to one rater. */
export interface Assignment {
  id: number;
  projectId: number;
  itemId: number;
  userId: number;
  status: "leased" | "done" | "skipped" | "expired";
  isGold: boolean;
  createdAt: number;
  expiresAt: number;
}

/** One rater's judgment of one item. */
export interface Annotation {
  /** Client-supplied id: resubmitting the same id is a no-op. */
  id: string;
  /** Insertion order, for stable paging. */
  seq: number;
  projectId: number;
  itemId: number;
  userId: number;
  value: unknown;
  isGold: boolean;
  /** For gold items: whether the value matched the gold answer, else null. */
  correct: boolean | null;
  durationMs: number | null;
  createdAt: number;
}

/** A reviewer's adjudicated label for an item; the latest one wins. */
export interface Review {
  id: number;
  projectId: number;
  itemId: number;
  userId: number;
  value: unknown;
  note: string;
  createdAt: number;
}

/** A model whose predictions were uploaded. */
export interface ModelVersion {
  id: number;
  projectId: number;
  name: string;
  meta: unknown;
  createdAt: number;
}

/** One model's prediction for one item. */
export interface Prediction {
  modelVersionId: number;
  itemId: number;
  /** Class probabilities (in the schema's class order), or null. */
  probs: number[] | null;
  score: number | null;
}

/** The state of a background job. */
export type JobStatus = "queued" | "running" | "done" | "failed";

/** A background job. */
export interface Job {
  id: number;
  projectId: number | null;
  kind: string;
  payload: unknown;
  status: JobStatus;
  attempts: number;
  runAfter: number;
  lockedBy: string | null;
  lockedUntil: number | null;
  result: unknown;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

/** One line of the audit log. */
export interface AuditEntry {
  id: number;
  at: number;
  userId: number | null;
  action: string;
  target: string;
  detail: unknown;
}

/** A page request: rows after `after` (an id or seq), at most `limit` of them. */
export interface Page {
  after?: number;
  limit?: number;
}

/**
 * Everything vox keeps. Both implementations (SQLite, PostgreSQL) pass one conformance suite
 * (`src/testing/conformance.ts`). Times are epoch milliseconds passed in by the caller (`now`), so tests control
 * the clock. Methods that change several rows run in one transaction; `transaction(fn)` groups more.
 */
export interface Store {
  /** "sqlite" or "postgres". */
  readonly dialect: "sqlite" | "postgres";

  /** Runs `fn` in one transaction (nested calls join it); rolls back when it throws. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Applies pending migrations; returns the versions applied. */
  migrate(): Promise<number[]>;
  /** Closes connections. */
  close(): Promise<void>;

  createUser(user: { name: string; role: Role; passwordHash?: string | null; now: number }): Promise<User>;
  getUser(id: number): Promise<User | undefined>;
  getUserByName(name: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;
  updateUser(
    id: number,
    patch: { role?: Role; passwordHash?: string | null; disabled?: boolean },
  ): Promise<User>;
  countUsers(): Promise<number>;

  createToken(token: Omit<Token, "id" | "createdAt"> & { hash: string; now: number }): Promise<Token>;
  /** The unexpired token with this hash and its (enabled) user. */
  findToken(hash: string, now: number): Promise<{ token: Token; user: User } | undefined>;
  listTokens(userId: number): Promise<Token[]>;
  deleteToken(id: number, userId: number): Promise<boolean>;

  createProject(p: {
    name: string;
    schema: unknown;
    guidelines?: string;
    settings: unknown;
    now: number;
  }): Promise<Project>;
  getProject(id: number): Promise<Project | undefined>;
  getProjectByName(name: string): Promise<Project | undefined>;
  /** All projects, or only those `memberId` belongs to. */
  listProjects(filter?: { memberId?: number }): Promise<Project[]>;
  updateProject(
    id: number,
    patch: { name?: string; schema?: unknown; guidelines?: string; settings?: unknown },
  ): Promise<Project>;

  /** A project and the user's membership of it (undefined when not a member), in one query. */
  getProjectAndMember(
    projectId: number,
    userId: number,
  ): Promise<{ project: Project; member: Member | undefined } | undefined>;
  addMember(projectId: number, userId: number): Promise<Member>;
  removeMember(projectId: number, userId: number): Promise<boolean>;
  getMember(projectId: number, userId: number): Promise<Member | undefined>;
  listMembers(projectId: number): Promise<Member[]>;
  setQualification(projectId: number, userId: number, state: Member["qualification"]): Promise<void>;

  /** Inserts items with overlap `target`; ids already in the project are skipped and counted. */
  insertItems(
    projectId: number,
    items: readonly NewItem[],
    options: { target: number; now: number },
  ): Promise<{ inserted: number; skipped: number }>;
  getItem(id: number): Promise<Item | undefined>;
  getItemByExternalId(projectId: number, externalId: string): Promise<Item | undefined>;
  listItems(projectId: number, page?: Page & { gold?: boolean; flagged?: boolean }): Promise<Item[]>;
  getItems(ids: readonly number[]): Promise<Item[]>;
  countItems(
    projectId: number,
  ): Promise<{ total: number; gold: number; complete: number; judgments: number; leased: number }>;
  /** Makes an item gold with a hidden answer (null: an ordinary item again). */
  setGold(itemId: number, answer: unknown): Promise<void>;
  setPriorities(updates: readonly { itemId: number; priority: number }[]): Promise<void>;
  /** Sets the judgments wanted for an item (adaptive overlap); reopens it when more are wanted. */
  setTarget(itemId: number, target: number): Promise<void>;
  setFlag(itemIds: readonly number[], flag: string | null): Promise<void>;

  /**
   * Leases the next item to `userId`: a gold item they have not seen (`gold: true`) or the highest-priority open
   * item they have not seen, locking it so that concurrent callers (other processes included) never over-assign.
   */
  leaseNext(args: {
    projectId: number;
    userId: number;
    gold: boolean;
    leaseMs: number;
    now: number;
  }): Promise<{ assignment: Assignment; item: Item } | undefined>;
  /** The user's unexpired lease in this project, if any. */
  activeLease(projectId: number, userId: number, now: number): Promise<Assignment | undefined>;
  /** The user's unexpired leases in this project, soonest to expire first (at most `limit`, default 10). */
  activeLeases(args: {
    projectId: number;
    userId: number;
    now: number;
    limit?: number;
  }): Promise<Assignment[]>;
  getAssignment(id: number): Promise<Assignment | undefined>;
  /** Counts the user's assignments in a project (any status), gold ones separately. */
  countAssignments(projectId: number, userId: number): Promise<{ total: number; gold: number }>;
  /** Gives a leased item back without judging it; the user will not be offered it again. */
  skip(assignmentId: number, userId: number): Promise<Assignment>;
  /** Expires leases past their time so their items return to the pool; returns how many. */
  reclaimExpired(projectId: number, now: number): Promise<number>;

  /**
   * Records a judgment, idempotently by `id`: the same id with the same content returns the stored row
   * (`created: false`); the same id with other content is a CONFLICT. The item must have been leased to the user
   * (NOT_ASSIGNED otherwise); a late submission after the lease expired is accepted while the item still has a
   * free slot (LEASE_EXPIRED otherwise). A new judgment of an ordinary item returns the item's updated counters.
   */
  submitAnnotation(a: {
    id: string;
    projectId: number;
    itemId: number;
    userId: number;
    value: unknown;
    correct: boolean | null;
    durationMs: number | null;
    now: number;
  }): Promise<{ annotation: Annotation; created: boolean; item?: Item }>;
  /**
   * Imports finished judgments (from Label Studio, Prodigy…): each becomes a done assignment plus its annotation and
   * counts towards the item's overlap. Rows whose id, or whose (item, rater) pair, is already present are skipped.
   */
  importAnnotations(
    rows: readonly {
      id: string;
      projectId: number;
      itemId: number;
      userId: number;
      value: unknown;
      durationMs?: number | null;
      now: number;
    }[],
  ): Promise<{ inserted: number; skipped: number }>;
  getAnnotation(id: string): Promise<Annotation | undefined>;
  /** Replaces a stored judgment's value (and its gold correctness); NOT_FOUND when there is no such judgment. */
  amendAnnotation(a: { id: string; value: unknown; correct: boolean | null }): Promise<Annotation>;
  listAnnotations(
    projectId: number,
    filter?: Page & { userId?: number; itemId?: number; gold?: boolean },
  ): Promise<Annotation[]>;
  /** The annotations of these items, in seq order. */
  annotationsOfItems(itemIds: readonly number[]): Promise<Annotation[]>;
  /** Judgments of the project created at or after `since`. */
  countAnnotationsSince(projectId: number, since: number): Promise<number>;

  addReview(r: {
    projectId: number;
    itemId: number;
    userId: number;
    value: unknown;
    note?: string;
    now: number;
  }): Promise<Review>;
  /** Reviews of a project (or of some items), latest last. */
  listReviews(projectId: number, itemIds?: readonly number[]): Promise<Review[]>;

  createModelVersion(m: {
    projectId: number;
    name: string;
    meta?: unknown;
    now: number;
  }): Promise<ModelVersion>;
  listModelVersions(projectId: number): Promise<ModelVersion[]>;
  putPredictions(predictions: readonly Prediction[]): Promise<void>;
  /** Predictions of one model version for these items (all its items when omitted). */
  getPredictions(modelVersionId: number, itemIds?: readonly number[]): Promise<Prediction[]>;

  /** Queues a job; with `dedupeKey`, returns the already-queued job with that key instead of a second one. */
  enqueueJob(j: {
    projectId?: number | null;
    kind: string;
    payload?: unknown;
    runAfter?: number;
    dedupeKey?: string;
    now: number;
  }): Promise<Job>;
  /**
   * Claims the oldest runnable job (queued and due, or running with an expired lock) for `workerId`, locking it for
   * `leaseMs`; concurrent workers in other processes never claim the same job.
   */
  claimJob(args: {
    workerId: string;
    kinds?: readonly string[];
    leaseMs: number;
    now: number;
  }): Promise<Job | undefined>;
  completeJob(id: number, result: unknown, now: number): Promise<void>;
  /** Marks a job failed, or queues it again at `retryAt`. */
  failJob(id: number, error: string, options: { now: number; retryAt?: number }): Promise<void>;
  getJob(id: number): Promise<Job | undefined>;
  listJobs(filter?: Page & { projectId?: number; status?: JobStatus }): Promise<Job[]>;

  audit(entry: {
    userId: number | null;
    action: string;
    target: string;
    detail?: unknown;
    now: number;
  }): Promise<void>;
  listAudit(page?: Page): Promise<AuditEntry[]>;
}
