import { describe, expect, it } from "vitest";
import { createRng, Rng } from "./rng.js";

describe("xoshiro128**", () => {
  it("matches the reference outputs for state [1, 2, 3, 4]", () => {
    // Reference vector of the Rust crate rand_xoshiro (Xoshiro128StarStar, seed words 1, 2, 3, 4), which follows
    // Blackman & Vigna's C code; the first value checks by hand: rotl(2·5, 7)·9 = 11520.
    const rng = new Rng([1, 2, 3, 4]);
    const got = Array.from({ length: 6 }, () => rng.uint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it("seeds through SplitMix64 as the reference recommends", () => {
    // From a direct Python transcription of splitmix64.c and xoshiro128starstar.c (arbitrary-precision ints,
    // masked to 32/64 bits); `python3 reference/xoshiro128ss.py`.
    expect(
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.uint32()
        )(createRng(0)),
      ),
    ).toEqual([3737715805, 2584255861, 2876756834, 3286328325, 1553311962]);
    expect(
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.uint32()
        )(createRng(42)),
      ),
    ).toEqual([1776835114, 4165204688, 17111135, 2317295270, 2792088233]);
  });

  it("jumps 2^64 draws ahead like the reference jump()", () => {
    // Same Python transcription, jump() applied to state [1, 2, 3, 4].
    const rng = new Rng([1, 2, 3, 4]);
    rng.jump();
    expect(rng.state()).toEqual([2843103750, 2038079848, 1533207345, 44816753]);
    expect([rng.uint32(), rng.uint32(), rng.uint32()]).toEqual([1194304935, 745561276, 25819468]);
  });

  it("is reproducible and restartable from its state", () => {
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 100; i++) expect(a.float()).toBe(b.float());
    const c = new Rng(a.state());
    expect(c.uint32()).toBe(a.uint32());
  });

  it("split() gives a stream different from the parent's continuation", () => {
    const parent = createRng(1);
    const child = parent.split();
    const x = Array.from({ length: 8 }, () => child.uint32());
    const y = Array.from({ length: 8 }, () => parent.uint32());
    expect(x).not.toEqual(y);
  });

  it("rejects bad seeds and an all-zero state", () => {
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng(2 ** 60)).toThrow(/safe integer/);
    expect(() => new Rng([0, 0, 0, 0])).toThrow(/all zero/);
    expect(() => createRng(-3).uint32()).not.toThrow();
  });
});

describe("distributions", () => {
  const n = 200_000;

  it("float() is uniform on [0, 1)", () => {
    const rng = createRng(3);
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.float();
      sum += x;
      sumSq += x * x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Mean 1/2 and variance 1/12; 5 standard errors.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(sumSq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 2);
  });

  it("int(k) hits every value with equal frequency (chi-square)", () => {
    const rng = createRng(4);
    const k = 7;
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) counts[rng.int(k)]!++;
    const e = n / k;
    const chi2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(22.46); // χ²(6) 0.999 quantile
    expect(() => rng.int(0)).toThrow(RangeError);
  });

  it("normal() has mean 0 and sd 1", () => {
    const rng = createRng(5);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      sum += x;
      sumSq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(sumSq / n).toBeCloseTo(1, 1);
  });

  it("gamma(k) has mean k and variance k, also for k < 1", () => {
    for (const k of [0.3, 1, 2.5, 9]) {
      const rng = createRng(6);
      let sum = 0;
      let sumSq = 0;
      const m = 100_000;
      for (let i = 0; i < m; i++) {
        const x = rng.gamma(k);
        sum += x;
        sumSq += x * x;
      }
      const mean = sum / m;
      expect(Math.abs(mean - k)).toBeLessThan(5 * Math.sqrt(k / m));
      expect((sumSq / m - mean * mean) / k).toBeCloseTo(1, 1);
    }
    expect(() => createRng(1).gamma(0)).toThrow(RangeError);
  });

  it("dirichlet() sums to 1 and categorical() follows its weights", () => {
    const rng = createRng(8);
    const d = rng.dirichlet([1, 2, 3]);
    expect(d.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[rng.categorical([1, 0, 3, 0])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[3]).toBe(0);
    expect(counts[2]! / n).toBeCloseTo(0.75, 2);
    expect(() => rng.categorical([0, 0])).toThrow(/all be zero/);
    expect(() => rng.categorical([1, -1])).toThrow(RangeError);
  });

  it("permutation() and sample() return distinct values in range", () => {
    const rng = createRng(9);
    const p = rng.permutation(1000);
    expect(new Set(p).size).toBe(1000);
    for (const [nn, k] of [
      [1000, 10],
      [1000, 900],
      [5, 5],
      [5, 0],
    ] as const) {
      const s = rng.sample(nn, k);
      expect(s.length).toBe(k);
      expect(new Set(s).size).toBe(k);
      for (const x of s) expect(x >= 0 && x < nn).toBe(true);
    }
    expect(() => rng.sample(3, 4)).toThrow(RangeError);
  });
});
