/**
 * The one error class of @vox/io. `code` comes from a fixed table so callers can branch on it; the message always
 * starts with `path:line:` (line when known) and names the field, so a user can find the problem in their file.
 * The CLI maps every VoxIoError to exit code 2 (bad input).
 */
export const IO_ERROR_CODES = {
  /** The file does not exist or is not a regular file. */
  NOT_FOUND: "NOT_FOUND",
  /** The file has no header or no data rows. */
  EMPTY_FILE: "EMPTY_FILE",
  /** A required column (or JSON field) is missing. */
  MISSING_COLUMN: "MISSING_COLUMN",
  /** A row has a different number of fields than the header. */
  RAGGED_ROW: "RAGGED_ROW",
  /** A quoted field is not closed, or a quote stands where it cannot. */
  BAD_QUOTES: "BAD_QUOTES",
  /** A value has the wrong type or is empty where one is required. */
  BAD_VALUE: "BAD_VALUE",
  /** The same rater judged the same item twice and the duplicate policy is "error". */
  DUPLICATE_JUDGMENT: "DUPLICATE_JUDGMENT",
  /** Two rows give conflicting information (two gold labels for one item). */
  CONFLICT: "CONFLICT",
  /** A malformed .npy header or an unsupported dtype. */
  BAD_NPY: "BAD_NPY",
  /** The file ends before the data its header announces. */
  TRUNCATED: "TRUNCATED",
  /** A format or option this reader does not support. */
  UNSUPPORTED: "UNSUPPORTED",
  /** The read was cancelled through its AbortSignal (Ctrl-C in the CLI). */
  ABORTED: "ABORTED",
} as const;

/** One of `IO_ERROR_CODES`. */
export type IoErrorCode = keyof typeof IO_ERROR_CODES;

/** Where in which file a problem is. */
export interface IoErrorLocation {
  path: string;
  /** 1-based physical line in the file. */
  line?: number | undefined;
  /** Column (header name) or JSON field the problem is in. */
  column?: string | undefined;
}

/** A problem with a file a user gave us: names the file, line and field. */
export class VoxIoError extends Error {
  readonly code: IoErrorCode;
  readonly path: string;
  readonly line: number | undefined;
  readonly column: string | undefined;

  /** `where.cause` keeps the underlying error (a csv-parse or file-system error) for debugging. */
  constructor(code: IoErrorCode, where: IoErrorLocation & { cause?: unknown }, detail: string) {
    const at = where.line === undefined ? where.path : `${where.path}:${where.line}`;
    const field = where.column === undefined ? "" : ` column "${where.column}":`;
    super(`${at}:${field} ${detail}`, where.cause === undefined ? undefined : { cause: where.cause });
    this.name = "VoxIoError";
    this.code = code;
    this.path = where.path;
    this.line = where.line;
    this.column = where.column;
  }
}
