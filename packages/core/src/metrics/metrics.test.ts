import { describe, expect, it } from "vitest";
import { formulaPredictions } from "../../../../test-support/formulaData.js";
import { referenceJson } from "../../../../test-support/index.js";
import { argmaxRows, fromRows } from "../linalg/matrix.js";
import { accuracy } from "./accuracy.js";
import { calibrationError } from "./calibrationError.js";
import { confusionMatrix } from "./confusionMatrix.js";
import { logLoss } from "./logLoss.js";
import { macroF1 } from "./macroF1.js";

// From `/usr/bin/python3 reference/models_sklearn.py` (Debian python3-sklearn 1.2.1): accuracy_score, f1_score
// (average="macro"), log_loss and confusion_matrix on formulaPredictions.
const ref = referenceJson<{
  metrics: { accuracy: number; macro_f1: number; log_loss: number; confusion: number[][]; y_pred: number[] };
}>("models_sklearn.json").metrics;

describe("metrics against scikit-learn 1.2.1", () => {
  const { y, probs } = formulaPredictions();
  const pred = argmaxRows(probs);
  it("predicts the same labels", () => expect(Array.from(pred)).toEqual(ref.y_pred));
  it("accuracy", () => expect(accuracy(y, pred)).toBeCloseTo(ref.accuracy, 14));
  it("macro-F1", () => expect(macroF1(y, pred).macroF1).toBeCloseTo(ref.macro_f1, 14));
  it("log-loss", () => expect(logLoss(y, probs)).toBeCloseTo(ref.log_loss, 14));
  it("confusion matrix (rows: true class)", () => {
    const cm = confusionMatrix(y, pred, { classes: 4 });
    expect(Array.from(cm.data)).toEqual(ref.confusion.flat());
  });
});

describe("calibrationError", () => {
  // Worked by hand: confidences 0.9 (right), 0.8 (wrong), 0.6 (right), 0.55 (right).
  const probs = fromRows([
    [0.9, 0.1],
    [0.8, 0.2],
    [0.6, 0.4],
    [0.55, 0.45],
  ]);
  const y = Int32Array.from([0, 1, 0, 0]);
  it("with 2 bins: one bin, |0.75 − 0.7125|", () => {
    expect(calibrationError(y, probs, { bins: 2 }).ece).toBeCloseTo(0.0375, 14);
  });
  it("with 10 bins: 0.25·0.1 + 0.25·0.8 + 0.5·0.425", () => {
    const r = calibrationError(y, probs, { bins: 10 });
    expect(r.ece).toBeCloseTo(0.4375, 14);
    expect(r.mce).toBeCloseTo(0.8, 14);
    expect(Array.from(r.count)).toEqual([0, 0, 0, 0, 0, 2, 0, 1, 1, 0]);
    expect(Number.isNaN(r.accuracy[0]!)).toBe(true);
  });
  it("is 0 for a perfectly calibrated one-hot prediction", () => {
    expect(
      calibrationError(
        Int32Array.from([1, 0]),
        fromRows([
          [0, 1],
          [1, 0],
        ]),
      ).ece,
    ).toBe(0);
  });
});

describe("metric edge cases", () => {
  it("macro-F1 averages present classes by default, all classes on request", () => {
    const yt = Int32Array.from([0, 0, 1]);
    const yp = Int32Array.from([0, 0, 1]);
    expect(macroF1(yt, yp, { classes: 3 }).macroF1).toBe(1);
    expect(macroF1(yt, yp, { classes: 3, average: "all" }).macroF1).toBeCloseTo(2 / 3, 14);
  });
  it("log-loss clips a zero probability instead of returning Infinity", () => {
    const l = logLoss(Int32Array.from([1]), fromRows([[1, 0]]));
    expect(l).toBeCloseTo(-Math.log(Number.EPSILON), 6);
  });
  it("weights", () => {
    const yt = Int32Array.from([0, 1]);
    const yp = Int32Array.from([0, 0]);
    expect(accuracy(yt, yp, { sampleWeight: Float64Array.from([3, 1]) })).toBe(0.75);
  });
  it("rejects mismatched inputs", () => {
    expect(() => accuracy(Int32Array.from([0]), Int32Array.from([0, 1]))).toThrow(
      /same length \(got 1 and 2\)/,
    );
    expect(() => logLoss(Int32Array.from([2]), fromRows([[0.5, 0.5]]))).toThrow(
      /labels\[0\] must be an integer code in \[0, 2\)/,
    );
  });
});
