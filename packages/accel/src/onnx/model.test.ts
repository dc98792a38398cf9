import { describe, expect, it } from "vitest";
import { createSession, tensor } from "../session.js";
import { encodeModel } from "./model.js";
import { ProtoWriter } from "./protobuf.js";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

describe("ProtoWriter", () => {
  it("encodes the protobuf documentation's examples", () => {
    // protobuf.dev, "Encoding": field 1 = 150 is 08 96 01; field 2 = "testing" is 12 07 74 65 73 74 69 6e 67.
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe("08 96 01");
    expect(hex(new ProtoWriter().string(2, "testing").finish())).toBe("12 07 74 65 73 74 69 6e 67");
    // Packed repeated field 4 = [3, 270, 86942] is 22 06 03 8e 02 9e a7 05 (same page, "Packed Repeated Fields").
    expect(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish())).toBe("22 06 03 8e 02 9e a7 05");
  });

  it("writes negative int64 values as ten-byte two's complement, and floats little-endian", () => {
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe("08 ff ff ff ff ff ff ff ff ff 01");
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe("15 00 00 80 3f"); // 1.0f = 0x3f800000
    expect(() => new ProtoWriter().int(1, 0.5)).toThrow(RangeError);
  });
});

describe("encodeModel", () => {
  it("produces a model onnxruntime loads and runs (initializer, attributes, symbolic dims)", () => {
    const model = encodeModel({
      name: "affine",
      nodes: [
        {
          op: "Gemm",
          inputs: ["X", "W", "b"],
          outputs: ["Y"],
          attributes: { transB: { i: 1 }, alpha: { f: 2 } },
        },
        { op: "ReduceSum", inputs: ["Y", "axes"], outputs: ["S"], attributes: { keepdims: { i: 0 } } },
      ],
      inputs: [{ name: "X", type: "float32", shape: ["n", 2] }],
      outputs: [
        { name: "Y", type: "float32", shape: ["n", 3] },
        { name: "S", type: "float32", shape: ["n"] },
      ],
      initializers: [
        { name: "W", type: "float32", dims: [3, 2], data: Float32Array.of(1, 0, 0, 1, 1, 1) },
        { name: "b", type: "float32", dims: [3], data: Float32Array.of(0.5, 0, -1) },
        { name: "axes", type: "int64", dims: [1], data: BigInt64Array.of(-1n) },
      ],
    });
    const s = createSession(model);
    expect(s.inputNames).toEqual(["X"]);
    const out = s.run({ X: tensor(Float32Array.of(1, 2, 3, 4), [2, 2]) });
    // Y = 2·X·Wᵀ + b: row (1, 2) → (2.5, 4, 5); row (3, 4) → (6.5, 8, 13).
    expect(Array.from(out.Y!.data as Float32Array)).toEqual([2.5, 4, 5, 6.5, 8, 13]);
    expect(Array.from(out.S!.data as Float32Array)).toEqual([11.5, 27.5]);
    s.dispose();
    expect(() =>
      encodeModel({
        ...{ name: "bad", nodes: [], inputs: [], outputs: [] },
        initializers: [{ name: "t", type: "float32", dims: [2], data: new Float32Array(3) }],
      }),
    ).toThrow(/dims 2 need 2 values/);
  });
});
