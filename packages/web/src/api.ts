// The web UI's typed client for the vox API (same origin). It signs in with a password and then relies on the
// HttpOnly session cookie the server sets: no token is ever readable by page scripts. Every request carries the
// X-Vox-Client header, which the server requires before it accepts the cookie for writes (a cross-site form
// cannot send it). The response types come from @vox/server (type-only imports: nothing of the server is bundled).
import type {
  AnnotationRow,
  LabelSchema,
  ProjectMetrics,
  ProjectSettings,
  ServerErrorCode,
  Task,
} from "@vox/server";

export type { AnnotationRow, LabelSchema, ProjectMetrics, ProjectSettings, Task };

/** The roles of the server. */
export type Role = "admin" | "reviewer" | "annotator";

/** A user as the API shows it. */
export interface User {
  id: number;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
}

/** A project as the API shows it. */
export interface Project {
  id: number;
  name: string;
  schema: LabelSchema;
  guidelines: string;
  settings: ProjectSettings;
  createdAt: number;
}

/** The answer of POST /next when nothing is left. */
export interface Done {
  done: true;
  reason: string;
}

/** The signed-in rater's own progress (GET /metrics/me). */
export interface MyProgress {
  judgments: number;
  qualification: string;
  remaining: number;
}

/** An item as reviewers and admins see it. */
export interface ItemRow {
  id: number;
  externalId: string;
  data: unknown;
  isGold: boolean;
  gold: unknown;
  priority: number;
  target: number;
  done: number;
  leased: number;
  flag: string | null;
}

/** A project member and their qualification state. */
export interface Member {
  projectId: number;
  userId: number;
  qualification: "pending" | "qualified" | "failed";
}

/** The export formats of GET /export. */
export type ExportFormat = "jsonl" | "csv" | "parquet" | "labelstudio" | "hf" | "hf-card";

/** An error answer of the API (code as in SERVER_ERROR_CODES), or a network failure (code "NETWORK"). */
export class ApiError extends Error {
  readonly code: ServerErrorCode | "NETWORK";
  readonly status: number;
  readonly details: unknown;
  constructor(
    code: ServerErrorCode | "NETWORK",
    message: string,
    extra: { status: number; details?: unknown },
  ) {
    super(message);
    this.code = code;
    this.status = extra.status;
    this.details = extra.details;
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** Options of one request. */
export interface RequestOptions {
  json?: unknown;
  /** A raw body (an import) with its content type. */
  raw?: { body: BodyInit; type: string };
  signal?: AbortSignal;
}

const qs = (o: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};

/** The typed API client. One instance per page (`api` below); tests may build their own with a fetch. */
export class Api {
  private readonly base: string;
  private readonly fetcher: Fetch;

  constructor(options: { base?: string; fetch?: Fetch } = {}) {
    this.base = (options.base ?? "").replace(/\/$/, "");
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** One request: JSON in and out; throws ApiError on an error answer or a network failure. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { "x-vox-client": "web" };
    let body: BodyInit | undefined;
    if (options.raw) {
      body = options.raw.body;
      headers["content-type"] = options.raw.type;
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers["content-type"] = "application/json";
    }
    let res: Response;
    try {
      res = await this.fetcher(`${this.base}/api${path}`, {
        method,
        headers,
        body: body ?? null,
        credentials: "same-origin",
        signal: options.signal ?? null,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") throw e;
      throw new ApiError("NETWORK", `cannot reach the server (${(e as Error).message})`, { status: 0 });
    }
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok) {
      const err = type.startsWith("application/json")
        ? ((await res.json()) as { error?: { code?: ServerErrorCode; message?: string; details?: unknown } })
            .error
        : undefined;
      throw new ApiError(err?.code ?? "INTERNAL", err?.message ?? `HTTP ${res.status}`, {
        status: res.status,
        details: err?.details,
      });
    }
    return (type.startsWith("application/json") ? await res.json() : await res.text()) as T;
  }

  // ---- session
  login(name: string, password: string) {
    return this.request<{ user: User }>("POST", "/auth/login", { json: { name, password } });
  }
  logout() {
    return this.request<{ ok: boolean }>("POST", "/auth/logout");
  }
  me() {
    return this.request<User>("GET", "/auth/me");
  }

  // ---- projects
  projects() {
    return this.request<Project[]>("GET", "/projects");
  }
  project(id: number) {
    return this.request<Project>("GET", `/projects/${id}`);
  }
  createProject(p: {
    name: string;
    schema: LabelSchema;
    guidelines?: string;
    settings?: Partial<ProjectSettings>;
  }) {
    return this.request<Project>("POST", "/projects", { json: p });
  }
  updateProject(id: number, p: { name?: string; guidelines?: string; settings?: Partial<ProjectSettings> }) {
    return this.request<Project>("PATCH", `/projects/${id}`, { json: p });
  }
  members(id: number) {
    return this.request<Member[]>("GET", `/projects/${id}/members`);
  }
  addMember(id: number, userId: number) {
    return this.request<unknown>("POST", `/projects/${id}/members`, { json: { userId } });
  }
  users() {
    return this.request<User[]>("GET", "/users");
  }
  createUser(u: { name: string; role: Role; password?: string }) {
    return this.request<User>("POST", "/users", { json: u });
  }
  /** Imports items: JSONL or CSV text, or a Label Studio / Prodigy export. */
  importItems(id: number, body: BodyInit, format: "jsonl" | "csv" | "labelstudio" | "prodigy" = "jsonl") {
    const type =
      format === "csv" ? "text/csv" : format === "labelstudio" ? "application/json" : "application/x-ndjson";
    return this.request<{ inserted: number; skipped: number; gold: number; annotations?: number }>(
      "POST",
      `/projects/${id}/items?format=${format}`,
      { raw: { body, type } },
    );
  }
  items(id: number, page: { after?: number; limit?: number } = {}) {
    return this.request<ItemRow[]>("GET", `/projects/${id}/items${qs(page)}`);
  }

  // ---- labelling
  /** The next task (or the current lease); `ahead` (the assignment on screen) leases the item after it. */
  next(id: number, options: { ahead?: number; signal?: AbortSignal } = {}) {
    return this.request<Task | Done>("POST", `/projects/${id}/next${qs({ ahead: options.ahead })}`, {
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
  submit(id: number, a: { id: string; itemId: number; value: unknown; durationMs?: number }) {
    return this.request<{ created: boolean; annotation: { id: string; itemId: number; createdAt: number } }>(
      "POST",
      `/projects/${id}/annotations`,
      { json: a },
    );
  }
  /** Changes one of your own judgments (the annotator's undo). */
  amend(id: number, a: { annotationId: string; value: unknown }) {
    return this.request<{ annotation: { id: string; itemId: number; createdAt: number } }>(
      "PUT",
      `/projects/${id}/annotations/${encodeURIComponent(a.annotationId)}`,
      { json: { value: a.value } },
    );
  }
  skip(assignmentId: number) {
    return this.request<{ ok: boolean }>("POST", `/assignments/${assignmentId}/skip`);
  }
  annotations(id: number, filter: { after?: number; limit?: number; user?: number; item?: number } = {}) {
    return this.request<AnnotationRow[]>("GET", `/projects/${id}/annotations${qs(filter)}`);
  }
  myProgress(id: number) {
    return this.request<MyProgress>("GET", `/projects/${id}/metrics/me`);
  }

  // ---- quality (reviewers and admins)
  metrics(id: number) {
    return this.request<ProjectMetrics>("GET", `/projects/${id}/metrics`);
  }
  reviewQueue(id: number) {
    return this.request<{ id: number; externalId: string; flag: string | null; data: unknown }[]>(
      "GET",
      `/projects/${id}/review`,
    );
  }
  review(id: number, r: { itemId: number; value: unknown; note?: string }) {
    return this.request<unknown>("POST", `/projects/${id}/reviews`, { json: r });
  }
  /** The URL of an export download (the session cookie authorises the GET). */
  exportUrl(id: number, format: ExportFormat) {
    return `${this.base}/api/projects/${id}/export?format=${format}`;
  }
}

/** The page's client. */
export const api = new Api();
