import {
  assertMetric,
  assertRowSets,
  type CsrMatrix,
  type DistanceMetric,
  type FloatArray,
  type GemmOptions,
  gemmOutput,
  gemmShape,
  type LinalgBackend,
  type Matrix,
  NeighbourHeap,
  type PairwiseOptions,
  pureBackend,
  RadiusCollector,
  type RadiusOptions,
  type RadiusResult,
  resolveRadius,
  resolveTopK,
  type TopKOptions,
  type TopKResult,
} from "@vox/core";
import type { OnnxElemType, OnnxGraph, OnnxNode } from "./onnx/model.js";
import { SessionCache, type SessionOptions, tensor } from "./session.js";

/** Options of `createOnnxBackend`. */
export interface OnnxBackendOptions extends SessionOptions {
  /**
   * Below this many multiply-adds a call runs on the pure-TS backend instead: a session run costs about 10 µs
   * before any arithmetic, and pure-TS catches up around 16³–24³ (measured here). Default 2^13 (≈ 20³).
   */
  minWork?: number;
  /** Most query rows × reference rows of distances held at once by one run. Default 2^24 (64 MiB of Float32). */
  tileElements?: number;
  /** Reference rows per run in neighbour searches (query rows then fill `tileElements`). Default 16384. */
  refBlock?: number;
  /** Priority in the backend registry. Default 10 (above pure-TS's 0). */
  priority?: number;
  /** Sessions kept loaded. Default 64. */
  cacheSize?: number;
}

type Dtype = "float32" | "float64";

function dtypeOf(...arrays: FloatArray[]): Dtype {
  return arrays.every((a) => a instanceof Float32Array) ? "float32" : "float64";
}

/** The data of m as `dtype`, copying only when it differs. */
function as(dtype: Dtype, data: FloatArray): Float32Array | Float64Array {
  if (dtype === "float32") return data instanceof Float32Array ? data : Float32Array.from(data);
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

function io(name: string, type: OnnxElemType, shape: (number | string)[]) {
  return { name, type, shape };
}

function gemmGraph(
  dtype: Dtype,
  o: { transA: boolean; transB: boolean; alpha: number; beta: number },
): OnnxGraph {
  const withC = o.beta !== 0;
  return {
    name: "vox_gemm",
    nodes: [
      {
        op: "Gemm",
        inputs: withC ? ["A", "B", "C"] : ["A", "B"],
        outputs: ["Y"],
        attributes: {
          transA: { i: o.transA ? 1 : 0 },
          transB: { i: o.transB ? 1 : 0 },
          alpha: { f: o.alpha },
          beta: { f: o.beta },
        },
      },
    ],
    inputs: [
      io("A", dtype, ["a0", "a1"]),
      io("B", dtype, ["b0", "b1"]),
      ...(withC ? [io("C", dtype, ["M", "N"])] : []),
    ],
    outputs: [io("Y", dtype, ["M", "N"])],
  };
}

/**
 * Distances between query rows Q and reference rows R. sqeuclidean: D = relu(−2·Q·Rᵀ + ‖r‖² + ‖q‖²) with the norms
 * fed in (RN: [r], QN: [q, 1]); cosine: D = clip(1 − Q·Rᵀ, 0, 2) on rows normalised beforehand. With `topK`, the
 * graph ends in TopK (smallest first; ONNX breaks ties by lower index), returning values and int64 indices.
 */
function distanceGraph(dtype: Dtype, o: { metric: DistanceMetric; topK: boolean }): OnnxGraph {
  const scalar = (name: string, v: number) => ({
    name,
    type: dtype,
    dims: [],
    data: dtype === "float32" ? Float32Array.of(v) : Float64Array.of(v),
  });
  const nodes: OnnxNode[] = [];
  const inputs = [io("Q", dtype, ["q", "d"]), io("R", dtype, ["r", "d"])];
  const initializers = [];
  if (o.metric === "sqeuclidean") {
    inputs.push(io("RN", dtype, ["r"]), io("QN", dtype, ["q", 1]));
    nodes.push(
      {
        op: "Gemm",
        inputs: ["Q", "R", "RN"],
        outputs: ["G"],
        attributes: { transB: { i: 1 }, alpha: { f: -2 }, beta: { f: 1 } },
      },
      { op: "Add", inputs: ["G", "QN"], outputs: ["S"] },
      { op: "Relu", inputs: ["S"], outputs: ["D"] },
    );
  } else {
    initializers.push(scalar("one", 1), scalar("zero", 0), scalar("two", 2));
    nodes.push(
      {
        op: "Gemm",
        inputs: ["Q", "R", "one"],
        outputs: ["G"],
        attributes: { transB: { i: 1 }, alpha: { f: -1 }, beta: { f: 1 } },
      },
      { op: "Clip", inputs: ["G", "zero", "two"], outputs: ["D"] },
    );
  }
  const outputs = [];
  if (o.topK) {
    inputs.push(io("K", "int64", [1]));
    nodes.push({
      op: "TopK",
      inputs: ["D", "K"],
      outputs: ["V", "I"],
      attributes: { axis: { i: 1 }, largest: { i: 0 }, sorted: { i: 1 } },
    });
    outputs.push(io("V", dtype, ["q", "k"]), io("I", "int64", ["q", "k"]));
  } else outputs.push(io("D", dtype, ["q", "r"]));
  return { name: `vox_${o.metric}${o.topK ? "_topk" : ""}`, nodes, inputs, outputs, initializers };
}

/** Rows prepared for the distance graphs: the data as `dtype` (unit rows for cosine) and squared norms. */
interface PreparedRows {
  data: Float32Array | Float64Array;
  rows: number;
  cols: number;
  norms: Float32Array | Float64Array;
}

function prepareRows(m: Matrix<FloatArray>, o: { dtype: Dtype; metric: DistanceMetric }): PreparedRows {
  const { rows, cols } = m;
  const make = (n: number) => (o.dtype === "float32" ? new Float32Array(n) : new Float64Array(n));
  const norms = make(rows);
  const src = m.data;
  const data = o.metric === "cosine" ? make(rows * cols) : as(o.dtype, src);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let p = i * cols, e = p + cols; p < e; p++) s += src[p]! * src[p]!;
    norms[i] = s;
    if (o.metric === "cosine") {
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let p = i * cols, e = p + cols; p < e; p++) data[p] = src[p]! * inv;
    }
  }
  return { data, rows, cols, norms };
}

/** Both row sets prepared in their common dtype (Float32 only when both are). */
function prepareBoth(q: Matrix<FloatArray>, r: Matrix<FloatArray>, metric: DistanceMetric) {
  const dtype = dtypeOf(q.data, r.data);
  return { q: prepareRows(q, { dtype, metric }), r: prepareRows(r, { dtype, metric }), dtype, metric };
}

/** Rows [r0, r0 + n) of prepared rows, as zero-copy views. */
function slice(p: PreparedRows, r0: number, n: number) {
  return { data: p.data.subarray(r0 * p.cols, (r0 + n) * p.cols), norms: p.norms.subarray(r0, r0 + n) };
}

/**
 * A linalg backend on onnxruntime-node's CPU execution provider (MLAS kernels, multi-threaded): graphs built in
 * code, one cached session per (operation, dtype, flags). Dense products and distances run in onnxruntime; CSR
 * products and inputs smaller than `minWork` fall back to the pure-TS backend.
 */
export function createOnnxBackend(
  options: OnnxBackendOptions = {},
): LinalgBackend & { sessions: SessionCache } {
  const { minWork = 1 << 13, tileElements = 1 << 24, refBlock = 16384, priority = 10 } = options;
  const sessions = new SessionCache({ capacity: options.cacheSize ?? 64, threads: options.threads ?? 0 });

  function gemm(a: Matrix<FloatArray>, b: Matrix<FloatArray>, o: GemmOptions = {}): Matrix<FloatArray> {
    const s = gemmShape(a, b, o);
    // Empty products: onnxruntime's Gemm ignores beta when k = 0, and there is nothing to accelerate anyway.
    if (s.m * s.n * s.k === 0 || s.m * s.n * s.k < minWork || s.alpha === 0) return pureBackend.gemm(a, b, o);
    if (
      !(a.data instanceof Float32Array || a.data instanceof Float64Array) ||
      a.data.length !== a.rows * a.cols
    )
      return pureBackend.gemm(a, b, o); // let the reference implementation raise its precise error
    const out = gemmOutput(s, [a.data, b.data], o.c);
    const dtype: Dtype = out.data instanceof Float32Array ? "float32" : "float64";
    const key = `gemm:${dtype}:${s.transA}:${s.transB}:${s.alpha}:${s.beta}`;
    const session = sessions.get(key, () => gemmGraph(dtype, s));
    const feeds = {
      A: tensor(as(dtype, a.data), [a.rows, a.cols]),
      B: tensor(as(dtype, b.data), [b.rows, b.cols]),
      ...(s.beta !== 0 ? { C: tensor(as(dtype, out.data), [s.m, s.n]) } : {}),
    };
    if (s.beta === 0) {
      // Write straight into the output buffer.
      session.run(feeds, { Y: tensor(out.data, [s.m, s.n]) });
    } else {
      const y = session.run(feeds).Y!.data as Float32Array | Float64Array;
      out.data.set(y);
    }
    return out;
  }

  function spmm(a: CsrMatrix<FloatArray>, b: Matrix<FloatArray>, o: GemmOptions = {}): Matrix<FloatArray> {
    // onnxruntime has no CSR kernel on CPU; densifying would cost more memory than the product saves.
    return pureBackend.spmm(a, b, o);
  }

  /** Runs the distance graph for query rows [q0, q0 + nq) × reference rows [r0, r0 + nr). */
  function distanceRun(
    prepared: { q: PreparedRows; r: PreparedRows; dtype: Dtype; metric: DistanceMetric },
    block: { q0: number; nq: number; r0: number; nr: number; k?: number; out?: Float32Array | Float64Array },
  ) {
    const { q, r, dtype, metric } = prepared;
    const d = q.cols;
    const topK = block.k !== undefined;
    const session = sessions.get(`dist:${dtype}:${metric}:${topK}`, () =>
      distanceGraph(dtype, { metric, topK }),
    );
    const qs = slice(q, block.q0, block.nq);
    const rs = slice(r, block.r0, block.nr);
    const feeds: Record<string, ReturnType<typeof tensor>> = {
      Q: tensor(qs.data, [block.nq, d]),
      R: tensor(rs.data, [block.nr, d]),
    };
    if (metric === "sqeuclidean") {
      feeds.RN = tensor(rs.norms, [block.nr]);
      feeds.QN = tensor(qs.norms, [block.nq, 1]);
    }
    if (topK) feeds.K = tensor(BigInt64Array.of(BigInt(block.k!)), [1]);
    const outputs = block.out ? { D: tensor(block.out, [block.nq, block.nr]) } : undefined;
    return session.run(feeds, outputs);
  }

  function blockRows(other: number): number {
    return Math.max(1, Math.floor(tileElements / Math.max(1, other)));
  }

  function pairwiseDistances(
    x: Matrix<FloatArray>,
    y: Matrix<FloatArray>,
    o: PairwiseOptions = {},
  ): Matrix<FloatArray> {
    const metric = o.metric ?? "sqeuclidean";
    assertMetric(metric);
    assertRowSets(x, y, ["x", "y"]);
    if (x.rows * y.rows * Math.max(1, x.cols) < minWork || x.cols === 0)
      return pureBackend.pairwiseDistances(x, y, o);
    const prepared = prepareBoth(x, y, metric);
    const { dtype } = prepared;
    const out = dtype === "float32" ? new Float32Array(x.rows * y.rows) : new Float64Array(x.rows * y.rows);
    const qb = blockRows(y.rows);
    for (let q0 = 0; q0 < x.rows; q0 += qb) {
      const nq = Math.min(qb, x.rows - q0);
      distanceRun(prepared, {
        q0,
        nq,
        r0: 0,
        nr: y.rows,
        out: out.subarray(q0 * y.rows, (q0 + nq) * y.rows),
      });
    }
    return { rows: x.rows, cols: y.rows, data: out };
  }

  function topKNeighbours(
    queries: Matrix<FloatArray>,
    refs: Matrix<FloatArray>,
    o: TopKOptions = {},
  ): TopKResult {
    const { k, metric, excludeSelf, selfOffset } = resolveTopK(queries, refs, o);
    if (k === 0 || queries.rows * refs.rows * Math.max(1, queries.cols) < minWork || queries.cols === 0)
      return pureBackend.topKNeighbours(queries, refs, o);
    const prepared = prepareBoth(queries, refs, metric);
    const heap = new NeighbourHeap(queries.rows, k);
    // Reference blocks of up to `refBlock` rows, query blocks filling the rest of the tile.
    const rb = Math.min(refs.rows, refBlock);
    const qb = blockRows(rb);
    for (let r0 = 0; r0 < refs.rows; r0 += rb) {
      const nr = Math.min(rb, refs.rows - r0);
      // One more candidate when a query's own row may be among them (dropped below).
      const kb = Math.min(nr, k + (excludeSelf ? 1 : 0));
      for (let q0 = 0; q0 < queries.rows; q0 += qb) {
        const nq = Math.min(qb, queries.rows - q0);
        const res = distanceRun(prepared, { q0, nq, r0, nr, k: kb });
        const v = res.V!.data as Float32Array | Float64Array;
        const ix = res.I!.data as BigInt64Array;
        for (let i = 0; i < nq; i++) {
          const qi = q0 + i;
          for (let t = 0; t < kb; t++) {
            const dist = v[i * kb + t]!;
            if (dist > heap.bound(qi)) break; // sorted: the rest of this block cannot enter
            const j = r0 + Number(ix[i * kb + t]!);
            if (excludeSelf && j === qi + selfOffset) continue;
            heap.push(qi, dist, j);
          }
        }
      }
    }
    return heap.finish();
  }

  function radiusNeighbours(
    queries: Matrix<FloatArray>,
    refs: Matrix<FloatArray>,
    o: RadiusOptions,
  ): RadiusResult {
    const { radius, metric, excludeSelf, selfOffset } = resolveRadius(queries, refs, o);
    if (queries.rows * refs.rows * Math.max(1, queries.cols) < minWork || queries.cols === 0)
      return pureBackend.radiusNeighbours(queries, refs, o);
    const prepared = prepareBoth(queries, refs, metric);
    const { dtype } = prepared;
    const found = new RadiusCollector();
    const rb = Math.min(refs.rows, refBlock);
    const qb = blockRows(rb);
    const tile = dtype === "float32" ? new Float32Array(qb * rb) : new Float64Array(qb * rb);
    for (let r0 = 0; r0 < refs.rows; r0 += rb) {
      const nr = Math.min(rb, refs.rows - r0);
      for (let q0 = 0; q0 < queries.rows; q0 += qb) {
        const nq = Math.min(qb, queries.rows - q0);
        const out = tile.subarray(0, nq * nr);
        distanceRun(prepared, { q0, nq, r0, nr, out });
        for (let i = 0; i < nq; i++) {
          const qi = q0 + i;
          for (let j = 0, p = i * nr; j < nr; j++, p++) {
            const dist = out[p]!;
            if (dist <= radius && !(excludeSelf && r0 + j === qi + selfOffset)) found.add(qi, r0 + j, dist);
          }
        }
      }
    }
    return found.finish(queries.rows);
  }

  return {
    name: "onnxruntime",
    priority,
    sessions,
    gemm,
    spmm,
    pairwiseDistances,
    topKNeighbours,
    radiusNeighbours,
  };
}
