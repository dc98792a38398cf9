// The process-wide choice of linalg backend. The state lives on globalThis under a registered symbol, so two
// copies of @vox/core in one process (a source and a built one, say) still share one registry.
import type { LinalgBackend } from "./backend.js";
import { pureBackend } from "./pureBackend.js";

interface RegistryState {
  backends: LinalgBackend[];
  pinned: LinalgBackend | undefined;
}

const KEY = Symbol.for("vox.linalg.registry");

function state(): RegistryState {
  const g = globalThis as { [KEY]?: RegistryState };
  g[KEY] ??= { backends: [pureBackend], pinned: undefined };
  return g[KEY];
}

/**
 * Makes a backend available (replacing one of the same name). `@vox/accel` calls this when imported; from then on
 * `getBackend()` returns it unless another backend was pinned with `setBackend`.
 */
export function registerBackend(backend: LinalgBackend): void {
  const s = state();
  s.backends = [...s.backends.filter((b) => b.name !== backend.name), backend];
}

/** The registered backends, highest priority first. */
export function listBackends(): readonly LinalgBackend[] {
  return [...state().backends].sort((a, b) => b.priority - a.priority);
}

/** The backend to compute with: the pinned one if any, else the registered backend with the highest priority. */
export function getBackend(): LinalgBackend {
  const s = state();
  return s.pinned ?? listBackends()[0] ?? pureBackend;
}

/**
 * Pins a backend (by object, or by the name of a registered one) for every later `getBackend()`; `undefined`
 * returns to automatic choice. Returns the backend pinned before, so callers can restore it.
 */
export function setBackend(backend: LinalgBackend | string | undefined): LinalgBackend | undefined {
  const s = state();
  const before = s.pinned;
  if (typeof backend === "string") {
    const found = s.backends.find((b) => b.name === backend);
    if (!found) {
      const names = s.backends.map((b) => b.name).join(", ");
      throw new RangeError(`no linalg backend named ${JSON.stringify(backend)} (registered: ${names})`);
    }
    s.pinned = found;
  } else s.pinned = backend;
  return before;
}
