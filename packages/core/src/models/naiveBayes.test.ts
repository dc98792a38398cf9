import { describe, expect, it } from "vitest";
import { formulaCounts } from "../../../../test-support/formulaData.js";
import { referenceJson } from "../../../../test-support/index.js";
import { csrFromDense } from "../linalg/csr.js";
import { softmaxRows } from "../linalg/matrix.js";
import { multinomialNaiveBayes, naiveBayesLogits } from "./naiveBayes.js";

// From `/usr/bin/python3 reference/models_sklearn.py` (Debian python3-sklearn 1.2.1): MultinomialNB(alpha) on
// formulaCounts.
const ref = referenceJson<{
  multinomial_nb: Record<
    string,
    { feature_log_prob: number[][]; class_log_prior: number[]; proba_first_rows: number[][] }
  >;
}>("models_sklearn.json").multinomial_nb;

describe("multinomialNaiveBayes against scikit-learn 1.2.1", () => {
  const { x, y } = formulaCounts();
  for (const [alpha, r] of Object.entries(ref)) {
    it(`alpha = ${alpha}`, () => {
      for (const features of [x, csrFromDense(x)]) {
        const { model } = multinomialNaiveBayes(features, y, { alpha: Number(alpha) });
        for (const [c, row] of r.feature_log_prob.entries())
          for (const [j, v] of row.entries()) expect(model.featureLogProb[c * 6 + j]).toBeCloseTo(v, 12);
        for (const [c, v] of r.class_log_prior.entries()) expect(model.classLogPrior[c]).toBeCloseTo(v, 12);
        const p = softmaxRows(naiveBayesLogits(model, features));
        for (const [i, row] of r.proba_first_rows.entries())
          for (const [c, v] of row.entries()) expect(p.data[i * 3 + c]).toBeCloseTo(v, 12);
      }
    });
  }
  it("uses uniform priors without fitPrior and rejects negative values", () => {
    const { model } = multinomialNaiveBayes(x, y, { fitPrior: false });
    for (const v of model.classLogPrior) expect(v).toBeCloseTo(-Math.log(3), 14);
    const neg = { rows: 1, cols: 1, data: Float64Array.from([-1]) };
    expect(() => multinomialNaiveBayes(neg, Int32Array.from([0]))).toThrow(/non-negative/);
  });
});
