import { describe, expect, it } from "vitest";
import { worstGradientError } from "../../../../test-support/gradientCheck.js";
import { createRng } from "../random/rng.js";
import { DistributionAlignment, type RowLoss, rowLoss, sharpen } from "./deepSsl.js";
import { gaussianMixture2 } from "./divideMix.js";

describe("deep SSL building blocks", () => {
  const rng = createRng(5);
  const rows = 4;
  const k = 3;
  const z = Float64Array.from({ length: rows * k }, () => rng.normal(0, 2));
  const targets = Float64Array.from({ length: rows * k }, () => rng.float());
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += targets[i * k + c]!;
    for (let c = 0; c < k; c++) targets[i * k + c]! /= s;
  }
  const losses: RowLoss[] = [
    { kind: "ce", labels: Int32Array.of(0, 2, 1, 1) },
    { kind: "softCe", targets },
    { kind: "mse", targets },
    { kind: "entropy" },
  ];
  it.each(losses.map((l) => [l.kind, l] as const))(
    "%s: analytic gradient matches central differences",
    (_, loss) => {
      const mask = Float64Array.of(1, 0, 0.5, 1);
      const fn = rowLoss({ loss, scale: 1.7, mask, probs: undefined });
      const grad = new Float64Array(rows * k);
      fn({ rows, cols: k, data: z.slice() }, [], { grad });
      const f = () => fn({ rows, cols: k, data: z.slice() }, [], {});
      expect(worstGradientError(f, { params: [z], grads: [grad] })).toBeLessThan(1e-6);
    },
  );
  it("sharpening with T → 0 tends to one-hot, T = 1 leaves rows unchanged", () => {
    const p = { rows: 1, cols: 3, data: Float64Array.of(0.2, 0.5, 0.3) };
    expect(Array.from(sharpen({ ...p, data: p.data.slice() }, 1).data)).toEqual(
      [0.2, 0.5, 0.3].map((v) => expect.closeTo(v, 12)),
    );
    // T = 0.5: p² / Σp² = (0.04, 0.25, 0.09) / 0.38.
    const s = sharpen({ ...p, data: p.data.slice() }, 0.5).data;
    expect(s[1]).toBeCloseTo(0.25 / 0.38, 12);
  });
  it("distribution alignment moves the batch mean to the labeled prior", () => {
    const da = new DistributionAlignment(Float64Array.of(0.5, 0.5), 0);
    // Momentum 0: the running mean is this batch's mean (0.8, 0.2); each row is scaled by (0.5/0.8, 0.5/0.2).
    const out = da.apply({ rows: 2, cols: 2, data: Float64Array.of(0.9, 0.1, 0.7, 0.3) });
    const a = (0.9 * 0.5) / 0.8;
    const b = (0.1 * 0.5) / 0.2;
    expect(out.data[0]).toBeCloseTo(a / (a + b), 12);
  });
  it("the two-component mixture separates low and high losses", () => {
    const v = Float64Array.from({ length: 40 }, (_, i) => (i < 30 ? 0.05 + 0.002 * i : 0.9 + 0.003 * i));
    const { clean, means } = gaussianMixture2(v);
    for (let i = 0; i < 40; i++) expect(clean[i]! > 0.5).toBe(i < 30);
    expect(means[0]).toBeLessThan(0.2);
    expect(means[1]).toBeGreaterThan(0.9);
  });
});
