// What every route file needs: the app's options, the clock, and project access checks.
import type { Store, User } from "@vox/storage";
import { type LoadedProject, load } from "./assignment.js";
import { VoxServerError } from "./errors.js";

/** Options for `createApp`. */
export interface AppOptions {
  store: Store;
  /** A folder of static files served at / (the web UI's build). Default: none (the built-in page). */
  staticDir?: string;
  /** A folder whose files items may name as `image` (served at /api/media/...). Default: none. */
  mediaDir?: string;
  /** Largest JSON body in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Largest import body in bytes. Default 4 GiB. */
  maxImportBytes?: number;
  /** Session lifetime in days after a password login. Default 30. */
  sessionDays?: number;
  /** The clock (epoch ms); tests pass their own. Default Date.now. */
  now?: () => number;
  /** Version reported by /api/health and the OpenAPI document. */
  version?: string;
}

/** The resolved options every route file receives. */
export interface Deps {
  store: Store;
  now: () => number;
  options: AppOptions;
}

/** How much of a project a request needs: membership, the reviewer role, or admin. */
export type Need = "member" | "reviewer" | "admin";

/**
 * Loads a project for a user: admins see every project; others only projects they are members of (404 otherwise,
 * so other projects' existence does not leak); `reviewer` needs the reviewer or admin role.
 */
export async function projectFor(
  deps: Deps,
  user: User,
  args: { projectId: number; need: Need },
): Promise<LoadedProject> {
  const found = await deps.store.getProjectAndMember(args.projectId, user.id);
  if (!found) throw new VoxServerError("NOT_FOUND", `no project ${args.projectId}`);
  const { project, member } = found;
  if (user.role === "admin") return load(project);
  if (args.need === "admin") throw new VoxServerError("FORBIDDEN", "this needs the role admin");
  if (!member) throw new VoxServerError("NOT_FOUND", `no project ${args.projectId}`);
  if (args.need === "reviewer" && user.role !== "reviewer") {
    throw new VoxServerError("FORBIDDEN", "this needs the role reviewer or admin");
  }
  return load(project);
}

/** A user as the API shows it. */
export function publicUser(u: User) {
  return { id: u.id, name: u.name, role: u.role, disabled: u.disabled, createdAt: u.createdAt };
}
