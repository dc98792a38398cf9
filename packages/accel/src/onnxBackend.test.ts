import { getBackend, pureBackend, setBackend } from "@vox/core";
import { describe, expect, it } from "vitest";
import { describeBackendConformance, randomMatrix } from "../../../test-support/linalgConformance.js";
import { createOnnxBackend, onnxBackend } from "./index.js";

// minWork 0: every call, however small, goes through onnxruntime (the default would route tiny ones to pure-TS);
// small tiles (128 reference rows, 16384 distances) so that searches cross many blocks and merge across them.
const forced = createOnnxBackend({ minWork: 0, tileElements: 1 << 14, refBlock: 128 });

// The differential test: onnxruntime against the pure-TS backend on the same seeded inputs (empty, 1×1, shapes
// that are not multiples of any block size, every transpose, alpha/beta, Float32 and Float64, exact ties).
describeBackendConformance(() => forced, pureBackend);

describe("onnxruntime backend", () => {
  it("registers itself on import and wins the automatic choice", () => {
    expect(getBackend()).toBe(onnxBackend);
    setBackend("pure-ts");
    expect(getBackend()).toBe(pureBackend);
    setBackend(undefined);
    expect(getBackend().name).toBe("onnxruntime");
  });

  it("caches one session per graph and reuses it across shapes", () => {
    const b = createOnnxBackend({ minWork: 0 });
    for (const n of [3, 5, 8])
      b.gemm(randomMatrix(n, 4, { seed: n, dtype: "f32" }), randomMatrix(4, n, { seed: 1, dtype: "f32" }));
    expect(b.sessions.size).toBe(1);
    b.gemm(randomMatrix(3, 4, { seed: 1 }), randomMatrix(4, 3, { seed: 2 })); // Float64: a second graph
    expect(b.sessions.size).toBe(2);
  });

  it("falls back to pure-TS below minWork and for CSR products", () => {
    const b = createOnnxBackend();
    b.gemm(randomMatrix(4, 4, { seed: 1 }), randomMatrix(4, 4, { seed: 2 }));
    b.topKNeighbours(randomMatrix(4, 4, { seed: 1 }), randomMatrix(4, 4, { seed: 2 }), { k: 2 });
    const csr = {
      rows: 2,
      cols: 300,
      indptr: Int32Array.of(0, 1, 2),
      indices: Int32Array.of(5, 7),
      data: Float64Array.of(1, 2),
    };
    const dense = randomMatrix(300, 1000, { seed: 3 });
    const got = b.spmm(csr, dense);
    expect(Array.from(got.data.subarray(0, 3))).toEqual(Array.from(dense.data.subarray(5000, 5003)));
    expect(b.sessions.size).toBe(0);
  });

  it("reads inputs that are views into larger buffers", () => {
    const big = randomMatrix(10, 6, { seed: 4, dtype: "f32" });
    const view = { rows: 5, cols: 6, data: big.data.subarray(30) };
    const got = forced.gemm(view, view, { transB: true });
    const want = pureBackend.gemm(view, view, { transB: true });
    for (let p = 0; p < 25; p++) expect(got.data[p]).toBeCloseTo(want.data[p]!, 4);
  });
});
