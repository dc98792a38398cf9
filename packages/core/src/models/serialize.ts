import type { CsrMatrix, Features } from "../linalg/csr.js";
import type { FloatArray } from "../linalg/matrix.js";
import type { EnsembleModel } from "./ensemble.js";
import type { KnnModel } from "./knn.js";
import type { MultiAnnotatorModel } from "./multiAnnotator.js";
import type { DenseLayer } from "./network.js";
import type { Model } from "./predict.js";

/** Arrays a saved model keeps outside its JSON. */
export type StoredArray = Float64Array | Float32Array | Int32Array;

/** A model as JSON-able metadata plus named arrays (what a model file stores). */
export interface EncodedModel {
  meta: Record<string, unknown>;
  arrays: Record<string, StoredArray>;
}

/** Any model `encodeModel` can store. */
export type StorableModel = Model | MultiAnnotatorModel;

/** Splits a model into JSON metadata and named typed arrays (names prefixed with `prefix`). O(1): arrays are shared. */
export function encodeModel(model: StorableModel, prefix = "model"): EncodedModel {
  const arrays: Record<string, StoredArray> = {};
  const put = (name: string, a: StoredArray) => {
    arrays[`${prefix}.${name}`] = a;
    return `${prefix}.${name}`;
  };
  const layers = (name: string, ls: readonly DenseLayer[]) =>
    ls.map((l, i) => ({
      inputs: l.inputs,
      outputs: l.outputs,
      weights: put(`${name}${i}.weights`, l.weights),
      bias: put(`${name}${i}.bias`, l.bias),
    }));
  const base = { kind: model.kind, classes: model.classes, features: model.features };
  switch (model.kind) {
    case "softmax":
      return {
        meta: { ...base, weights: put("weights", model.weights), bias: put("bias", model.bias) },
        arrays,
      };
    case "nb":
      return {
        meta: {
          ...base,
          featureLogProb: put("featureLogProb", model.featureLogProb),
          classLogPrior: put("classLogPrior", model.classLogPrior),
        },
        arrays,
      };
    case "mlp":
      return { meta: { ...base, dropout: model.dropout, layers: layers("layer", model.layers) }, arrays };
    case "knn": {
      const x = model.x;
      const rows =
        "indptr" in x
          ? {
              sparse: true,
              rows: x.rows,
              indptr: put("x.indptr", x.indptr),
              indices: put("x.indices", x.indices),
              data: put("x.data", x.data),
            }
          : { sparse: false, rows: x.rows, data: put("x.data", x.data) };
      return {
        meta: {
          ...base,
          k: model.k,
          metric: model.metric,
          weighting: model.weighting,
          x: rows,
          y: put("y", model.y),
        },
        arrays,
      };
    }
    case "ensemble": {
      const members = model.members.map((m, i) => {
        const e = encodeModel(m, `${prefix}.members${i}`);
        Object.assign(arrays, e.arrays);
        return e.meta;
      });
      return { meta: { ...base, members }, arrays };
    }
    case "multiAnnotator":
      return {
        meta: {
          ...base,
          raters: model.raters,
          units: model.units,
          dropout: model.dropout,
          trunk: layers("trunk", model.trunk),
          headWeights: put("headWeights", model.headWeights),
          headBias: put("headBias", model.headBias),
        },
        arrays,
      };
  }
}

/** A problem in saved model metadata (the CLI reports it with the file's name). */
function bad(detail: string): never {
  throw new RangeError(`model: ${detail}`);
}

function int(meta: Record<string, unknown>, key: string, min = 0): number {
  const v = meta[key];
  if (typeof v !== "number" || !Number.isInteger(v) || v < min)
    bad(`"${key}" must be an integer ≥ ${min} (got ${JSON.stringify(v)})`);
  return v;
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) bad(`${what} must be an object`);
  return v as Record<string, unknown>;
}

/** Rebuilds a model from `encodeModel`'s output, checking every size; throws RangeError("model: …") otherwise. */
export function decodeModel(metaIn: unknown, arrays: Readonly<Record<string, StoredArray>>): StorableModel {
  const meta = obj(metaIn, "the model entry");
  const sub = (m: Record<string, unknown>) => ({
    arr: <A extends StoredArray>(key: string, type: new (n: number) => A, length?: number): A => {
      const name = m[key];
      const a = typeof name === "string" ? arrays[name] : undefined;
      if (!(a instanceof type)) bad(`array "${String(name)}" for "${key}" is missing or of the wrong type`);
      if (length !== undefined && a.length !== length)
        bad(`"${key}" must have ${length} values (found ${a.length})`);
      return a as A;
    },
  });
  const arr = sub(meta).arr;
  const readLayers = (list: unknown, inputs: number): DenseLayer[] => {
    if (!Array.isArray(list) || list.length === 0) bad("layers must be a non-empty list");
    let width = inputs;
    return list.map((entry, i) => {
      const l = obj(entry, `layer ${i}`);
      const ins = int(l, "inputs", 1);
      const outs = int(l, "outputs", 1);
      if (ins !== width) bad(`layer ${i} takes ${ins} inputs but the previous layer gives ${width}`);
      width = outs;
      const s = sub(l);
      return {
        inputs: ins,
        outputs: outs,
        weights: s.arr("weights", Float64Array, ins * outs),
        bias: s.arr("bias", Float64Array, outs),
      };
    });
  };
  const classes = int(meta, "classes", 1);
  const features = int(meta, "features", 0);
  const kind = meta.kind;
  switch (kind) {
    case "softmax":
      return {
        kind,
        classes,
        features,
        weights: arr("weights", Float64Array, classes * features),
        bias: arr("bias", Float64Array, classes),
      };
    case "nb":
      return {
        kind,
        classes,
        features,
        featureLogProb: arr("featureLogProb", Float64Array, classes * features),
        classLogPrior: arr("classLogPrior", Float64Array, classes),
      };
    case "mlp": {
      const layers = readLayers(meta.layers, features);
      if (layers[layers.length - 1]!.outputs !== classes)
        bad("the last layer must have one output per class");
      return { kind, classes, features, layers, dropout: Number(meta.dropout ?? 0) };
    }
    case "knn": {
      const k = int(meta, "k", 1);
      const metric =
        meta.metric === "euclidean"
          ? "euclidean"
          : meta.metric === "cosine"
            ? "cosine"
            : bad(`unknown metric ${JSON.stringify(meta.metric)}`);
      const weighting = meta.weighting === "distance" ? "distance" : "uniform";
      const xm = obj(meta.x, '"x"');
      const rows = int(xm, "rows", 1);
      const s = sub(xm);
      let x: Features;
      if (xm.sparse === true) {
        const indptr = s.arr("indptr", Int32Array, rows + 1);
        const indices = s.arr("indices", Int32Array);
        x = {
          rows,
          cols: features,
          indptr,
          indices,
          data: s.arr("data", Float64Array, indices.length),
        } as CsrMatrix<FloatArray>;
      } else x = { rows, cols: features, data: s.arr("data", Float64Array, rows * features) };
      const y = arr("y", Int32Array, rows);
      return { kind, classes, features, k, metric, weighting, x, y } satisfies KnnModel;
    }
    case "ensemble": {
      if (!Array.isArray(meta.members) || meta.members.length === 0) bad("an ensemble needs members");
      const members = meta.members.map((m) => decodeModel(m, arrays));
      for (const m of members)
        if (m.kind === "multiAnnotator") bad("an ensemble cannot hold a multi-annotator model");
      return { kind, classes, features, members: members as Model[] } satisfies EnsembleModel;
    }
    case "multiAnnotator": {
      const raters = int(meta, "raters", 1);
      const units = int(meta, "units", 1);
      const trunk = readLayers(meta.trunk, features);
      if (trunk[trunk.length - 1]!.outputs !== units) bad("the trunk's last layer must have `units` outputs");
      return {
        kind,
        classes,
        features,
        raters,
        units,
        trunk,
        dropout: Number(meta.dropout ?? 0),
        headWeights: arr("headWeights", Float64Array, raters * classes * units),
        headBias: arr("headBias", Float64Array, raters * classes),
      } satisfies MultiAnnotatorModel;
    }
    default:
      return bad(`unknown model kind ${JSON.stringify(kind)}`);
  }
}
