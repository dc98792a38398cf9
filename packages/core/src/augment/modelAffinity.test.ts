import { describe, expect, it } from "vitest";
import { modelAffinity } from "./modelAffinity.js";

describe("modelAffinity (Gontijo-Lopes et al. 2020)", () => {
  it("is the accuracy on generated rows minus the accuracy on real rows", () => {
    const probs = (rows: number[][]) => ({
      rows: rows.length,
      cols: 2,
      data: Float64Array.from(rows.flat()),
    });
    const r = modelAffinity(
      {
        labels: Int32Array.from([0, 1, 1, 0]),
        probs: probs([
          [0.9, 0.1],
          [0.2, 0.8],
          [0.6, 0.4],
          [0.7, 0.3],
        ]),
      },
      {
        labels: Int32Array.from([0, 1]),
        probs: probs([
          [0.8, 0.2],
          [0.3, 0.7],
        ]),
      },
    );
    expect(r).toEqual({
      generatedAccuracy: 0.75,
      realAccuracy: 1,
      affinity: -0.25,
      generatedRows: 4,
      realRows: 2,
    });
    expect(() =>
      modelAffinity(
        { labels: Int32Array.from([0]), probs: probs([]) },
        { labels: Int32Array.from([0]), probs: probs([[1, 0]]) },
      ),
    ).toThrow("generated: 1 labels for 0 rows");
  });
});
