// Encodes ONNX models (onnx.proto3: ModelProto, GraphProto, NodeProto, ...) from plain objects, for the small
// graphs this package builds in code. Only the fields vox needs; field numbers are those of onnx.proto.
import { ProtoWriter } from "./protobuf.js";

/** Element types of tensors in vox's graphs, with their ONNX TensorProto.DataType codes. */
export const ONNX_TYPES = { float32: 1, int32: 6, int64: 7, float64: 11 } as const;

/** An element type of `ONNX_TYPES`. */
export type OnnxElemType = keyof typeof ONNX_TYPES;

/** A constant tensor stored in the model (an initializer or a tensor attribute). */
export interface OnnxTensor {
  name: string;
  type: OnnxElemType;
  dims: readonly number[];
  data: Float32Array | Float64Array | Int32Array | BigInt64Array;
}

/** A graph input or output: name, element type and shape (a string names a dimension fixed at run time). */
export interface OnnxValueInfo {
  name: string;
  type: OnnxElemType;
  shape: readonly (number | string)[];
}

/** A node attribute, tagged by its ONNX type. */
export type OnnxAttribute =
  | { i: number }
  | { f: number }
  | { ints: readonly number[] }
  | { s: string }
  | { t: OnnxTensor };

/** One operator application. */
export interface OnnxNode {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Record<string, OnnxAttribute>;
  /** Operator domain; default "" (the standard ai.onnx operators). */
  domain?: string;
}

/** A computation graph. */
export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  initializers?: readonly OnnxTensor[];
}

/** Options of `encodeModel`. */
export interface EncodeModelOptions {
  /** ai.onnx opset version. Default 17 (supported by every onnxruntime since 1.14). */
  opset?: number;
  /** ONNX IR version. Default 8 (the one that goes with opset 17). */
  irVersion?: number;
}

function encodeTensor(t: OnnxTensor): Uint8Array {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (count !== t.data.length)
    throw new RangeError(
      `tensor ${t.name}: dims ${t.dims.join("×")} need ${count} values (got ${t.data.length})`,
    );
  // raw_data holds the values little-endian, as typed arrays already are on every platform Node runs on.
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return new ProtoWriter()
    .packedInts(1, t.dims) // dims
    .int(2, ONNX_TYPES[t.type]) // data_type
    .string(8, t.name) // name
    .bytes(9, raw) // raw_data
    .finish();
}

function encodeValueInfo(v: OnnxValueInfo): Uint8Array {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === "number")
      dim.int(1, d); // dim_value
    else dim.string(2, d); // dim_param
    shape.bytes(1, dim.finish()); // TensorShapeProto.dim
  }
  const tensorType = new ProtoWriter().int(1, ONNX_TYPES[v.type]).bytes(2, shape.finish()).finish();
  const type = new ProtoWriter().bytes(1, tensorType).finish(); // TypeProto.tensor_type
  return new ProtoWriter().string(1, v.name).bytes(2, type).finish();
}

// AttributeProto.AttributeType codes.
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_TENSOR = 4;
const ATTR_INTS = 7;

function encodeAttribute(name: string, a: OnnxAttribute): Uint8Array {
  const w = new ProtoWriter().string(1, name);
  if ("i" in a) w.int(3, a.i).int(20, ATTR_INT);
  else if ("f" in a) w.float(2, a.f).int(20, ATTR_FLOAT);
  else if ("ints" in a) w.packedInts(8, a.ints).int(20, ATTR_INTS);
  else if ("s" in a) w.string(4, a.s).int(20, ATTR_STRING);
  else w.bytes(5, encodeTensor(a.t)).int(20, ATTR_TENSOR);
  return w.finish();
}

function encodeNode(n: OnnxNode, index: number): Uint8Array {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, `${n.op}_${index}`).string(4, n.op);
  for (const [name, a] of Object.entries(n.attributes ?? {})) w.bytes(5, encodeAttribute(name, a));
  if (n.domain) w.string(7, n.domain);
  return w.finish();
}

/** The bytes of an ONNX model (ModelProto) holding `graph`, ready for onnxruntime or a `.onnx` file. */
export function encodeModel(graph: OnnxGraph, options: EncodeModelOptions = {}): Uint8Array {
  const { opset = 17, irVersion = 8 } = options;
  const g = new ProtoWriter();
  graph.nodes.forEach((n, i) => {
    g.bytes(1, encodeNode(n, i));
  });
  g.string(2, graph.name);
  for (const t of graph.initializers ?? []) g.bytes(5, encodeTensor(t));
  for (const v of graph.inputs) g.bytes(11, encodeValueInfo(v));
  for (const v of graph.outputs) g.bytes(12, encodeValueInfo(v));
  const opsetId = new ProtoWriter().string(1, "").int(2, opset).finish();
  return new ProtoWriter()
    .int(1, irVersion) // ir_version
    .string(2, "vox") // producer_name
    .bytes(7, g.finish()) // graph
    .bytes(8, opsetId) // opset_import
    .finish();
}
