import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "./atomic.js";
import { VoxIoError } from "./errors.js";
import { checkFile } from "./source.js";

/** Element types vox reads from and writes to .npy files. */
export type NpyDtype =
  | "float32"
  | "float64"
  | "int32"
  | "int64"
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "uint32"
  | "bool";

/** Typed arrays that hold .npy data (int64 as BigInt64Array, bool as Uint8Array). */
export type NpyData =
  | Float32Array
  | Float64Array
  | Int32Array
  | BigInt64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Uint32Array;

/** An n-dimensional array from a .npy file, always in C (row-major) order. */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

interface DtypeInfo {
  dtype: NpyDtype;
  size: number;
  make: (buf: ArrayBuffer) => NpyData;
}

const DTYPES: Record<string, DtypeInfo> = {
  f4: { dtype: "float32", size: 4, make: (b) => new Float32Array(b) },
  f8: { dtype: "float64", size: 8, make: (b) => new Float64Array(b) },
  i4: { dtype: "int32", size: 4, make: (b) => new Int32Array(b) },
  i8: { dtype: "int64", size: 8, make: (b) => new BigInt64Array(b) },
  i1: { dtype: "int8", size: 1, make: (b) => new Int8Array(b) },
  u1: { dtype: "uint8", size: 1, make: (b) => new Uint8Array(b) },
  i2: { dtype: "int16", size: 2, make: (b) => new Int16Array(b) },
  u2: { dtype: "uint16", size: 2, make: (b) => new Uint16Array(b) },
  u4: { dtype: "uint32", size: 4, make: (b) => new Uint32Array(b) },
  b1: { dtype: "bool", size: 1, make: (b) => new Uint8Array(b) },
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

function bad(path: string, detail: string, column?: string): VoxIoError {
  return new VoxIoError("BAD_NPY", { path, column }, detail);
}

/** Parses the Python-literal header dict of a .npy file (only the three keys numpy writes). */
function parseHeader(text: string, path: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text);
  if (!descr) {
    if (/['"]descr['"]\s*:\s*\[/.test(text)) throw bad(path, "structured dtypes are not supported", "descr");
    throw bad(path, `header has no 'descr': ${text.trim()}`, "descr");
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  if (!fortran) throw bad(path, `header has no 'fortran_order': ${text.trim()}`, "fortran_order");
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!shape) throw bad(path, `header has no 'shape': ${text.trim()}`, "shape");
  const dims = shape[1]!
    .split(",")
    .map((s) => s.trim().replace(/L$/, ""))
    .filter((s) => s !== "")
    .map((s) => {
      const n = Number(s);
      if (!Number.isSafeInteger(n) || n < 0)
        throw bad(path, `bad dimension ${JSON.stringify(s)} in shape`, "shape");
      return n;
    });
  return { descr: descr[1]!, fortran: fortran[1] === "True", shape: dims };
}

/** C-order copy of an array stored in Fortran (column-major) order. */
function fortranToC<T extends NpyData>(data: T, shape: readonly number[]): T {
  const n = data.length;
  const out = new (data.constructor as new (len: number) => T)(n);
  const k = shape.length;
  // Fortran strides: dimension 0 varies fastest.
  const fstride = new Array<number>(k);
  let s = 1;
  for (let d = 0; d < k; d++) {
    fstride[d] = s;
    s *= shape[d]!;
  }
  const idx = new Array<number>(k).fill(0);
  let src = 0;
  for (let c = 0; c < n; c++) {
    (out as unknown as number[])[c] = (data as unknown as number[])[src]!;
    // Advance the C-order multi-index (last dimension fastest) and the Fortran offset with it.
    for (let d = k - 1; d >= 0; d--) {
      idx[d]!++;
      src += fstride[d]!;
      if (idx[d]! < shape[d]!) break;
      src -= fstride[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Decodes a .npy file held in memory (format versions 1.0, 2.0 and 3.0; little- or big-endian; C or Fortran order,
 * returned in C order). Throws BAD_NPY for a malformed header or unsupported dtype and TRUNCATED when the data is
 * shorter than the shape says.
 */
export function parseNpy(bytes: Uint8Array, path = "<buffer>"): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw bad(path, "not a .npy file (missing the \\x93NUMPY magic string)");
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new VoxIoError("TRUNCATED", { path }, "file ends inside the .npy preamble");
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw bad(path, `unsupported .npy format version ${major}.${bytes[7]}`);
  }
  if (headerStart + headerLen > bytes.length) {
    throw new VoxIoError(
      "TRUNCATED",
      { path },
      `file ends inside the header (${headerLen} header bytes announced)`,
    );
  }
  const headerBytes = bytes.subarray(headerStart, headerStart + headerLen);
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(headerBytes);
  const { descr, fortran, shape } = parseHeader(text, path);
  const order = descr[0]!;
  const info = DTYPES[descr.slice(1)];
  if (!"<>|=".includes(order) || !info) {
    throw bad(
      path,
      `unsupported dtype ${JSON.stringify(descr)} (supported: float32/64, int8/16/32/64, uint8/16/32, bool)`,
      "descr",
    );
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLen;
  const need = count * info.size;
  const have = bytes.length - dataStart;
  if (have < need) {
    throw new VoxIoError(
      "TRUNCATED",
      { path },
      `file ends after ${have} of ${need} data bytes (shape (${shape.join(", ")}), dtype ${descr})`,
    );
  }
  if (have > need)
    throw bad(
      path,
      `${have - need} unexpected bytes after the data (shape (${shape.join(", ")}), dtype ${descr})`,
    );
  // Copy into a fresh, aligned buffer (the file's data offset need not be a multiple of the element size).
  const buf = new ArrayBuffer(need);
  const raw = new Uint8Array(buf);
  raw.set(bytes.subarray(dataStart, dataStart + need));
  if (order === ">" && info.size > 1) {
    for (let i = 0; i < need; i += info.size) raw.subarray(i, i + info.size).reverse();
  }
  let data = info.make(buf);
  if (fortran && shape.length > 1) data = fortranToC(data, shape);
  return { dtype: info.dtype, shape, data };
}

/** Reads a .npy file (see `parseNpy`). */
export async function readNpy(path: string): Promise<NpyArray> {
  checkFile(path);
  return parseNpy(await readFile(path), path);
}

const DESCR: Record<NpyDtype, string> = {
  float32: "<f4",
  float64: "<f8",
  int32: "<i4",
  int64: "<i8",
  int8: "|i1",
  uint8: "|u1",
  int16: "<i2",
  uint16: "<u2",
  uint32: "<u4",
  bool: "|b1",
};

function dtypeOf(data: NpyData): NpyDtype {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof BigInt64Array) return "int64";
  if (data instanceof Int8Array) return "int8";
  if (data instanceof Int16Array) return "int16";
  if (data instanceof Uint16Array) return "uint16";
  if (data instanceof Uint32Array) return "uint32";
  return "uint8";
}

/**
 * Encodes an array as .npy bytes the way numpy's `np.save` does: format 1.0 (2.0 when the header needs more than
 * 65535 bytes), little-endian, C order, header padded with spaces to a multiple of 64 bytes and ended by "\n".
 */
export function encodeNpy(array: { data: NpyData; shape: readonly number[]; dtype?: NpyDtype }): Uint8Array {
  const { data, shape } = array;
  const dtype = array.dtype ?? dtypeOf(data);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new RangeError(`shape (${shape.join(", ")}) needs ${count} elements, data has ${data.length}`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let version = 1;
  let pre = 10;
  let total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  if (total - pre > 65535) {
    version = 2;
    pre = 12;
    total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  }
  const header = `${dict}${" ".repeat(total - pre - dict.length - 1)}\n`;
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

/** Writes a .npy file atomically (see `encodeNpy`). */
export async function writeNpy(
  path: string,
  array: { data: NpyData; shape: readonly number[]; dtype?: NpyDtype },
): Promise<void> {
  await writeFileAtomic(path, encodeNpy(array));
}

/**
 * The array's values as Float64Array (a copy unless already float64). int64 values beyond ±2^53 cannot be
 * represented exactly and throw a RangeError.
 */
export function npyToFloat64(array: NpyArray): Float64Array {
  const { data } = array;
  if (data instanceof Float64Array) return data;
  if (data instanceof BigInt64Array) {
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v > 9007199254740991n || v < -9007199254740991n)
        throw new RangeError(`int64 value ${v} at index ${i} is not exactly representable`);
      out[i] = Number(v);
    }
    return out;
  }
  return Float64Array.from(data as ArrayLike<number>);
}

/** The array's values as Int32Array (labels, indices). Non-integers or values outside int32 throw a RangeError. */
export function npyToInt32(array: NpyArray): Int32Array {
  const { data } = array;
  if (data instanceof Int32Array) return data;
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]!);
    if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
      throw new RangeError(`value ${data[i]} at index ${i} is not an int32`);
    }
    out[i] = v;
  }
  return out;
}
