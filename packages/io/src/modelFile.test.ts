import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test-support/index.js";
import { binaryPathFor, readModelFile, writeModelFile } from "./modelFile.js";

const dir = tempDir();

describe("model files", () => {
  const path = `${dir}/m.json`;
  it("round-trips metadata and arrays of every dtype", async () => {
    const arrays = {
      w: Float64Array.from([1.5, -2, 3e-300]),
      odd: Float32Array.from([1, 2, 3]),
      codes: Int32Array.from([7, -1]),
    };
    await writeModelFile(path, { meta: { kind: "softmax", classes: ["a", "b"] }, arrays });
    expect(binaryPathFor(path)).toBe(`${dir}/m.bin`);
    const back = await readModelFile(path);
    expect(back.meta).toEqual({ kind: "softmax", classes: ["a", "b"] });
    expect(back.arrays.w).toEqual(arrays.w);
    expect(back.arrays.odd).toEqual(arrays.odd);
    expect(back.arrays.codes).toEqual(arrays.codes);
  });

  it("explains a wrong version, a foreign file and a binary of the wrong size", async () => {
    const json = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(`${dir}/old.json`, JSON.stringify({ ...json, version: 0 }));
    await expect(readModelFile(`${dir}/old.json`)).rejects.toThrow(
      /format version 0 is not supported; this vox reads version 1 \(train the model again/,
    );
    writeFileSync(`${dir}/new.json`, JSON.stringify({ ...json, version: 2 }));
    await expect(readModelFile(`${dir}/new.json`)).rejects.toThrow(/written by a newer vox/);
    writeFileSync(`${dir}/foreign.json`, JSON.stringify({ weights: [1] }));
    await expect(readModelFile(`${dir}/foreign.json`)).rejects.toThrow(/not a vox model file/);
    writeFileSync(`${dir}/short.json`, JSON.stringify({ ...json, binary: "short.bin" }));
    writeFileSync(`${dir}/short.bin`, new Uint8Array(3));
    await expect(readModelFile(`${dir}/short.json`)).rejects.toThrow(/short.bin: expected \d+ bytes/);
    await expect(writeModelFile(`${dir}/x.model`, { meta: {}, arrays: {} })).rejects.toThrow(
      /must end in .json/,
    );
  });
});
