import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedData, skipWithoutShared, tempDir, writeTemp } from "../../../test-support/index.js";
import { sharedDynamics } from "../../../test-support/quality.js";
import { readTrainingDynamics } from "./dynamics.js";
import { readLabels } from "./labels.js";

const dir = tempDir();

describe("readLabels", () => {
  it("reads one-column files with or without a header, and item,label files", async () => {
    expect((await readLabels(writeTemp(dir, "a.csv", "label\ncat\ndog\n"))).labels).toEqual(["cat", "dog"]);
    expect((await readLabels(writeTemp(dir, "b.csv", "2\n0\n1\n"))).labels).toEqual(["2", "0", "1"]);
    const r = await readLabels(writeTemp(dir, "c.csv", "id,label\nx,1\ny,0\n"));
    expect(r).toMatchObject({ layout: "items", labels: ["1", "0"], items: ["x", "y"] });
    await expect(readLabels(writeTemp(dir, "d.csv", 'label\ncat\n""\ndog\n'))).rejects.toThrow(
      /d\.csv:3: .*empty label/,
    );
  });
});

describe("readTrainingDynamics", () => {
  it("aligns later epochs by guid and checks the rows", async () => {
    for (const sub of ["dyn", "bad", "gap"]) mkdirSync(join(dir, sub));
    writeTemp(
      dir,
      "dyn/dynamics_epoch_0.jsonl",
      '{"guid":"a","logits_epoch_0":[1,2],"gold":1}\n{"guid":"b","logits_epoch_0":[3,4],"gold":0}\n',
    );
    writeTemp(
      dir,
      "dyn/dynamics_epoch_1.jsonl",
      '{"guid":"b","logits_epoch_1":[7,8],"gold":0}\n{"guid":"a","logits_epoch_1":[5,6],"gold":1}\n',
    );
    const d = await readTrainingDynamics(join(dir, "dyn"));
    expect(d).toMatchObject({ epochs: 2, examples: 2, classes: 2, ids: ["a", "b"] });
    expect(Array.from(d.logits)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(d.gold)).toEqual([1, 0]);
    writeTemp(dir, "bad/dynamics_epoch_0.jsonl", '{"guid":"a","logits_epoch_0":[1,2],"gold":1}\n');
    writeTemp(dir, "bad/dynamics_epoch_1.jsonl", '{"guid":"z","logits_epoch_1":[1,2],"gold":1}\n');
    await expect(readTrainingDynamics(join(dir, "bad"))).rejects.toThrow(
      /dynamics_epoch_1\.jsonl:1: column "guid": guid z not in epoch 0/,
    );
    writeTemp(dir, "gap/dynamics_epoch_1.jsonl", '{"guid":"a","logits_epoch_1":[1,2],"gold":1}\n');
    await expect(readTrainingDynamics(join(dir, "gap"))).rejects.toThrow(/epoch 0 is missing/);
  });

  it.skipIf(skipWithoutShared())("reads the shared cartography files exactly", async () => {
    const d = await readTrainingDynamics(sharedData("training-dynamics", "K3"));
    const want = sharedDynamics("K3");
    expect(d.examples).toBe(3000);
    expect(d.epochs).toBe(20);
    expect(Array.from(d.gold)).toEqual(Array.from(want.gold));
    expect(d.logits).toEqual(want.logits);
  });
});
