// The Store over any SQL Driver: the same statements run on SQLite and PostgreSQL (dialect.ts has the differences).
import { VoxStoreError } from "../errors.js";
import type {
  Annotation,
  Assignment,
  AuditEntry,
  Item,
  Job,
  JobStatus,
  Member,
  ModelVersion,
  NewItem,
  Page,
  Prediction,
  Project,
  Review,
  Role,
  Store,
  Token,
  User,
} from "../types.js";
import { forUpdate, skipLocked } from "./dialect.js";
import type { Driver } from "./driver.js";
import { migrate } from "./migrations.js";

type Row = Record<string, unknown>;

const json = (v: unknown): string => JSON.stringify(v ?? null);
const parse = (v: unknown): unknown => (v === null || v === undefined ? null : JSON.parse(String(v)));
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string => String(v);

const toUser = (r: Row): User => ({
  id: num(r.id),
  name: str(r.name),
  role: r.role as Role,
  passwordHash: (r.password_hash as string | null) ?? null,
  disabled: num(r.disabled) === 1,
  createdAt: num(r.created_at),
});
const toToken = (r: Row): Token => ({
  id: num(r.id),
  userId: num(r.user_id),
  kind: r.kind as Token["kind"],
  name: str(r.name),
  createdAt: num(r.created_at),
  expiresAt: numOrNull(r.expires_at),
});
const toProject = (r: Row): Project => ({
  id: num(r.id),
  name: str(r.name),
  schema: parse(r.schema),
  guidelines: str(r.guidelines),
  settings: parse(r.settings),
  createdAt: num(r.created_at),
});
const toMember = (r: Row): Member => ({
  projectId: num(r.project_id),
  userId: num(r.user_id),
  qualification: r.qualification as Member["qualification"],
});
const toItem = (r: Row): Item => ({
  id: num(r.id),
  projectId: num(r.project_id),
  externalId: str(r.external_id),
  data: parse(r.data),
  gold: parse(r.gold),
  isGold: num(r.is_gold) === 1,
  priority: num(r.priority),
  target: num(r.target),
  done: num(r.done),
  leased: num(r.leased),
  flag: (r.flag as string | null) ?? null,
  createdAt: num(r.created_at),
});
const toAssignment = (r: Row): Assignment => ({
  id: num(r.id),
  projectId: num(r.project_id),
  itemId: num(r.item_id),
  userId: num(r.user_id),
  status: r.status as Assignment["status"],
  isGold: num(r.is_gold) === 1,
  createdAt: num(r.created_at),
  expiresAt: num(r.expires_at),
});
const toAnnotation = (r: Row): Annotation => ({
  id: str(r.id),
  seq: num(r.seq),
  projectId: num(r.project_id),
  itemId: num(r.item_id),
  userId: num(r.user_id),
  value: parse(r.value),
  isGold: num(r.is_gold) === 1,
  correct: r.correct === null || r.correct === undefined ? null : num(r.correct) === 1,
  durationMs: numOrNull(r.duration_ms),
  createdAt: num(r.created_at),
});
const toReview = (r: Row): Review => ({
  id: num(r.id),
  projectId: num(r.project_id),
  itemId: num(r.item_id),
  userId: num(r.user_id),
  value: parse(r.value),
  note: str(r.note),
  createdAt: num(r.created_at),
});
const toModel = (r: Row): ModelVersion => ({
  id: num(r.id),
  projectId: num(r.project_id),
  name: str(r.name),
  meta: parse(r.meta),
  createdAt: num(r.created_at),
});
const toPrediction = (r: Row): Prediction => ({
  modelVersionId: num(r.model_version_id),
  itemId: num(r.item_id),
  probs: parse(r.probs) as number[] | null,
  score: numOrNull(r.score),
});
const toJob = (r: Row): Job => ({
  id: num(r.id),
  projectId: numOrNull(r.project_id),
  kind: str(r.kind),
  payload: parse(r.payload),
  status: r.status as JobStatus,
  attempts: num(r.attempts),
  runAfter: num(r.run_after),
  lockedBy: (r.locked_by as string | null) ?? null,
  lockedUntil: numOrNull(r.locked_until),
  result: parse(r.result),
  error: (r.error as string | null) ?? null,
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});
const toAudit = (r: Row): AuditEntry => ({
  id: num(r.id),
  at: num(r.at),
  userId: numOrNull(r.user_id),
  action: str(r.action),
  target: str(r.target),
  detail: parse(r.detail),
});

/** Splits a long id list so no statement exceeds the drivers' parameter limits. */
function chunks<T>(xs: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
const marks = (n: number): string => new Array(n).fill("?").join(", ");
const limitOf = (page: Page | undefined, max = 10_000): number =>
  Math.max(1, Math.min(max, Math.floor(page?.limit ?? 1000)));

/** Whether the row is still open for more judgments: `open` is kept in step with target/done/leased. */
const OPEN = "CASE WHEN is_gold = 0 AND done + leased < target THEN 1 ELSE 0 END";

/** A Store on a SQL Driver. Every method is one statement or one transaction. */
export class SqlStore implements Store {
  readonly dialect: "sqlite" | "postgres";

  constructor(private readonly db: Driver) {
    this.dialect = db.dialect;
  }

  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return this.db.tx((d) => fn(d === this.db ? this : new SqlStore(d)));
  }
  migrate(): Promise<number[]> {
    return migrate(this.db);
  }
  close(): Promise<void> {
    return this.db.close();
  }

  private async one<T>(sql: string, params: readonly unknown[], map: (r: Row) => T): Promise<T | undefined> {
    const rows = await this.db.all<Row>(sql, params);
    return rows[0] === undefined ? undefined : map(rows[0]);
  }
  private async must<T>(what: string, v: Promise<T | undefined>): Promise<T> {
    const r = await v;
    if (r === undefined) throw new VoxStoreError("NOT_FOUND", `${what} not found`);
    return r;
  }

  // ---- users and tokens
  createUser(u: { name: string; role: Role; passwordHash?: string | null; now: number }): Promise<User> {
    return this.must(
      "user",
      this.one(
        "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING *",
        [u.name, u.role, u.passwordHash ?? null, u.now],
        toUser,
      ),
    );
  }
  getUser(id: number): Promise<User | undefined> {
    return this.one("SELECT * FROM users WHERE id = ?", [id], toUser);
  }
  getUserByName(name: string): Promise<User | undefined> {
    return this.one("SELECT * FROM users WHERE name = ?", [name], toUser);
  }
  async listUsers(): Promise<User[]> {
    return (await this.db.all<Row>("SELECT * FROM users ORDER BY id", [])).map(toUser);
  }
  async updateUser(
    id: number,
    patch: { role?: Role; passwordHash?: string | null; disabled?: boolean },
  ): Promise<User> {
    const sets: string[] = [];
    const params: unknown[] = [];
    if (patch.role !== undefined) sets.push("role = ?") && params.push(patch.role);
    if (patch.passwordHash !== undefined) sets.push("password_hash = ?") && params.push(patch.passwordHash);
    if (patch.disabled !== undefined) sets.push("disabled = ?") && params.push(patch.disabled ? 1 : 0);
    if (sets.length === 0) return this.must("user", this.getUser(id));
    return this.must(
      "user",
      this.one(`UPDATE users SET ${sets.join(", ")} WHERE id = ? RETURNING *`, [...params, id], toUser),
    );
  }
  async countUsers(): Promise<number> {
    const rows = await this.db.all<Row>("SELECT COUNT(*) AS n FROM users", []);
    return num(rows[0]?.n ?? 0);
  }

  createToken(t: Omit<Token, "id" | "createdAt"> & { hash: string; now: number }): Promise<Token> {
    return this.must(
      "token",
      this.one(
        "INSERT INTO tokens (user_id, hash, kind, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
        [t.userId, t.hash, t.kind, t.name, t.now, t.expiresAt],
        toToken,
      ),
    );
  }
  async findToken(hash: string, now: number): Promise<{ token: Token; user: User } | undefined> {
    const rows = await this.db.all<Row>(
      `SELECT t.id AS t_id, t.user_id, t.kind, t.name AS t_name, t.created_at AS t_created_at, t.expires_at,
              u.id, u.name, u.role, u.password_hash, u.disabled, u.created_at
       FROM tokens t JOIN users u ON u.id = t.user_id
       WHERE t.hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled = 0`,
      [hash, now],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      token: toToken({ ...r, id: r.t_id, name: r.t_name, created_at: r.t_created_at }),
      user: toUser(r),
    };
  }
  async listTokens(userId: number): Promise<Token[]> {
    return (await this.db.all<Row>("SELECT * FROM tokens WHERE user_id = ? ORDER BY id", [userId])).map(
      toToken,
    );
  }
  async deleteToken(id: number, userId: number): Promise<boolean> {
    return (await this.db.run("DELETE FROM tokens WHERE id = ? AND user_id = ?", [id, userId])) > 0;
  }

  // ---- projects and members
  createProject(p: {
    name: string;
    schema: unknown;
    guidelines?: string;
    settings: unknown;
    now: number;
  }): Promise<Project> {
    return this.must(
      "project",
      this.one(
        "INSERT INTO projects (name, schema, guidelines, settings, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *",
        [p.name, json(p.schema), p.guidelines ?? "", json(p.settings), p.now],
        toProject,
      ),
    );
  }
  getProject(id: number): Promise<Project | undefined> {
    return this.one("SELECT * FROM projects WHERE id = ?", [id], toProject);
  }
  getProjectByName(name: string): Promise<Project | undefined> {
    return this.one("SELECT * FROM projects WHERE name = ?", [name], toProject);
  }
  async listProjects(filter: { memberId?: number } = {}): Promise<Project[]> {
    const rows =
      filter.memberId === undefined
        ? await this.db.all<Row>("SELECT * FROM projects ORDER BY id", [])
        : await this.db.all<Row>(
            "SELECT p.* FROM projects p JOIN members m ON m.project_id = p.id WHERE m.user_id = ? ORDER BY p.id",
            [filter.memberId],
          );
    return rows.map(toProject);
  }
  async updateProject(
    id: number,
    patch: { name?: string; schema?: unknown; guidelines?: string; settings?: unknown },
  ): Promise<Project> {
    const sets: string[] = [];
    const params: unknown[] = [];
    if (patch.name !== undefined) sets.push("name = ?") && params.push(patch.name);
    if (patch.schema !== undefined) sets.push("schema = ?") && params.push(json(patch.schema));
    if (patch.guidelines !== undefined) sets.push("guidelines = ?") && params.push(patch.guidelines);
    if (patch.settings !== undefined) sets.push("settings = ?") && params.push(json(patch.settings));
    if (sets.length === 0) return this.must("project", this.getProject(id));
    return this.must(
      "project",
      this.one(`UPDATE projects SET ${sets.join(", ")} WHERE id = ? RETURNING *`, [...params, id], toProject),
    );
  }

  async getProjectAndMember(
    projectId: number,
    userId: number,
  ): Promise<{ project: Project; member: Member | undefined } | undefined> {
    const rows = await this.db.all<Row>(
      `SELECT p.*, m.user_id AS m_user_id, m.qualification AS m_qualification
       FROM projects p LEFT JOIN members m ON m.project_id = p.id AND m.user_id = ? WHERE p.id = ?`,
      [userId, projectId],
    );
    const r = rows[0];
    if (!r) return undefined;
    const member =
      r.m_user_id === null || r.m_user_id === undefined
        ? undefined
        : toMember({ project_id: r.id, user_id: r.m_user_id, qualification: r.m_qualification });
    return { project: toProject(r), member };
  }
  async addMember(projectId: number, userId: number): Promise<Member> {
    await this.db.run(
      "INSERT INTO members (project_id, user_id) VALUES (?, ?) ON CONFLICT (project_id, user_id) DO NOTHING",
      [projectId, userId],
    );
    return this.must("member", this.getMember(projectId, userId));
  }
  async removeMember(projectId: number, userId: number): Promise<boolean> {
    return (
      (await this.db.run("DELETE FROM members WHERE project_id = ? AND user_id = ?", [projectId, userId])) > 0
    );
  }
  getMember(projectId: number, userId: number): Promise<Member | undefined> {
    return this.one(
      "SELECT * FROM members WHERE project_id = ? AND user_id = ?",
      [projectId, userId],
      toMember,
    );
  }
  async listMembers(projectId: number): Promise<Member[]> {
    return (
      await this.db.all<Row>("SELECT * FROM members WHERE project_id = ? ORDER BY user_id", [projectId])
    ).map(toMember);
  }
  async setQualification(projectId: number, userId: number, state: Member["qualification"]): Promise<void> {
    await this.db.run("UPDATE members SET qualification = ? WHERE project_id = ? AND user_id = ?", [
      state,
      projectId,
      userId,
    ]);
  }

  // ---- items
  insertItems(
    projectId: number,
    items: readonly NewItem[],
    options: { target: number; now: number },
  ): Promise<{ inserted: number; skipped: number }> {
    return this.db.tx(async (d) => {
      let inserted = 0;
      for (const batch of chunks(items, 400)) {
        const params: unknown[] = [];
        for (const it of batch) {
          const gold = it.gold !== undefined && it.gold !== null;
          params.push(
            projectId,
            it.externalId,
            json(it.data),
            gold ? json(it.gold) : null,
            gold ? 1 : 0,
            it.priority ?? 0,
            options.target,
            gold ? 0 : 1,
            options.now,
          );
        }
        inserted += await d.run(
          `INSERT INTO items (project_id, external_id, data, gold, is_gold, priority, target, open, created_at)
           VALUES ${batch.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}
           ON CONFLICT (project_id, external_id) DO NOTHING`,
          params,
        );
      }
      return { inserted, skipped: items.length - inserted };
    });
  }
  getItem(id: number): Promise<Item | undefined> {
    return this.one("SELECT * FROM items WHERE id = ?", [id], toItem);
  }
  getItemByExternalId(projectId: number, externalId: string): Promise<Item | undefined> {
    return this.one(
      "SELECT * FROM items WHERE project_id = ? AND external_id = ?",
      [projectId, externalId],
      toItem,
    );
  }
  async listItems(
    projectId: number,
    page: Page & { gold?: boolean; flagged?: boolean } = {},
  ): Promise<Item[]> {
    const where = ["project_id = ?", "id > ?"];
    if (page.gold !== undefined) where.push(page.gold ? "is_gold = 1" : "is_gold = 0");
    if (page.flagged) where.push("flag IS NOT NULL");
    const rows = await this.db.all<Row>(
      `SELECT * FROM items WHERE ${where.join(" AND ")} ORDER BY id LIMIT ?`,
      [projectId, page.after ?? 0, limitOf(page)],
    );
    return rows.map(toItem);
  }
  async getItems(ids: readonly number[]): Promise<Item[]> {
    const out: Item[] = [];
    for (const c of chunks(ids)) {
      const rows = await this.db.all<Row>(
        `SELECT * FROM items WHERE id IN (${marks(c.length)}) ORDER BY id`,
        c,
      );
      for (const r of rows) out.push(toItem(r));
    }
    return out;
  }
  async countItems(
    projectId: number,
  ): Promise<{ total: number; gold: number; complete: number; judgments: number; leased: number }> {
    const rows = await this.db.all<Row>(
      `SELECT COUNT(*) AS total, COALESCE(SUM(is_gold), 0) AS gold,
              COALESCE(SUM(CASE WHEN is_gold = 0 AND done >= target THEN 1 ELSE 0 END), 0) AS complete,
              COALESCE(SUM(done), 0) AS judgments, COALESCE(SUM(leased), 0) AS leased
       FROM items WHERE project_id = ?`,
      [projectId],
    );
    const r = rows[0] ?? {};
    return {
      total: num(r.total ?? 0),
      gold: num(r.gold ?? 0),
      complete: num(r.complete ?? 0),
      judgments: num(r.judgments ?? 0),
      leased: num(r.leased ?? 0),
    };
  }
  async setGold(itemId: number, answer: unknown): Promise<void> {
    const gold = answer !== null && answer !== undefined;
    const n = await this.db.run(`UPDATE items SET gold = ?, is_gold = ? WHERE id = ?`, [
      gold ? json(answer) : null,
      gold ? 1 : 0,
      itemId,
    ]);
    if (n === 0) throw new VoxStoreError("NOT_FOUND", `item ${itemId} not found`);
    await this.db.run(`UPDATE items SET open = ${OPEN} WHERE id = ?`, [itemId]);
  }
  async setPriorities(updates: readonly { itemId: number; priority: number }[]): Promise<void> {
    await this.db.tx(async (d) => {
      for (const u of updates)
        await d.run("UPDATE items SET priority = ? WHERE id = ?", [u.priority, u.itemId]);
    });
  }
  async setTarget(itemId: number, target: number): Promise<void> {
    await this.db.run(`UPDATE items SET target = ? WHERE id = ?`, [target, itemId]);
    await this.db.run(`UPDATE items SET open = ${OPEN} WHERE id = ?`, [itemId]);
  }
  async setFlag(itemIds: readonly number[], flag: string | null): Promise<void> {
    for (const c of chunks(itemIds)) {
      await this.db.run(`UPDATE items SET flag = ? WHERE id IN (${marks(c.length)})`, [flag, ...c]);
    }
  }

  // ---- assignment
  leaseNext(args: {
    projectId: number;
    userId: number;
    gold: boolean;
    leaseMs: number;
    now: number;
  }): Promise<{ assignment: Assignment; item: Item } | undefined> {
    const { projectId, userId, gold, leaseMs, now } = args;
    if (!gold && this.dialect === "postgres") return this.leaseNextPg(args);
    return this.db.tx(async (d) => {
      const notSeen = "NOT EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id AND a.user_id = ?)";
      const pick = gold
        ? `SELECT i.id FROM items i WHERE i.project_id = ? AND i.is_gold = 1 AND ${notSeen} ORDER BY i.id LIMIT 1`
        : `SELECT i.id FROM items i WHERE i.project_id = ? AND i.open = 1 AND ${notSeen}
           ORDER BY i.priority DESC, i.id LIMIT 1${skipLocked(d.dialect)}`;
      const rows = await d.all<Row>(pick, [projectId, userId]);
      const row = rows[0];
      if (!row) return undefined;
      const itemId = num(row.id);
      const assignment = toAssignment(
        (
          await d.all<Row>(
            `INSERT INTO assignments (project_id, item_id, user_id, status, is_gold, created_at, expires_at)
             VALUES (?, ?, ?, 'leased', ?, ?, ?) RETURNING *`,
            [projectId, itemId, userId, gold ? 1 : 0, now, now + leaseMs],
          )
        )[0]!,
      );
      const items = gold
        ? await d.all<Row>("SELECT * FROM items WHERE id = ?", [itemId])
        : await d.all<Row>(
            `UPDATE items SET leased = leased + 1, open = CASE WHEN done + leased + 1 < target THEN 1 ELSE 0 END
             WHERE id = ? RETURNING *`,
            [itemId],
          );
      return { assignment, item: toItem(items[0]!) };
    });
  }
  /**
   * PostgreSQL: pick (row-locked, skipping rows others hold), count and insert in one statement, so a lease costs
   * one round trip instead of five. Same semantics as the transaction in leaseNext.
   */
  private async leaseNextPg(args: { projectId: number; userId: number; leaseMs: number; now: number }) {
    const { projectId, userId, leaseMs, now } = args;
    const rows = await this.db.all<Row>(
      `WITH pick AS (
         SELECT i.id FROM items i WHERE i.project_id = ? AND i.open = 1
           AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id AND a.user_id = ?)
         ORDER BY i.priority DESC, i.id LIMIT 1 FOR UPDATE SKIP LOCKED),
       upd AS (
         UPDATE items SET leased = leased + 1, open = CASE WHEN done + leased + 1 < target THEN 1 ELSE 0 END
         FROM pick WHERE items.id = pick.id RETURNING items.*),
       ins AS (
         INSERT INTO assignments (project_id, item_id, user_id, status, is_gold, created_at, expires_at)
         SELECT ?, id, ?, 'leased', 0, ?, ? FROM pick
         RETURNING id AS a_id, project_id AS a_project_id, item_id AS a_item_id, user_id AS a_user_id,
                   status AS a_status, is_gold AS a_is_gold, created_at AS a_created_at, expires_at AS a_expires_at)
       SELECT * FROM upd, ins`,
      [projectId, userId, projectId, userId, now, now + leaseMs],
    );
    const r = rows[0];
    if (!r) return undefined;
    const assignment = toAssignment({
      id: r.a_id,
      project_id: r.a_project_id,
      item_id: r.a_item_id,
      user_id: r.a_user_id,
      status: r.a_status,
      is_gold: r.a_is_gold,
      created_at: r.a_created_at,
      expires_at: r.a_expires_at,
    });
    return { assignment, item: toItem(r) };
  }
  activeLease(projectId: number, userId: number, now: number): Promise<Assignment | undefined> {
    return this.one(
      // Ordered by the index (project_id, user_id, expires_at), never by id: that would walk every assignment.
      `SELECT * FROM assignments WHERE project_id = ? AND user_id = ? AND status = 'leased' AND expires_at > ?
       ORDER BY expires_at LIMIT 1`,
      [projectId, userId, now],
      toAssignment,
    );
  }
  async activeLeases(args: {
    projectId: number;
    userId: number;
    now: number;
    limit?: number;
  }): Promise<Assignment[]> {
    const rows = await this.db.all<Row>(
      `SELECT * FROM assignments WHERE project_id = ? AND user_id = ? AND status = 'leased' AND expires_at > ?
       ORDER BY expires_at LIMIT ?`,
      [args.projectId, args.userId, args.now, args.limit ?? 10],
    );
    return rows.map(toAssignment);
  }
  getAssignment(id: number): Promise<Assignment | undefined> {
    return this.one("SELECT * FROM assignments WHERE id = ?", [id], toAssignment);
  }
  async countAssignments(projectId: number, userId: number): Promise<{ total: number; gold: number }> {
    const rows = await this.db.all<Row>(
      "SELECT COUNT(*) AS total, COALESCE(SUM(is_gold), 0) AS gold FROM assignments WHERE project_id = ? AND user_id = ?",
      [projectId, userId],
    );
    return { total: num(rows[0]?.total ?? 0), gold: num(rows[0]?.gold ?? 0) };
  }
  skip(assignmentId: number, userId: number): Promise<Assignment> {
    return this.db.tx(async (d) => {
      const rows = await d.all<Row>(
        `UPDATE assignments SET status = 'skipped' WHERE id = ? AND user_id = ? AND status = 'leased' RETURNING *`,
        [assignmentId, userId],
      );
      if (!rows[0]) {
        const a = await d.all<Row>("SELECT * FROM assignments WHERE id = ? AND user_id = ?", [
          assignmentId,
          userId,
        ]);
        if (!a[0]) throw new VoxStoreError("NOT_FOUND", `assignment ${assignmentId} not found`);
        throw new VoxStoreError("CONFLICT", `assignment ${assignmentId} is ${str(a[0].status)}, not leased`);
      }
      const a = toAssignment(rows[0]);
      if (!a.isGold) await this.release(d, a.itemId);
      return a;
    });
  }
  private async release(d: Driver, itemId: number): Promise<void> {
    await d.run(
      `UPDATE items SET leased = leased - 1, open = CASE WHEN is_gold = 0 AND done + leased - 1 < target THEN 1 ELSE 0 END
       WHERE id = ?`,
      [itemId],
    );
  }
  reclaimExpired(projectId: number, now: number): Promise<number> {
    return this.db.tx(async (d) => {
      const rows = await d.all<Row>(
        `UPDATE assignments SET status = 'expired'
         WHERE project_id = ? AND status = 'leased' AND expires_at <= ? RETURNING item_id, is_gold`,
        [projectId, now],
      );
      for (const r of rows) if (num(r.is_gold) === 0) await this.release(d, num(r.item_id));
      return rows.length;
    });
  }

  // ---- annotations
  submitAnnotation(a: {
    id: string;
    projectId: number;
    itemId: number;
    userId: number;
    value: unknown;
    correct: boolean | null;
    durationMs: number | null;
    now: number;
  }): Promise<{ annotation: Annotation; created: boolean; item?: Item }> {
    return this.db.tx(async (d) => {
      const prior = await d.all<Row>("SELECT * FROM annotations WHERE id = ?", [a.id]);
      if (prior[0]) {
        const p = toAnnotation(prior[0]);
        if (p.userId === a.userId && p.itemId === a.itemId && json(p.value) === json(a.value)) {
          return { annotation: p, created: false };
        }
        throw new VoxStoreError(
          "CONFLICT",
          `annotation id ${JSON.stringify(a.id)} was already used for other content`,
        );
      }
      const rows = await d.all<Row>(
        `SELECT * FROM assignments WHERE item_id = ? AND user_id = ?${forUpdate(d.dialect)}`,
        [a.itemId, a.userId],
      );
      if (!rows[0])
        throw new VoxStoreError("NOT_ASSIGNED", `item ${a.itemId} was not assigned to this rater`);
      const asg = toAssignment(rows[0]);
      if (asg.projectId !== a.projectId)
        throw new VoxStoreError("NOT_FOUND", `item ${a.itemId} not found in project`);
      if (asg.status === "done")
        throw new VoxStoreError("CONFLICT", `item ${a.itemId} was already judged by this rater`);
      if (asg.status === "skipped")
        throw new VoxStoreError("CONFLICT", `item ${a.itemId} was skipped by this rater`);
      let item: Item | undefined;
      if (!asg.isGold) {
        if (asg.status === "leased") {
          const updated = await d.all<Row>(
            `UPDATE items SET leased = leased - 1, done = done + 1,
             open = CASE WHEN done + leased < target THEN 1 ELSE 0 END WHERE id = ? RETURNING *`,
            [a.itemId],
          );
          item = updated[0] ? toItem(updated[0]) : undefined;
        } else {
          // Expired: accept the late work only while the item still has a free slot.
          const updated = await d.all<Row>(
            `UPDATE items SET done = done + 1, open = CASE WHEN done + 1 + leased < target THEN 1 ELSE 0 END
             WHERE id = ? AND done + leased < target RETURNING *`,
            [a.itemId],
          );
          item = updated[0] ? toItem(updated[0]) : undefined;
          if (!item) {
            throw new VoxStoreError(
              "LEASE_EXPIRED",
              `the lease on item ${a.itemId} expired and its slot was taken`,
            );
          }
        }
      }
      await d.run("UPDATE assignments SET status = 'done' WHERE id = ?", [asg.id]);
      const inserted = await d.all<Row>(
        `INSERT INTO annotations (id, project_id, item_id, user_id, value, is_gold, correct, duration_ms, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        [
          a.id,
          a.projectId,
          a.itemId,
          a.userId,
          json(a.value),
          asg.isGold ? 1 : 0,
          a.correct === null ? null : a.correct ? 1 : 0,
          a.durationMs,
          a.now,
        ],
      );
      const annotation = toAnnotation(inserted[0]!);
      return item ? { annotation, created: true, item } : { annotation, created: true };
    });
  }
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
  ): Promise<{ inserted: number; skipped: number }> {
    return this.db.tx(async (d) => {
      let inserted = 0;
      for (const r of rows) {
        const dup = await d.all<Row>("SELECT 1 AS x FROM annotations WHERE id = ?", [r.id]);
        if (dup.length > 0) continue;
        const asg = await d.all<Row>(
          `INSERT INTO assignments (project_id, item_id, user_id, status, is_gold, created_at, expires_at)
           VALUES (?, ?, ?, 'done', 0, ?, ?) ON CONFLICT (item_id, user_id) DO NOTHING RETURNING id`,
          [r.projectId, r.itemId, r.userId, r.now, r.now],
        );
        if (asg.length === 0) continue;
        await d.run(
          `INSERT INTO annotations (id, project_id, item_id, user_id, value, is_gold, correct, duration_ms, created_at)
           VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?)`,
          [r.id, r.projectId, r.itemId, r.userId, json(r.value), r.durationMs ?? null, r.now],
        );
        await d.run(
          `UPDATE items SET done = done + 1, open = CASE WHEN is_gold = 0 AND done + 1 + leased < target THEN 1 ELSE 0 END WHERE id = ?`,
          [r.itemId],
        );
        inserted++;
      }
      return { inserted, skipped: rows.length - inserted };
    });
  }
  getAnnotation(id: string): Promise<Annotation | undefined> {
    return this.one("SELECT * FROM annotations WHERE id = ?", [id], toAnnotation);
  }
  async amendAnnotation(a: { id: string; value: unknown; correct: boolean | null }): Promise<Annotation> {
    const rows = await this.db.all<Row>(
      "UPDATE annotations SET value = ?, correct = ? WHERE id = ? RETURNING *",
      [json(a.value), a.correct === null ? null : a.correct ? 1 : 0, a.id],
    );
    if (!rows[0]) throw new VoxStoreError("NOT_FOUND", `no annotation ${JSON.stringify(a.id)}`);
    return toAnnotation(rows[0]);
  }
  async listAnnotations(
    projectId: number,
    filter: Page & { userId?: number; itemId?: number; gold?: boolean } = {},
  ): Promise<Annotation[]> {
    const where = ["project_id = ?", "seq > ?"];
    const params: unknown[] = [projectId, filter.after ?? 0];
    if (filter.userId !== undefined) where.push("user_id = ?") && params.push(filter.userId);
    if (filter.itemId !== undefined) where.push("item_id = ?") && params.push(filter.itemId);
    if (filter.gold !== undefined) where.push(filter.gold ? "is_gold = 1" : "is_gold = 0");
    const rows = await this.db.all<Row>(
      `SELECT * FROM annotations WHERE ${where.join(" AND ")} ORDER BY seq LIMIT ?`,
      [...params, limitOf(filter, 100_000)],
    );
    return rows.map(toAnnotation);
  }
  async annotationsOfItems(itemIds: readonly number[]): Promise<Annotation[]> {
    const out: Annotation[] = [];
    for (const c of chunks(itemIds)) {
      const rows = await this.db.all<Row>(
        `SELECT * FROM annotations WHERE item_id IN (${marks(c.length)}) ORDER BY seq`,
        c,
      );
      for (const r of rows) out.push(toAnnotation(r));
    }
    return out.sort((x, y) => x.seq - y.seq);
  }
  async countAnnotationsSince(projectId: number, since: number): Promise<number> {
    const rows = await this.db.all<Row>(
      "SELECT COUNT(*) AS n FROM annotations WHERE project_id = ? AND created_at >= ?",
      [projectId, since],
    );
    return num(rows[0]?.n ?? 0);
  }

  // ---- reviews, models, predictions
  addReview(r: {
    projectId: number;
    itemId: number;
    userId: number;
    value: unknown;
    note?: string;
    now: number;
  }): Promise<Review> {
    return this.must(
      "review",
      this.one(
        "INSERT INTO reviews (project_id, item_id, user_id, value, note, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
        [r.projectId, r.itemId, r.userId, json(r.value), r.note ?? "", r.now],
        toReview,
      ),
    );
  }
  async listReviews(projectId: number, itemIds?: readonly number[]): Promise<Review[]> {
    if (itemIds === undefined) {
      return (
        await this.db.all<Row>("SELECT * FROM reviews WHERE project_id = ? ORDER BY id", [projectId])
      ).map(toReview);
    }
    const out: Review[] = [];
    for (const c of chunks(itemIds)) {
      const rows = await this.db.all<Row>(
        `SELECT * FROM reviews WHERE project_id = ? AND item_id IN (${marks(c.length)}) ORDER BY id`,
        [projectId, ...c],
      );
      for (const r of rows) out.push(toReview(r));
    }
    return out.sort((x, y) => x.id - y.id);
  }
  createModelVersion(m: {
    projectId: number;
    name: string;
    meta?: unknown;
    now: number;
  }): Promise<ModelVersion> {
    return this.must(
      "model version",
      this.one(
        "INSERT INTO model_versions (project_id, name, meta, created_at) VALUES (?, ?, ?, ?) RETURNING *",
        [m.projectId, m.name, json(m.meta), m.now],
        toModel,
      ),
    );
  }
  async listModelVersions(projectId: number): Promise<ModelVersion[]> {
    return (
      await this.db.all<Row>("SELECT * FROM model_versions WHERE project_id = ? ORDER BY id", [projectId])
    ).map(toModel);
  }
  async putPredictions(predictions: readonly Prediction[]): Promise<void> {
    await this.db.tx(async (d) => {
      for (const batch of chunks(predictions, 400)) {
        const params: unknown[] = [];
        for (const p of batch)
          params.push(p.modelVersionId, p.itemId, p.probs ? json(p.probs) : null, p.score);
        await d.run(
          `INSERT INTO predictions (model_version_id, item_id, probs, score) VALUES ${batch.map(() => "(?, ?, ?, ?)").join(", ")}
           ON CONFLICT (model_version_id, item_id) DO UPDATE SET probs = excluded.probs, score = excluded.score`,
          params,
        );
      }
    });
  }
  async getPredictions(modelVersionId: number, itemIds?: readonly number[]): Promise<Prediction[]> {
    if (itemIds === undefined) {
      return (
        await this.db.all<Row>("SELECT * FROM predictions WHERE model_version_id = ? ORDER BY item_id", [
          modelVersionId,
        ])
      ).map(toPrediction);
    }
    const out: Prediction[] = [];
    for (const c of chunks(itemIds)) {
      const rows = await this.db.all<Row>(
        `SELECT * FROM predictions WHERE model_version_id = ? AND item_id IN (${marks(c.length)}) ORDER BY item_id`,
        [modelVersionId, ...c],
      );
      for (const r of rows) out.push(toPrediction(r));
    }
    return out;
  }

  // ---- jobs
  enqueueJob(j: {
    projectId?: number | null;
    kind: string;
    payload?: unknown;
    runAfter?: number;
    dedupeKey?: string;
    now: number;
  }): Promise<Job> {
    return this.db.tx(async (d) => {
      const rows = await d.all<Row>(
        `INSERT INTO jobs (project_id, kind, payload, status, run_after, dedupe_key, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)
         ON CONFLICT (dedupe_key) WHERE status = 'queued' DO NOTHING RETURNING *`,
        [
          j.projectId ?? null,
          j.kind,
          json(j.payload),
          j.runAfter ?? j.now,
          j.dedupeKey ?? null,
          j.now,
          j.now,
        ],
      );
      if (rows[0]) return toJob(rows[0]);
      const existing = await d.all<Row>("SELECT * FROM jobs WHERE dedupe_key = ? AND status = 'queued'", [
        j.dedupeKey,
      ]);
      return toJob(existing[0]!);
    });
  }
  claimJob(args: {
    workerId: string;
    kinds?: readonly string[];
    leaseMs: number;
    now: number;
  }): Promise<Job | undefined> {
    const { workerId, kinds, leaseMs, now } = args;
    return this.db.tx(async (d) => {
      const kindFilter = kinds && kinds.length > 0 ? ` AND kind IN (${marks(kinds.length)})` : "";
      const pick = await d.all<Row>(
        `SELECT id FROM jobs
         WHERE ((status = 'queued' AND run_after <= ?) OR (status = 'running' AND locked_until < ?))${kindFilter}
         ORDER BY id LIMIT 1${skipLocked(d.dialect)}`,
        [now, now, ...(kinds ?? [])],
      );
      if (!pick[0]) return undefined;
      const rows = await d.all<Row>(
        `UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1,
         dedupe_key = NULL, updated_at = ? WHERE id = ? RETURNING *`,
        [workerId, now + leaseMs, now, num(pick[0].id)],
      );
      return toJob(rows[0]!);
    });
  }
  async completeJob(id: number, result: unknown, now: number): Promise<void> {
    await this.db.run(
      "UPDATE jobs SET status = 'done', result = ?, error = NULL, locked_by = NULL, locked_until = NULL, updated_at = ? WHERE id = ?",
      [json(result), now, id],
    );
  }
  async failJob(id: number, error: string, options: { now: number; retryAt?: number }): Promise<void> {
    const retry = options.retryAt !== undefined;
    await this.db.run(
      `UPDATE jobs SET status = ?, error = ?, run_after = ?, locked_by = NULL, locked_until = NULL, updated_at = ?
       WHERE id = ?`,
      [retry ? "queued" : "failed", error, options.retryAt ?? options.now, options.now, id],
    );
  }
  getJob(id: number): Promise<Job | undefined> {
    return this.one("SELECT * FROM jobs WHERE id = ?", [id], toJob);
  }
  async listJobs(filter: Page & { projectId?: number; status?: JobStatus } = {}): Promise<Job[]> {
    const where = ["id > ?"];
    const params: unknown[] = [filter.after ?? 0];
    if (filter.projectId !== undefined) where.push("project_id = ?") && params.push(filter.projectId);
    if (filter.status !== undefined) where.push("status = ?") && params.push(filter.status);
    const rows = await this.db.all<Row>(
      `SELECT * FROM jobs WHERE ${where.join(" AND ")} ORDER BY id LIMIT ?`,
      [...params, limitOf(filter)],
    );
    return rows.map(toJob);
  }

  // ---- audit
  async audit(e: {
    userId: number | null;
    action: string;
    target: string;
    detail?: unknown;
    now: number;
  }): Promise<void> {
    await this.db.run("INSERT INTO audit (at, user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)", [
      e.now,
      e.userId,
      e.action,
      e.target,
      json(e.detail),
    ]);
  }
  async listAudit(page: Page = {}): Promise<AuditEntry[]> {
    const rows = await this.db.all<Row>("SELECT * FROM audit WHERE id > ? ORDER BY id LIMIT ?", [
      page.after ?? 0,
      limitOf(page),
    ]);
    return rows.map(toAudit);
  }
}
