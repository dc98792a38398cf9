import { describe, expect, it } from "vitest";
import { referenceJson } from "../../../../test-support/index.js";
import { fromRows } from "../linalg/matrix.js";
import { createLearner } from "../models/learner.js";
import { selfTraining } from "./selfTraining.js";

interface SelfRef {
  transduction: number[];
  labeled_iter: number[];
  n_iter: number;
  termination: string;
  proba: number[][];
}
interface Reference {
  x: number[][];
  partial: number[];
  self_training_threshold: SelfRef;
  self_training_k_best: SelfRef;
}

// From `/usr/bin/python3 reference/ssl_sklearn.py > reference/ssl_sklearn.json` (Debian python3-sklearn 1.2.1):
// SelfTrainingClassifier(LogisticRegression(C=1, tol=1e-12)) with threshold 0.75, and with k_best = 10 for 4
// rounds, on the 90-row blob set. Our softmax regression matches sklearn's to 1e-4 (softmaxRegression.test.ts), so
// the probabilities are compared to 1e-4 and the chosen rows exactly.
const ref = referenceJson<Reference>("ssl_sklearn.json");
const x = fromRows(ref.x);
const partial = Int32Array.from(ref.partial);
const learner = createLearner({ model: "logreg", options: { C: 1, solver: "lbfgs", tolerance: 1e-10 } });

function expectMatches(r: ReturnType<typeof selfTraining>, expected: SelfRef): void {
  expect(Array.from(r.transduction)).toEqual(expected.transduction);
  expect(Array.from(r.labeledIter)).toEqual(expected.labeled_iter);
  expect(r.iterations).toBe(expected.n_iter);
  expect(r.termination).toBe(expected.termination);
  let worst = 0;
  for (const [i, row] of expected.proba.entries())
    for (const [c, v] of row.entries()) worst = Math.max(worst, Math.abs(r.probs.data[i * 3 + c]! - v));
  expect(worst).toBeLessThan(1e-4);
}

describe("selfTraining against scikit-learn 1.2.1's SelfTrainingClassifier", () => {
  it("threshold 0.75", () => {
    expectMatches(selfTraining(x, partial, { learner, threshold: 0.75 }), ref.self_training_threshold);
  });
  it("k best = 10, 4 rounds", () => {
    expectMatches(
      selfTraining(x, partial, { learner, criterion: "kBest", k: 10, maxIter: 4 }),
      ref.self_training_k_best,
    );
  });
  it("kPerClass with balance adds the same number of rows to every predicted class", () => {
    const r = selfTraining(x, partial, { learner, criterion: "kPerClass", k: 9, maxIter: 1 });
    const added = [0, 0, 0];
    for (let i = 0; i < partial.length; i++) if (r.labeledIter[i] === 1) added[r.transduction[i]!]!++;
    expect(added).toEqual([3, 3, 3]);
  });
});
