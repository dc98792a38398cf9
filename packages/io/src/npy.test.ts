import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, tempDir, writeTemp } from "../../../test-support/index.js";
import { VoxIoError } from "./errors.js";
import { encodeNpy, npyToFloat64, npyToInt32, parseNpy, readNpy, writeNpy } from "./npy.js";

// Fixtures written by Debian's python3-numpy 1.24.2: /usr/bin/python3 reference/npy_fixtures.py
const FIXTURES = join(REPO_ROOT, "packages/io/fixtures/npy");
const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as {
  numpy: string;
  arrays: Record<string, { dtype: string; shape: number[]; values: (number | boolean)[] }>;
};

describe("reading numpy's .npy files", () => {
  it("has every fixture listed", () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".npy") && f !== "truncated.npy");
    expect(files.sort()).toEqual(Object.keys(expected.arrays).sort());
  });

  for (const [name, want] of Object.entries(expected.arrays)) {
    it(`reads ${name} (${want.dtype}, shape (${want.shape.join(", ")}))`, async () => {
      const arr = await readNpy(join(FIXTURES, name));
      expect(arr.dtype).toBe(want.dtype === "bool" ? "bool" : want.dtype);
      expect(arr.shape).toEqual(want.shape);
      const values = Array.from(arr.data as ArrayLike<number | bigint>, (v) =>
        typeof v === "bigint" ? Number(v) : v,
      );
      expect(values).toEqual(want.values.map((v) => (typeof v === "boolean" ? Number(v) : v)));
    });
  }

  it("converts int64 and other dtypes to float64 and int32", async () => {
    const i8 = await readNpy(join(FIXTURES, "i8_1d.npy"));
    expect(Array.from(npyToFloat64(i8))).toEqual([-(2 ** 40), 0, 5, 2 ** 53 - 1]);
    expect(() => npyToInt32(i8)).toThrow(/not an int32/);
    const i4 = await readNpy(join(FIXTURES, "i4_1d.npy"));
    expect(Array.from(npyToInt32(i4))).toEqual([-3, 0, 7, 2 ** 31 - 1]);
    const f4 = await readNpy(join(FIXTURES, "f4_2d.npy"));
    expect(npyToFloat64(f4)[1]).toBe(-0.375);
  });
});

describe("writing .npy files", () => {
  const dir = tempDir();

  it("writes the same bytes as numpy's np.save", () => {
    for (const name of ["f8_2d.npy", "f4_2d.npy", "i4_1d.npy", "i8_1d.npy", "u1_1d.npy", "f8_empty.npy"]) {
      const original = new Uint8Array(readFileSync(join(FIXTURES, name)));
      const arr = parseNpy(original, name);
      expect(Buffer.from(encodeNpy(arr)).equals(Buffer.from(original)), name).toBe(true);
    }
  });

  it("round-trips through a file and writes format 2.0 for huge headers", async () => {
    const p = join(dir, "x.npy");
    await writeNpy(p, { data: Float32Array.of(1.5, -2), shape: [2, 1] });
    const back = await readNpy(p);
    expect(back).toEqual({ dtype: "float32", shape: [2, 1], data: Float32Array.of(1.5, -2) });
    const shape = Array.from({ length: 25_000 }, () => 1);
    const big = encodeNpy({ data: Float64Array.of(3), shape });
    expect(big[6]).toBe(2);
    expect(parseNpy(big).shape.length).toBe(25_000);
    expect(() => encodeNpy({ data: Float64Array.of(1, 2), shape: [3] })).toThrow(/needs 3 elements/);
  });

  it("reports bad and truncated files", async () => {
    const bad = async (bytes: Uint8Array | string, code: string, message: RegExp) => {
      const p = writeTemp(dir, "bad.npy", bytes);
      const e = await readNpy(p).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(VoxIoError);
      expect((e as VoxIoError).code).toBe(code);
      expect((e as VoxIoError).message).toMatch(message);
    };
    await expect(readNpy(join(FIXTURES, "truncated.npy"))).rejects.toThrow(
      /truncated\.npy: file ends after 91 of 96 data bytes \(shape \(3, 4\), dtype <f8\)/,
    );
    await bad("hello world", "BAD_NPY", /not a \.npy file/);
    const good = new Uint8Array(readFileSync(join(FIXTURES, "f8_2d.npy")));
    await bad(good.subarray(0, 50), "TRUNCATED", /ends inside the header/);
    const v9 = good.slice();
    v9[6] = 9;
    await bad(v9, "BAD_NPY", /unsupported \.npy format version 9\.0/);
    const withHeader = (dict: string) => {
      const header = `${dict}${" ".repeat(118 - dict.length - 1)}\n`;
      return new Uint8Array([
        0x93,
        ...new TextEncoder().encode("NUMPY"),
        1,
        0,
        header.length,
        0,
        ...new TextEncoder().encode(header),
      ]);
    };
    await bad(
      withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (0,), }"),
      "BAD_NPY",
      /column "descr": unsupported dtype "<c16"/,
    );
    await bad(
      withHeader("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (0,), }"),
      "BAD_NPY",
      /structured dtypes/,
    );
    await bad(
      withHeader("{'descr': '<f8', 'shape': (0,), }"),
      "BAD_NPY",
      /column "fortran_order": header has no 'fortran_order'/,
    );
    await bad(
      withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }"),
      "BAD_NPY",
      /bad dimension "-1"/,
    );
    await bad(new Uint8Array([...good, 0, 0]), "BAD_NPY", /2 unexpected bytes after the data/);
    await expect(readNpy(join(dir, "missing.npy"))).rejects.toThrow(/no such file/);
  });
});
