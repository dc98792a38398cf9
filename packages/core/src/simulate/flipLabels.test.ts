import { describe, expect, it } from "vitest";
import { flipLabels } from "./flipLabels.js";
import { symmetricTransition } from "./symmetricTransition.js";

describe("symmetricTransition", () => {
  it("keeps 1 − r on the diagonal and spreads r over the other classes", () => {
    expect(Array.from(symmetricTransition(3, 0.4).data)).toEqual([
      0.6, 0.2, 0.2, 0.2, 0.6, 0.2, 0.2, 0.2, 0.6,
    ]);
    expect(Array.from(symmetricTransition(2, 0.4).data)).toEqual([0.6, 0.4, 0.4, 0.6]);
    expect(() => symmetricTransition(1, 0.1)).toThrow("classes");
    expect(() => symmetricTransition(2, 1.5)).toThrow("rate");
  });
});

describe("flipLabels", () => {
  const n = 20_000;
  const y = Int32Array.from({ length: n }, (_, i) => i % 4);
  it("flips each label with probability r, to the other classes uniformly, reproducibly", () => {
    const a = flipLabels(y, { rate: 0.4, seed: 1 });
    const b = flipLabels(y, { rate: 0.4, seed: 1 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    // Binomial(20000, 0.4): sd ≈ 69 flips, so ±400 is a 5.8-sd band.
    expect(Math.abs(a.flips - 0.4 * n)).toBeLessThan(400);
    const to = new Int32Array(4);
    for (let i = 0; i < n; i++) {
      expect(a.flipped[i]).toBe(a.labels[i] !== y[i] ? 1 : 0);
      if (y[i] === 0 && a.labels[i] !== 0) to[a.labels[i]!]!++;
    }
    // Class 0's 5000 labels: ≈ 667 flips to each other class (sd ≈ 24).
    for (const c of [1, 2, 3]) expect(Math.abs(to[c]! - 5000 * (0.4 / 3))).toBeLessThan(150);
    expect(flipLabels(y, { rate: 0.4, seed: 2 }).labels).not.toEqual(a.labels);
  });
  it("follows a given transition matrix, class-conditionally", () => {
    const transition = { rows: 2, cols: 2, data: Float64Array.from([0.7, 0.3, 0, 1]) };
    const two = Int32Array.from({ length: 10_000 }, (_, i) => i % 2);
    const r = flipLabels(two, { transition, seed: 3 });
    let from0 = 0;
    for (let i = 0; i < two.length; i++) {
      if (two[i] === 1) expect(r.labels[i]).toBe(1);
      else if (r.labels[i] === 1) from0++;
    }
    expect(Math.abs(from0 - 1500)).toBeLessThan(150);
  });
  it("leaves labels alone at rate 0 and refuses bad input", () => {
    expect(flipLabels(y, { rate: 0 }).flips).toBe(0);
    expect(() => flipLabels(y, { classes: 3 })).toThrow("labels");
    expect(() => flipLabels(y, { transition: { rows: 4, cols: 4, data: new Float64Array(16) } })).toThrow(
      "row 0 of the transition matrix must sum to 1",
    );
  });
});
