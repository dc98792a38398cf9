import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { confidentJoint } from "./confidentJoint.js";
import { normalizeJoint } from "./estimateJoint.js";
import { roundHalfEven } from "./numeric.js";

/** How `numLabelIssues` estimates the number of issues. */
export type NumIssuesMethod = "off_diagonal" | "off_diagonal_calibrated";

/**
 * The estimated number of label issues (cleanlab's `num_label_issues`): "off_diagonal" (default) counts the
 * off-diagonal cells of the raw confident joint; "off_diagonal_calibrated" is round(N·(1 − trace Q)) for the
 * estimated joint Q. Northcutt, Jiang & Chuang 2021, JAIR. O(N·K).
 */
export function numLabelIssues(
  labels: Int32Array,
  probs: Matrix<FloatArray>,
  options: { method?: NumIssuesMethod } = {},
): number {
  const method: NumIssuesMethod = options.method ?? "off_diagonal";
  const cj = confidentJoint(labels, probs);
  switch (method) {
    case "off_diagonal":
      return cj.offDiagonal.length;
    case "off_diagonal_calibrated": {
      const q = normalizeJoint(cj.joint);
      let trace = 0;
      for (let c = 0; c < q.rows; c++) trace += q.data[c * q.cols + c]!;
      return roundHalfEven((1 - trace) * labels.length);
    }
  }
}
