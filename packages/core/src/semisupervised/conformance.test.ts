import { describe, expect, it } from "vitest";
import { csrFromDense } from "../linalg/csr.js";
import { fromRows } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { SSL_METHODS, sslFitPredict } from "./sslFitPredict.js";

// Every method behind `sslFitPredict` on three well-separated 4-D Gaussian clusters (centres 6 apart, unit
// variance; 30 rows each, 3 labeled per class): a probability row for every row, the same answer for the same seed,
// and accuracy above 0.85 on the unlabeled rows (chance is 1/3; the Bayes rate is above 0.99), so a method that
// ignores its input, scrambles classes or diverges fails.
function clusters(): { x: number[][]; y: number[]; partial: number[] } {
  const rng = createRng(11);
  const centres = [
    [0, 0, 0, 0],
    [6, 0, 0, 0],
    [0, 6, 0, 0],
  ];
  const x: number[][] = [];
  const y: number[] = [];
  const partial: number[] = [];
  for (let i = 0; i < 90; i++) {
    const c = i % 3;
    x.push(centres[c]!.map((m) => m + rng.normal()));
    y.push(c);
    partial.push(i < 9 ? c : -1);
  }
  return { x, y, partial };
}
const ref = clusters();
const x = fromRows(ref.x);
const indices = Int32Array.from(ref.partial.flatMap((c, i) => (c >= 0 ? [i] : [])));
const labels = Int32Array.from(indices, (i) => ref.partial[i]!);
// Strong augmentation without input dropout: on 4-D rows, zeroing a coordinate erases half of what separates the
// classes (measured: FixMatch and UDA drop to 0.77–0.78 here with the default 0.3 input dropout).
const fast = { steps: 80, batchSize: 9, hidden: [16], learningRate: 0.01, strong: { noise: 0.4 } };

describe.each(SSL_METHODS)("sslFitPredict conformance: %s", (method) => {
  const run = (seed: number) => sslFitPredict(x, { indices, labels }, { method, seed, classes: 3, ...fast });
  const first = run(1);
  it("returns a probability distribution for every row", () => {
    expect(first.rows).toBe(90);
    expect(first.cols).toBe(3);
    for (let i = 0; i < 90; i++) {
      let s = 0;
      for (let c = 0; c < 3; c++) {
        const p = first.data[i * 3 + c]!;
        expect(p).toBeGreaterThanOrEqual(0);
        s += p;
      }
      expect(s).toBeCloseTo(1, 9);
    }
  });
  it("is deterministic for a seed", () => {
    expect(Array.from(run(1).data)).toEqual(Array.from(first.data));
  });
  it("beats chance on the unlabeled rows", () => {
    let hit = 0;
    let n = 0;
    for (let i = 0; i < 90; i++) {
      if (ref.partial[i]! >= 0) continue;
      n++;
      let best = 0;
      for (let c = 1; c < 3; c++) if (first.data[i * 3 + c]! > first.data[i * 3 + best]!) best = c;
      if (best === ref.y[i]) hit++;
    }
    expect(hit / n).toBeGreaterThan(0.85);
  });
});

describe("sslFitPredict input checks", () => {
  it("rejects mismatched, repeated or out-of-range labeled rows", () => {
    const o = { method: "supervised" as const };
    expect(() => sslFitPredict(x, { indices, labels: labels.subarray(1) }, o)).toThrow(/same length/);
    expect(() => sslFitPredict(x, { indices: Int32Array.of(0, 0), labels: Int32Array.of(0, 1) }, o)).toThrow(
      /twice/,
    );
    expect(() => sslFitPredict(x, { indices: Int32Array.of(90), labels: Int32Array.of(0) }, o)).toThrow(
      /labeledIdx/,
    );
  });
  it("asks for dense features for graph and deep methods, accepts CSR for self-training", () => {
    const sparse = csrFromDense(x);
    expect(() => sslFitPredict(sparse, { indices, labels }, { method: "fixmatch" })).toThrow(
      /dense features/,
    );
    expect(sslFitPredict(sparse, { indices, labels }, { method: "self-training" }).rows).toBe(90);
  });
});
