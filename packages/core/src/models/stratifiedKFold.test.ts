import { describe, expect, it } from "vitest";
import { stratifiedKFold, stratifiedSplit } from "./stratifiedKFold.js";

describe("stratifiedKFold", () => {
  const y = Int32Array.from({ length: 103 }, (_, i) => (i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2));
  it("balances every class and the fold sizes, reproducibly per seed", () => {
    const fold = stratifiedKFold(y, { folds: 5, seed: 4 });
    const counts = Array.from({ length: 5 }, () => [0, 0, 0]);
    fold.forEach((f, i) => {
      counts[f]![y[i]!]!++;
    });
    for (let c = 0; c < 3; c++) {
      const per = counts.map((r) => r[c]!);
      expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
    }
    const sizes = counts.map((r) => r[0]! + r[1]! + r[2]!);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(Array.from(stratifiedKFold(y, { folds: 5, seed: 4 }))).toEqual(Array.from(fold));
    expect(Array.from(stratifiedKFold(y, { folds: 5, seed: 5 }))).not.toEqual(Array.from(fold));
  });
  it("rejects more folds than rows", () => {
    expect(() => stratifiedKFold(Int32Array.from([0, 1]), { folds: 3 })).toThrow(/cannot exceed/);
  });
});

describe("stratifiedSplit", () => {
  it("holds out the requested share of every class", () => {
    const y = Int32Array.from({ length: 1000 }, (_, i) => i % 4);
    const mask = stratifiedSplit(y, { fraction: 0.2, seed: 1 });
    const held = [0, 0, 0, 0];
    mask.forEach((m, i) => {
      if (m) held[y[i]!]!++;
    });
    expect(held.reduce((a, b) => a + b)).toBe(200);
    for (const h of held) expect(Math.abs(h - 50)).toBeLessThanOrEqual(1);
  });
});
