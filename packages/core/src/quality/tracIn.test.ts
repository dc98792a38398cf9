import { describe, expect, it } from "vitest";
import { gaussianBlobs } from "../../../../test-support/blobs.js";
import { reportMeasured } from "../../../../test-support/measure.js";
import { csrFromDense, selectRows } from "../linalg/csr.js";
import { auroc } from "../metrics/detection.js";
import { gradientEmbeddingMatrix, gradientEmbeddings } from "../models/gradientEmbeddings.js";
import { mlp } from "../models/mlp.js";
import { softmaxRegression } from "../models/softmaxRegression.js";
import { createRng } from "../random/rng.js";
import { flipLabels } from "../simulate/flipLabels.js";
import { TracInRecorder, tracIn, tracInSelfInfluence } from "./tracIn.js";

// 600 rows, 3 Gaussian classes in 5 dimensions, 15% of labels flipped (flipLabels, seed 2).
const blobs = gaussianBlobs({ n: 600, d: 5, k: 3, rng: createRng(21) });
const noisy = flipLabels(blobs.y, { rate: 0.15, classes: 3, seed: 2 });
const train = { x: blobs.x, y: noisy.labels };

describe("TracIn (Pruthi et al. 2020)", () => {
  const recorder = new TracInRecorder({ learningRate: 0.05 });
  softmaxRegression(train.x, train.y, {
    classes: 3,
    solver: "minibatch",
    epochs: 15,
    batchSize: 32,
    learningRate: 0.05,
    tolerance: 0,
    seed: 1,
    onEpoch: recorder.hook,
  });

  it("records one checkpoint per epoch, each a copy", () => {
    expect(recorder.checkpoints.length).toBe(15);
    const [a, b] = recorder.checkpoints;
    expect(a!.model.kind).toBe("softmax");
    expect(a!.model).not.toBe(b!.model);
    if (a!.model.kind === "softmax" && b!.model.kind === "softmax")
      expect(Array.from(a!.model.weights)).not.toEqual(Array.from(b!.model.weights));
  });

  it("equals the checkpoint sum of explicit last-layer gradient inner products", () => {
    const few = recorder.checkpoints.slice(0, 3);
    const sub = { x: selectRows(train.x, [0, 1, 2, 3]), y: train.y.slice(0, 4) };
    const probe = { x: selectRows(train.x, [10, 11]), y: train.y.slice(10, 12) };
    const expected = new Float64Array(4);
    for (const c of few) {
      const g = gradientEmbeddingMatrix(gradientEmbeddings(c.model, sub.x, { labels: sub.y }));
      const h = gradientEmbeddingMatrix(gradientEmbeddings(c.model, probe.x, { labels: probe.y }));
      for (let i = 0; i < 4; i++)
        for (let t = 0; t < 2; t++) {
          let s = 0;
          for (let j = 0; j < g.cols; j++) s += g.data[i * g.cols + j]! * h.data[t * h.cols + j]!;
          expected[i]! += c.learningRate * s;
        }
    }
    const got = tracIn(few, sub, probe);
    const sparse = tracIn(
      few,
      { x: csrFromDense(sub.x), y: sub.y },
      { x: csrFromDense(probe.x), y: probe.y },
    );
    for (let i = 0; i < 4; i++) {
      expect(got[i]!).toBeCloseTo(expected[i]!, 10);
      expect(sparse[i]!).toBeCloseTo(expected[i]!, 10);
    }
    // Self-influence is TracIn of a row with itself.
    const self = tracInSelfInfluence(few, sub);
    for (let i = 0; i < 4; i++) {
      const one = { x: selectRows(sub.x, [i]), y: sub.y.slice(i, i + 1) };
      expect(tracIn(few, one, one)[0]!).toBeCloseTo(self[i]!, 10);
    }
  });

  it("ranks flipped labels first by self-influence (softmax regression)", () => {
    const self = tracInSelfInfluence(recorder.checkpoints, train);
    const a = reportMeasured(
      "TracIn self-influence AUROC, softmax (blobs, 15% noise)",
      auroc(self, noisy.flipped),
    );
    expect(a).toBeGreaterThan(0.85);
  });

  it("works with MLP checkpoints (last hidden layer as the representation)", () => {
    const rec = new TracInRecorder({ learningRate: 0.01, every: 2 });
    mlp(train.x, train.y, {
      classes: 3,
      hidden: [16],
      epochs: 10,
      learningRate: 0.01,
      earlyStopping: false,
      seed: 3,
      onEpoch: rec.hook,
    });
    expect(rec.checkpoints.length).toBe(5);
    const self = tracInSelfInfluence(rec.checkpoints, train);
    const a = reportMeasured(
      "TracIn self-influence AUROC, MLP (blobs, 15% noise)",
      auroc(self, noisy.flipped),
    );
    expect(a).toBeGreaterThan(0.8);
    // Proponents of a test row's own label: rows of the same class and label help most.
    const probe = { x: selectRows(train.x, [0]), y: blobs.y.slice(0, 1) };
    const scores = tracIn(rec.checkpoints, train, probe);
    let same = 0;
    let other = 0;
    for (let i = 1; i < 600; i++) {
      if (noisy.flipped[i]) continue;
      if (train.y[i] === probe.y[0]) same += scores[i]! / 600;
      else other += scores[i]! / 600;
    }
    expect(same).toBeGreaterThan(other);
  });

  it("rejects an empty checkpoint list and hooks without checkpoints", () => {
    expect(() => tracInSelfInfluence([], train)).toThrow(/at least one checkpoint/);
    const rec = new TracInRecorder({ learningRate: 1 });
    expect(() => rec.hook({ epoch: 0, loss: 0, logits: () => blobs.x })).toThrow(/no checkpoints/);
  });
});
