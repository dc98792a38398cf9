import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { type DeepSslOptions, type DeepSslResult, runDeepSsl } from "./deepSsl.js";

/** The same network and schedule on the labeled rows alone: the baseline every deep method is compared with. */
export function supervisedOnly(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  options: DeepSslOptions = {},
): DeepSslResult {
  return runDeepSsl(x, labels, { options, method: { lambda: 0, rampUp: 0 } });
}
