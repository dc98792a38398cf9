import { describe, expect, it } from "vitest";
import { formulaDataset } from "../../../../test-support/formulaData.js";
import { fitHashing, transformHashing } from "../features/hashing.js";
import { decodeVectorizer, encodeVectorizer } from "../features/serialize.js";
import { fitTfidf, transformTfidf } from "../features/tfidf.js";
import { csrFromDense } from "../linalg/csr.js";
import { bootstrapEnsemble } from "./ensemble.js";
import { knn } from "./knn.js";
import { createLearner } from "./learner.js";
import { mlp } from "./mlp.js";
import { multiAnnotatorModel, raterProba } from "./multiAnnotator.js";
import { multinomialNaiveBayes } from "./naiveBayes.js";
import { type Model, predictProba } from "./predict.js";
import { decodeModel, encodeModel, type StoredArray } from "./serialize.js";
import { softmaxRegression } from "./softmaxRegression.js";

/** Through JSON and copied arrays, as a model file would carry it. */
function roundTrip(e: { meta: unknown; arrays: Record<string, StoredArray> }) {
  const arrays: Record<string, StoredArray> = {};
  for (const [k, a] of Object.entries(e.arrays)) arrays[k] = a.slice();
  return { meta: JSON.parse(JSON.stringify(e.meta)), arrays };
}

describe("encodeModel / decodeModel", () => {
  const { x, y } = formulaDataset(80, 4, 3);
  const positive = { ...x, data: x.data.map((v) => v + 2) };
  const models: [string, Model, typeof x][] = [
    ["softmax", softmaxRegression(x, y).model, x],
    ["mlp", mlp(x, y, { hidden: [6, 4], epochs: 3 }).model, x],
    ["nb", multinomialNaiveBayes(positive, y).model, positive],
    ["knn dense", knn(x, y, { k: 3 }).model, x],
    [
      "ensemble",
      bootstrapEnsemble(x, y, { learner: createLearner({ model: "logreg" }), members: 3 }).model,
      x,
    ],
  ];
  for (const [name, model, input] of models) {
    it(`round-trips ${name} with identical predictions`, () => {
      const back = decodeModel(
        ...(Object.values(roundTrip(encodeModel(model))) as [unknown, Record<string, StoredArray>]),
      );
      expect(Array.from(predictProba(back as Model, input).data)).toEqual(
        Array.from(predictProba(model, input).data),
      );
    });
  }
  it("round-trips kNN on sparse rows and the multi-annotator model", () => {
    const sx = csrFromDense(x);
    const m = knn(sx, y, { k: 4, metric: "euclidean", weighting: "distance" }).model;
    const rt = roundTrip(encodeModel(m));
    expect(Array.from(predictProba(decodeModel(rt.meta, rt.arrays) as Model, sx).data)).toEqual(
      Array.from(predictProba(m, sx).data),
    );
    const judgments = {
      item: Int32Array.from([0, 1, 2, 3]),
      rater: Int32Array.from([0, 1, 0, 1]),
      label: Int32Array.from([0, 1, 2, 0]),
    };
    const ma = multiAnnotatorModel(x, judgments, { epochs: 2, hidden: [5] }).model;
    const back = roundTrip(encodeModel(ma));
    const decoded = decodeModel(back.meta, back.arrays);
    expect(decoded.kind).toBe("multiAnnotator");
    if (decoded.kind === "multiAnnotator")
      expect(Array.from(raterProba(decoded, x, [0, 1]))).toEqual(Array.from(raterProba(ma, x, [0, 1])));
  });
  it("rejects damaged metadata with a message that names the problem", () => {
    const e = roundTrip(encodeModel(softmaxRegression(x, y).model));
    expect(() => decodeModel({ ...(e.meta as object), classes: 4 }, e.arrays)).toThrow(
      /model: "weights" must have 16 values \(found 12\)/,
    );
    expect(() => decodeModel({ ...(e.meta as object), kind: "svm" }, e.arrays)).toThrow(
      /unknown model kind "svm"/,
    );
    expect(() => decodeModel(e.meta, {})).toThrow(/array "model.weights" for "weights" is missing/);
  });
});

describe("encodeVectorizer / decodeVectorizer", () => {
  const docs = ["The cat sat.", "A dog! A cat?", "cats and dogs"];
  it("round-trips TF-IDF and hashing vectorizers", () => {
    const t = fitTfidf(docs, { ngramRange: [1, 2], tokenPattern: /\w+/g });
    const te = encodeVectorizer(t.vectorizer);
    const tb = decodeVectorizer(JSON.parse(JSON.stringify(te.meta)), te.arrays);
    expect(tb.kind).toBe("tfidf");
    if (tb.kind === "tfidf") expect(transformTfidf(tb, docs)).toEqual(t.matrix);
    const h = fitHashing(docs, { features: 64, useIdf: true, analyzer: "char_wb", ngramRange: [2, 3] });
    const he = encodeVectorizer(h.vectorizer);
    const hb = decodeVectorizer(JSON.parse(JSON.stringify(he.meta)), he.arrays);
    if (hb.kind === "hashing") expect(transformHashing(hb, docs)).toEqual(h.matrix);
    expect(() => decodeVectorizer({ kind: "tfidf" }, {})).toThrow(/needs its vocabulary/);
  });
});
