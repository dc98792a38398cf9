// A typed client for the vox HTTP API (used by the e2e tests, the benchmarks and, later, the web UI). Errors come
// back as VoxServerError with the server's code.
import type { z } from "zod";
import type { Task } from "./assignment.js";
import { type ServerErrorCode, VoxServerError } from "./errors.js";
import type { ProjectMetrics } from "./metrics.js";
import type { CreateProjectBody, ItemOut, ProjectOut, TokenOut, UserOut } from "./schemas.js";

/** A request body: text, bytes or a stream. */
export type Body = string | Uint8Array | ReadableStream<Uint8Array>;

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

const query = (o: Record<string, number | undefined>) =>
  new URLSearchParams(
    Object.entries(o).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])),
  );

/** Options for VoxClient. */
export interface VoxClientOptions {
  /** Base URL, e.g. http://127.0.0.1:8080 (no trailing /api). */
  baseUrl: string;
  token?: string;
  /** A fetch implementation; default globalThis.fetch (tests may pass app.request). */
  fetch?: Fetch;
}

/** A judgment as returned by GET /annotations. */
export interface AnnotationRow {
  id: string;
  seq: number;
  itemId: number;
  userId: number;
  value: unknown;
  durationMs: number | null;
  createdAt: number;
}

/** The typed vox API client. */
export class VoxClient {
  token: string | undefined;
  private readonly baseUrl: string;
  private readonly fetcher: Fetch;

  constructor(options: VoxClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
    this.token = options.token;
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Sends one request; JSON in and out; throws VoxServerError on an error answer. */
  async request<T>(
    method: string,
    path: string,
    init: { json?: unknown; raw?: Body; type?: string } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: Body | undefined;
    if (init.raw !== undefined) {
      payload = init.raw;
      headers["content-type"] = init.type ?? "application/x-ndjson";
    } else if (init.json !== undefined) {
      payload = JSON.stringify(init.json);
      headers["content-type"] = "application/json";
    }
    const res = await this.fetcher(`${this.baseUrl}/api${path}`, {
      method,
      headers,
      body: payload as RequestInit["body"],
      ...(payload instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok) {
      const err = type.startsWith("application/json")
        ? ((await res.json()) as { error?: { code?: string; message?: string; details?: unknown } }).error
        : undefined;
      throw new VoxServerError(
        (err?.code as ServerErrorCode) ?? "INTERNAL",
        err?.message ?? `HTTP ${res.status}`,
        { details: err?.details },
      );
    }
    return (type.startsWith("application/json") ? await res.json() : await res.text()) as T;
  }

  health() {
    return this.request<{ ok: boolean; version: string; database: string }>("GET", "/health");
  }
  /** Signs in and keeps the session token for later calls. */
  async login(name: string, password: string) {
    const r = await this.request<z.infer<typeof TokenOut> & { user: z.infer<typeof UserOut> }>(
      "POST",
      "/auth/login",
      { json: { name, password } },
    );
    this.token = r.token;
    return r;
  }
  me() {
    return this.request<z.infer<typeof UserOut>>("GET", "/auth/me");
  }
  createToken(name: string, expiresInDays?: number) {
    return this.request<z.infer<typeof TokenOut>>("POST", "/auth/tokens", { json: { name, expiresInDays } });
  }
  createUser(user: { name: string; role: "admin" | "reviewer" | "annotator"; password?: string }) {
    return this.request<z.infer<typeof UserOut>>("POST", "/users", { json: user });
  }
  createProject(p: z.input<typeof CreateProjectBody>) {
    return this.request<z.infer<typeof ProjectOut>>("POST", "/projects", { json: p });
  }
  projects() {
    return this.request<z.infer<typeof ProjectOut>[]>("GET", "/projects");
  }
  addMember(projectId: number, userId: number) {
    return this.request<unknown>("POST", `/projects/${projectId}/members`, { json: { userId } });
  }
  /** Imports items from JSONL or CSV text (or any body), or a Label Studio / Prodigy export. */
  importItems(projectId: number, body: Body, format: "jsonl" | "csv" | "labelstudio" | "prodigy" = "jsonl") {
    const type =
      format === "csv" ? "text/csv" : format === "labelstudio" ? "application/json" : "application/x-ndjson";
    return this.request<{ inserted: number; skipped: number; gold: number; annotations?: number }>(
      "POST",
      `/projects/${projectId}/items?format=${format}`,
      { raw: body, type },
    );
  }
  items(projectId: number, page: { after?: number; limit?: number } = {}) {
    return this.request<z.infer<typeof ItemOut>[]>("GET", `/projects/${projectId}/items?${query(page)}`);
  }
  /** The next task, or { done: true } when nothing is left; `ahead`: lease the item after that assignment. */
  next(projectId: number, options: { ahead?: number } = {}) {
    return this.request<Task | { done: true; reason: string }>(
      "POST",
      `/projects/${projectId}/next${options.ahead === undefined ? "" : `?ahead=${options.ahead}`}`,
    );
  }
  /** Changes one of your own judgments. */
  amend(projectId: number, a: { id: string; value: unknown }) {
    return this.request<{ annotation: { id: string; itemId: number; createdAt: number } }>(
      "PUT",
      `/projects/${projectId}/annotations/${encodeURIComponent(a.id)}`,
      { json: { value: a.value } },
    );
  }
  submit(projectId: number, a: { id: string; itemId: number; value: unknown; durationMs?: number }) {
    return this.request<{ created: boolean; annotation: { id: string; itemId: number; createdAt: number } }>(
      "POST",
      `/projects/${projectId}/annotations`,
      { json: a },
    );
  }
  skip(assignmentId: number) {
    return this.request<{ ok: boolean }>("POST", `/assignments/${assignmentId}/skip`);
  }
  annotations(
    projectId: number,
    filter: { after?: number; limit?: number; user?: number; item?: number } = {},
  ) {
    return this.request<AnnotationRow[]>("GET", `/projects/${projectId}/annotations?${query(filter)}`);
  }
  metrics(projectId: number) {
    return this.request<ProjectMetrics>("GET", `/projects/${projectId}/metrics`);
  }
  reviewQueue(projectId: number) {
    return this.request<{ id: number; externalId: string; flag: string | null; data: unknown }[]>(
      "GET",
      `/projects/${projectId}/review`,
    );
  }
  review(projectId: number, r: { itemId: number; value: unknown; note?: string }) {
    return this.request<unknown>("POST", `/projects/${projectId}/reviews`, { json: r });
  }
  predictions(
    projectId: number,
    body: { model: string; predictions: { item: string; probs?: number[]; score?: number }[] },
  ) {
    return this.request<{ modelVersionId: number; matched: number; unknown: number }>(
      "POST",
      `/projects/${projectId}/predictions`,
      { json: body },
    );
  }
  /** An export as text (use `request` with care for parquet: it is binary). */
  exportText(projectId: number, format: "jsonl" | "csv" | "labelstudio" | "hf" | "hf-card" = "jsonl") {
    return this.request<string>("GET", `/projects/${projectId}/export?format=${format}`);
  }
}
