// Cross-validation, ensembles, temperature scaling, gradient embeddings and training dynamics.
import { describe, expect, it } from "vitest";
import { formulaDataset } from "../../../../test-support/formulaData.js";
import { temperatureScaling } from "../calibration/temperatureScaling.js";
import { selectRows } from "../linalg/csr.js";
import { fromRows, softmaxRows } from "../linalg/matrix.js";
import { cartographyRecords, DynamicsRecorder } from "../quality/trainingDynamics.js";
import { crossValidatedProba } from "./crossValidatedProba.js";
import { bootstrapEnsemble, committee, ensembleMembers } from "./ensemble.js";
import { gradientEmbeddingMatrix, gradientEmbeddings } from "./gradientEmbeddings.js";
import { createLearner } from "./learner.js";
import { mlp } from "./mlp.js";
import { predictLogits, predictProba } from "./predict.js";
import { softmaxLogits, softmaxRegression } from "./softmaxRegression.js";

const { x, y } = formulaDataset(150, 5, 3);
const logreg = createLearner({ model: "logreg" });

describe("crossValidatedProba", () => {
  it("predicts each row with the model fitted on the other folds", () => {
    const cv = crossValidatedProba(x, y, { learner: logreg, folds: 3, seed: 2 });
    expect(cv.complete).toBe(true);
    const test: number[] = [];
    const train: number[] = [];
    for (const [i, f] of cv.fold.entries()) (f === 1 ? test : train).push(i);
    const model = softmaxRegression(
      selectRows(x, train),
      Int32Array.from(train, (i) => y[i]!),
      { classes: 3 },
    ).model;
    const p = softmaxRows(softmaxLogits(model, selectRows(x, test)));
    test.forEach((i, t) => {
      for (let c = 0; c < 3; c++) expect(cv.probs.data[i * 3 + c]).toBeCloseTo(p.data[t * 3 + c]!, 12);
    });
  });
  it("works with every learner and stops when asked", () => {
    for (const model of ["mlp", "knn", "nb"] as const) {
      const learner = createLearner(
        model === "nb"
          ? { model }
          : model === "mlp"
            ? { model, options: { hidden: [8], epochs: 3 } }
            : { model },
      );
      const xs = model === "nb" ? { ...x, data: x.data.map((v) => v + 2) } : x;
      const cv = crossValidatedProba(xs, y, { learner, folds: 3 });
      for (let i = 0; i < 150; i++)
        expect(cv.probs.data[i * 3]! + cv.probs.data[i * 3 + 1]! + cv.probs.data[i * 3 + 2]!).toBeCloseTo(
          1,
          10,
        );
    }
    const stopped = crossValidatedProba(x, y, { learner: logreg, folds: 3, onFold: (f) => f === 0 });
    expect(stopped.complete).toBe(false);
    expect(stopped.probs.data.some(Number.isNaN)).toBe(true);
  });
});

describe("ensembles", () => {
  it("averages bootstrap members and gives out-of-bag probabilities", () => {
    const r = bootstrapEnsemble(x, y, { learner: logreg, members: 6, seed: 1 });
    expect(r.model.members).toHaveLength(6);
    const pred = ensembleMembers(r.model, x);
    for (let q = 0; q < pred.mean.data.length; q++) {
      let s = 0;
      for (const m of pred.members) s += m.data[q]!;
      expect(pred.mean.data[q]).toBeCloseTo(s / 6, 14);
    }
    // Each bootstrap draw has n rows; about (1 − 1/n)^n ≈ 37% of rows are out of bag per member.
    for (let m = 0; m < 6; m++) {
      let drawn = 0;
      let out = 0;
      for (let i = 0; i < 150; i++) {
        drawn += r.draws[m * 150 + i]!;
        if (r.draws[m * 150 + i] === 0) out++;
      }
      expect(drawn).toBe(150);
      expect(out).toBeGreaterThan(30);
    }
    const again = bootstrapEnsemble(x, y, { learner: logreg, members: 6, seed: 1 });
    expect(Array.from(again.outOfBag.data)).toEqual(Array.from(r.outOfBag.data));
    expect(Array.from(predictProba(r.model, x).data)).toEqual(Array.from(pred.mean.data));
  });
  it("builds a committee of different learners", () => {
    const c = committee(x, y, { learners: [logreg, createLearner({ model: "knn", options: { k: 7 } })] });
    const pred = ensembleMembers(c.model, x);
    expect(pred.members).toHaveLength(2);
    expect(Array.from(pred.members[0]!.data)).not.toEqual(Array.from(pred.members[1]!.data));
  });
});

describe("temperatureScaling", () => {
  it("recovers T = 2 when the logits are twice as confident as the labels say", () => {
    // Logits [2 ln 3, 0]: softmax gives 9/10, but 3 of 4 labels are class 0, so the MLE is σ(ln 3) = 3/4: T = 2.
    const z = 2 * Math.log(3);
    const logits = fromRows([
      [z, 0],
      [z, 0],
      [z, 0],
      [z, 0],
    ]);
    const r = temperatureScaling(logits, Int32Array.from([0, 0, 0, 1]));
    expect(r.temperature).toBeCloseTo(2, 8);
    expect(r.after).toBeLessThan(r.before);
    expect(r.after).toBeCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), 10);
  });
  it("applies through predictProba", () => {
    const m = softmaxRegression(x, y).model;
    const logits = predictLogits(m, x);
    const p = predictProba(m, x, { temperature: 3 });
    const scaled = softmaxRows({ ...logits, data: logits.data.map((v) => v / 3) });
    for (let q = 0; q < p.data.length; q++) expect(p.data[q]).toBeCloseTo(scaled.data[q]!, 14);
  });
});

describe("gradientEmbeddings", () => {
  it("equal the per-example gradient of the cross-entropy with respect to the last layer (finite differences)", () => {
    const m = softmaxRegression(x, y).model;
    const rows = selectRows(x, [0, 1, 2]);
    const labels = Int32Array.from([2, 0, 1]);
    const g = gradientEmbeddingMatrix(gradientEmbeddings(m, rows, { labels }));
    expect([g.rows, g.cols]).toEqual([3, 3 * 6]);
    const ce = (i: number) => {
      const p = softmaxRows(softmaxLogits(m, selectRows(rows, [i])));
      return -Math.log(p.data[labels[i]!]!);
    };
    const h = 1e-6;
    for (let i = 0; i < 3; i++) {
      for (let c = 0; c < 3; c++) {
        for (let j = 0; j < 5; j++) {
          const keep = m.weights[c * 5 + j]!;
          m.weights[c * 5 + j] = keep + h;
          const up = ce(i);
          m.weights[c * 5 + j] = keep - h;
          const down = ce(i);
          m.weights[c * 5 + j] = keep;
          expect(g.data[i * 18 + c * 6 + j]).toBeCloseTo((up - down) / (2 * h), 6);
        }
        const keep = m.bias[c]!;
        m.bias[c] = keep + h;
        const up = ce(i);
        m.bias[c] = keep - h;
        const down = ce(i);
        m.bias[c] = keep;
        expect(g.data[i * 18 + c * 6 + 5]).toBeCloseTo((up - down) / (2 * h), 6);
      }
    }
  });
  it("use the predicted label by default and the last hidden layer of an MLP", () => {
    const r = mlp(x, y, { hidden: [7], epochs: 3 });
    const g = gradientEmbeddings(r.model, x);
    expect(g.representation.cols).toBe(7);
    for (let i = 0; i < 150; i++) {
      // The residual of the predicted class is p − 1 ≤ 0 and the largest in magnitude among the classes' ≤ 0 ones.
      expect(g.residual.data[i * 3 + g.labels[i]!]).toBeLessThanOrEqual(0);
    }
  });
});

describe("training dynamics from a model's epoch hook", () => {
  it("stores every row's logits per epoch and writes cartography records", () => {
    const ids = Array.from({ length: 150 }, (_, i) => `item${i}`);
    const recorder = new DynamicsRecorder(y, { classes: 3, ids });
    softmaxRegression(x, y, { solver: "minibatch", epochs: 3, tolerance: 0, onEpoch: recorder.hook });
    const dynamics = recorder.build();
    expect([dynamics.epochs, dynamics.examples, dynamics.classes]).toEqual([3, 150, 3]);
    const recs = cartographyRecords(dynamics, 2);
    expect(Object.keys(recs[0]!)).toEqual(["guid", "logits_epoch_2", "gold"]);
    expect(recs[5]).toMatchObject({ guid: "item5", gold: y[5] });
    expect(recs[5]!.logits_epoch_2).toHaveLength(3);
    expect(() => cartographyRecords(dynamics, 3)).toThrow(/no recorded epoch 3/);
  });
});
