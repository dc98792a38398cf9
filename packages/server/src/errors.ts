import { VoxStoreError } from "@vox/storage";
import { ZodError } from "zod";

/** The error codes of @vox/server and the HTTP status each maps to. */
export const SERVER_ERROR_CODES = {
  /** The body or query failed validation (400). */
  INVALID: 400,
  /** The body is not JSON, or an import file is malformed (400). */
  BAD_REQUEST: 400,
  /** No or an unknown credential (401). */
  UNAUTHENTICATED: 401,
  /** Signed in, but the role does not allow this (403). */
  FORBIDDEN: 403,
  /** The rater failed the project's qualification test (403). */
  NOT_QUALIFIED: 403,
  /** No such thing, or not visible to this user (404). */
  NOT_FOUND: 404,
  /** Conflicts with the stored state: duplicate names, reused annotation ids, items already judged (409). */
  CONFLICT: 409,
  /** The lease on an item expired and its slot went to someone else (409). */
  LEASE_EXPIRED: 409,
  /** A submission for an item never handed to this rater (409). */
  NOT_ASSIGNED: 409,
  /** The request body exceeds the size limit (413). */
  TOO_LARGE: 413,
  /** The database is unreachable (503). */
  UNAVAILABLE: 503,
  /** Anything unexpected (500). */
  INTERNAL: 500,
} as const;

/** One of the server's error codes. */
export type ServerErrorCode = keyof typeof SERVER_ERROR_CODES;

/** The one error class of @vox/server; the HTTP status follows from `code`. */
export class VoxServerError extends Error {
  readonly code: ServerErrorCode;
  readonly details: unknown;

  constructor(code: ServerErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "VoxServerError";
    this.code = code;
    this.details = options.details;
  }

  /** The HTTP status for this error. */
  get status(): number {
    return SERVER_ERROR_CODES[this.code];
  }
}

const FROM_STORE: Record<VoxStoreError["code"], ServerErrorCode> = {
  NOT_FOUND: "NOT_FOUND",
  DUPLICATE: "CONFLICT",
  CONFLICT: "CONFLICT",
  LEASE_EXPIRED: "LEASE_EXPIRED",
  NOT_ASSIGNED: "NOT_ASSIGNED",
  UNAVAILABLE: "UNAVAILABLE",
  MIGRATION: "INTERNAL",
  QUERY: "INTERNAL",
};

/** Normalises anything thrown into a VoxServerError (keeping the original as `cause`). */
export function toServerError(e: unknown): VoxServerError {
  if (e instanceof VoxServerError) return e;
  if (e instanceof VoxStoreError) {
    const code = FROM_STORE[e.code];
    // Internal details (SQL) stay in the log, not in the response.
    const message = code === "INTERNAL" ? "internal error" : e.message;
    return new VoxServerError(code, message, { cause: e });
  }
  if (e instanceof ZodError) {
    return new VoxServerError("INVALID", "invalid request", {
      cause: e,
      details: e.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  }
  return new VoxServerError("INTERNAL", "internal error", { cause: e });
}
