import { VoxIoError } from "./errors.js";

/**
 * Header names accepted for each role, most preferred first. Matching ignores case, a leading "!", and treats
 * spaces and hyphens as underscores, so `Worker ID`, `worker-id` and `!amt_worker_ids` all match.
 */
export const COLUMN_ALIASES = {
  item: [
    "item",
    "item_id",
    "task",
    "task_id",
    "question",
    "question_id",
    "orig_id",
    "unit",
    "example_id",
    "id",
    "q",
  ],
  rater: [
    "rater",
    "rater_id",
    "worker",
    "worker_id",
    "workerid",
    "amt_worker_ids",
    "annotator",
    "annotator_id",
    "performer",
    "coder",
    "judge",
    "user",
    "user_id",
  ],
  label: [
    "label",
    "answer",
    "response",
    "annotation",
    "judgment",
    "judgement",
    "category",
    "class",
    "rating",
    "value",
  ],
  gold: ["gold", "truth", "gold_label", "true_label", "golden"],
  durationMs: ["duration_ms", "time_ms", "elapsed_ms"],
  durationS: ["duration_s", "duration_seconds", "worktimeinseconds", "seconds"],
  left: ["left", "left_id", "item_a", "a", "first"],
  right: ["right", "right_id", "item_b", "b", "second"],
  winner: ["label", "winner", "preference", "choice", "outcome", "answer"],
  id: ["id", "item", "item_id", "guid", "example_id", "uid", "idx"],
  text: ["text", "sentence", "document", "content", "comment", "body", "review", "message", "utterance"],
} as const;

/** A column role. */
export type ColumnRole = keyof typeof COLUMN_ALIASES;

/** Normalises a header name for alias matching. */
export function normalizeHeader(name: string): string {
  return name
    .trim()
    .replace(/^!+/, "")
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** Which column (index and header name) serves a role. */
export interface ResolvedColumn {
  index: number;
  name: string;
}

/** What to resolve: roles that must be found, roles that may be, and explicit column names that override aliases. */
export interface ResolveRequest<R extends ColumnRole> {
  required: readonly R[];
  optional?: readonly ColumnRole[];
  /** Explicit header names per role (from --item-column and friends); matched exactly, then case-insensitively. */
  overrides?: Partial<Record<ColumnRole, string | undefined>>;
}

/**
 * Finds the column for each role in a header. For each role, the alias listed first wins; one column serves at most
 * one role. A required role with no column throws MISSING_COLUMN naming the role, the accepted names and the header.
 */
export function resolveColumns<R extends ColumnRole>(
  header: readonly string[],
  path: string,
  request: ResolveRequest<R>,
): Record<R, ResolvedColumn> & Partial<Record<ColumnRole, ResolvedColumn>> {
  const normalized = header.map(normalizeHeader);
  const used = new Set<number>();
  const out: Partial<Record<ColumnRole, ResolvedColumn>> = {};
  const find = (role: ColumnRole): number => {
    const explicit = request.overrides?.[role];
    if (explicit !== undefined) {
      let i = header.indexOf(explicit);
      if (i < 0) i = normalized.indexOf(normalizeHeader(explicit));
      if (i < 0) {
        throw new VoxIoError(
          "MISSING_COLUMN",
          { path, line: 1, column: explicit },
          `no such column for ${role}; the header has: ${header.join(", ")}`,
        );
      }
      return i;
    }
    for (const alias of COLUMN_ALIASES[role]) {
      const i = normalized.findIndex((h, k) => h === alias && !used.has(k));
      if (i >= 0) return i;
    }
    return -1;
  };
  // Explicit overrides first, so aliases cannot take their columns.
  const roles = [...request.required, ...(request.optional ?? [])];
  const order = [
    ...roles.filter((r) => request.overrides?.[r] !== undefined),
    ...roles.filter((r) => request.overrides?.[r] === undefined),
  ];
  for (const role of order) {
    const i = find(role);
    if (i >= 0) {
      used.add(i);
      out[role] = { index: i, name: header[i]! };
    }
  }
  for (const role of request.required) {
    if (!out[role]) {
      throw new VoxIoError(
        "MISSING_COLUMN",
        { path, line: 1 },
        `no column for ${role} (accepted names: ${COLUMN_ALIASES[role].join(", ")}; or name it with --${role}-column); the header has: ${header.join(", ")}`,
      );
    }
  }
  return out as Record<R, ResolvedColumn> & Partial<Record<ColumnRole, ResolvedColumn>>;
}
