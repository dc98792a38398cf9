// @vox/accel is optional: when it is installed, importing it registers its onnxruntime linalg backend with
// @vox/core (getBackend() then returns it for every command) and provides sentence embeddings. Without it, vox
// runs on the pure-TS kernels. VOX_ACCEL=0 skips it (to compare backends, or where native code is unwanted).

import { UsageError } from "./context.js";
import { featureProviders } from "./learning.js";

/** The @vox/accel module. */
export type Accel = typeof import("@vox/accel");

let loading: Promise<{ accel?: Accel; reason?: string }> | undefined;

/** Imports @vox/accel once (registering its backend); resolves to the module, or to why it is not available. */
export function loadAccel(): Promise<{ accel?: Accel; reason?: string }> {
  loading ??= (async () => {
    if (process.env.VOX_ACCEL === "0") return { reason: "disabled by VOX_ACCEL=0" };
    try {
      const accel = await import("@vox/accel");
      featureProviders.embed = async (dir, texts, ctx) => {
        try {
          const m = await accel.embedTexts(dir, texts, { signal: ctx.signal });
          return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
        } catch (e) {
          if (e instanceof accel.ModelFolderError) throw new UsageError(e.message);
          throw e;
        }
      };
      return { accel };
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === "ERR_MODULE_NOT_FOUND" && /@vox\/accel/.test(err.message))
        return { reason: "@vox/accel is not installed" };
      // Installed but broken (no onnxruntime binary for this platform, say): run on the pure-TS kernels.
      return { reason: `@vox/accel failed to load: ${err.message}` };
    }
  })();
  return loading;
}
