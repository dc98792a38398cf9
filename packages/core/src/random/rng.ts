import { assertFiniteInRange, assertInteger } from "../errors/assert.js";

/** A seed: any safe integer (negative values are taken modulo 2^64). */
export type Seed = number;

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const MASK_64 = (1n << 64n) - 1n;

/**
 * SplitMix64 (Steele, Lea & Flood 2014), used only to expand a seed into xoshiro's 128-bit state, as Blackman and
 * Vigna recommend. BigInt is slow but this runs four times per generator.
 */
function splitMix64(seed: bigint): () => bigint {
  let x = BigInt.asUintN(64, seed);
  return () => {
    x = (x + 0x9e3779b97f4a7c15n) & MASK_64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    return z ^ (z >> 31n);
  };
}

const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b] as const;

/**
 * Seeded pseudo-random generator: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 2021), 128-bit state, period 2^128 − 1, seeded through SplitMix64. Every random choice in
 * vox goes through one of these; core never calls `Math.random`.
 *
 * Each draw is O(1) and allocation-free. `split()` hands out a generator whose stream does not overlap this one for
 * 2^64 draws (the reference jump function).
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal = Number.NaN;

  /** Creates a generator from a seed (see `createRng`) or from a saved 4-word state. */
  constructor(seed: Seed | readonly [number, number, number, number]) {
    if (typeof seed === "number") {
      if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer (got ${seed})`);
      const next = splitMix64(BigInt(seed));
      const a = next();
      const b = next();
      this.s0 = Number(a & 0xffffffffn) | 0;
      this.s1 = Number(a >> 32n) | 0;
      this.s2 = Number(b & 0xffffffffn) | 0;
      this.s3 = Number(b >> 32n) | 0;
    } else {
      [this.s0, this.s1, this.s2, this.s3] = seed.map((w) => w | 0) as [number, number, number, number];
    }
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) {
      throw new RangeError("xoshiro128** state must not be all zero");
    }
  }

  /** The current state, for checkpoints: `new Rng(rng.state())` continues the same stream. */
  state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Next 32 random bits as an unsigned integer in [0, 2^32). */
  uint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** Uniform integer in [0, n), unbiased (rejection sampling); n ≤ 2^53. */
  int(n: number): number {
    assertInteger(n, "n", { min: 1, max: TWO_POW_53 });
    if (n <= TWO_POW_32) {
      // Reject the top partial block so every residue is equally likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let x = this.uint32();
      while (x >= limit) x = this.uint32();
      return x % n;
    }
    return Math.floor(this.float() * n);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    assertFiniteInRange(p, "p", { min: 0, max: 1 });
    return this.float() < p;
  }

  /** Normal deviate (Marsaglia's polar method; the second value of each pair is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = Number.NaN;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + sd * u * f;
  }

  /** Gamma(shape, scale) deviate (Marsaglia & Tsang 2000; shape < 1 via the U^(1/shape) boost). */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`shape must be > 0 (got ${shape})`);
    if (shape < 1) {
      const u = this.float();
      return this.gamma(shape + 1, scale) * u ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.float();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Beta(a, b) deviate, from two gamma deviates. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /** Dirichlet(alpha) sample, from normalised gamma deviates. */
  dirichlet(alpha: ArrayLike<number>): Float64Array {
    const out = new Float64Array(alpha.length);
    let sum = 0;
    for (let i = 0; i < alpha.length; i++) {
      out[i] = this.gamma(alpha[i]!);
      sum += out[i]!;
    }
    for (let i = 0; i < out.length; i++) out[i]! /= sum;
    return out;
  }

  /** Index drawn with probability proportional to `weights` (non-negative, not all zero). O(k). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w))
        throw new RangeError(`weights[${i}] must be finite and ≥ 0 (got ${w})`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError("weights must not all be zero");
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    // Rounding can leave r at +0 after the last subtraction: return the last non-zero weight.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    return weights.length - 1;
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A uniformly random permutation of 0..n−1. */
  permutation(n: number): Int32Array {
    assertInteger(n, "n", { min: 0, max: 2 ** 31 - 1 });
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /**
   * k distinct integers from [0, n), in random order. O(k) expected time and memory when k ≪ n (rejection into a
   * set), O(n) otherwise (partial Fisher–Yates).
   */
  sample(n: number, k: number): Int32Array {
    assertInteger(n, "n", { min: 0, max: 2 ** 31 - 1 });
    assertInteger(k, "k", { min: 0, max: n });
    const out = new Int32Array(k);
    if (k * 4 < n) {
      const seen = new Set<number>();
      for (let i = 0; i < k; i++) {
        let x = this.int(n);
        while (seen.has(x)) x = this.int(n);
        seen.add(x);
        out[i] = x;
      }
      return out;
    }
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const tmp = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = tmp;
      out[i] = pool[i]!;
    }
    return out;
  }

  /** Advances the state by 2^64 draws (the reference jump polynomial). */
  jump(): void {
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (const word of JUMP) {
      for (let b = 0; b < 32; b++) {
        if ((word >>> b) & 1) {
          t0 ^= this.s0;
          t1 ^= this.s1;
          t2 ^= this.s2;
          t3 ^= this.s3;
        }
        this.uint32();
      }
    }
    this.s0 = t0;
    this.s1 = t1;
    this.s2 = t2;
    this.s3 = t3;
    this.spareNormal = Number.NaN;
  }

  /** A generator for an independent stream: a copy of this state, after which this one jumps 2^64 ahead. */
  split(): Rng {
    const child = new Rng(this.state());
    this.jump();
    return child;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Creates a seeded generator (xoshiro128**, seeded with SplitMix64). Same seed, same stream, on every platform. */
export function createRng(seed: Seed): Rng {
  return new Rng(seed);
}
