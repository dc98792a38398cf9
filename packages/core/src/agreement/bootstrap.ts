import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { createRng, type Rng, type Seed } from "../random/rng.js";

/**
 * An agreement statistic that can be recomputed with its units reweighted, which is all an item bootstrap needs.
 * Every agreement function has one (`fleissKappaStatistic`, …); they precompute per-unit sufficient statistics
 * once, so one replicate costs O(units + entries), never a pass over raw judgments.
 */
export interface ItemStatistic {
  /** Number of resampling units: the dataset's items (item codes), or the rows of a count table. */
  readonly units: number;
  /** The statistic on the data as given (every unit weight 1). */
  readonly value: number;
  /** The statistic with unit u counted `weights[u]` times (non-negative; a bootstrap passes integer counts). */
  evaluate(weights: Float64Array): number;
}

/** Options of an item bootstrap. */
export interface BootstrapOptions {
  /** Number of bootstrap replicates. Default 1000. */
  replicates?: number;
  /** Seed of the resampling. Default 0. */
  seed?: Seed;
  /** Confidence level of the percentile interval. Default 0.95. */
  confidence?: number;
}

/** A bootstrap's summary of one statistic. */
export interface BootstrapResult {
  /** Replicates drawn. */
  replicates: number;
  /** Replicates where the statistic was defined (finite); the interval and SE use these only. */
  valid: number;
  /** Standard deviation of the valid replicate values (the bootstrap standard error). */
  se: number;
  /** Percentile interval at `confidence` (quantiles of the valid replicates, Hyndman–Fan type 7). */
  ci: [number, number];
  confidence: number;
}

/**
 * Draws bootstrap replicates over units for several statistics at once: each replicate resamples the units with
 * replacement (one multinomial weight vector, seeded) and evaluates every statistic on the same resample, so a
 * statistic's interval does not depend on which others run beside it. `step` lets a caller run replicates in
 * chunks (to stay responsive or honour a cancel); the result depends only on the seed and the replicate count.
 */
export class BootstrapRunner {
  private readonly rng: Rng;
  private readonly weights: Float64Array;
  private readonly samples: number[][];
  private readonly units: number;

  constructor(
    private readonly statistics: readonly ItemStatistic[],
    seed: Seed = 0,
  ) {
    const units = statistics[0]?.units ?? 0;
    for (const s of statistics) {
      if (s.units !== units) {
        throw new RangeError(
          `statistics resampled together must share their units (got ${units} and ${s.units})`,
        );
      }
    }
    this.units = units;
    this.rng = createRng(seed);
    this.weights = new Float64Array(units);
    this.samples = statistics.map(() => []);
  }

  /** Replicates drawn so far. */
  get completed(): number {
    return this.samples[0]?.length ?? 0;
  }

  /** Draws `count` more replicates. O(count × (units + cost of each statistic)). */
  step(count = 1): void {
    const n = this.units;
    const w = this.weights;
    // Same unbiased rejection draw as Rng.int, inlined: this loop runs units × replicates times.
    const limit = 4294967296 - (4294967296 % Math.max(1, n));
    for (let b = 0; b < count; b++) {
      w.fill(0);
      for (let k = 0; k < n; k++) {
        let x = this.rng.uint32();
        while (x >= limit) x = this.rng.uint32();
        w[x % n]!++;
      }
      for (let s = 0; s < this.statistics.length; s++) this.samples[s]!.push(this.statistics[s]!.evaluate(w));
    }
  }

  /** The summary of statistic `index` over the replicates drawn so far. */
  result(index: number, confidence = 0.95): BootstrapResult {
    assertFiniteInRange(confidence, "confidence", { min: 0, max: 1 });
    const all = this.samples[index];
    if (!all) throw new RangeError(`statistic index ${index} out of range [0, ${this.samples.length})`);
    const valid = Float64Array.from(all.filter((v) => Number.isFinite(v))).sort();
    const m = valid.length;
    let mean = 0;
    for (const v of valid) mean += v;
    mean /= m;
    let ss = 0;
    for (const v of valid) ss += (v - mean) ** 2;
    const tail = (1 - confidence) / 2;
    return {
      replicates: all.length,
      valid: m,
      se: m > 1 ? Math.sqrt(ss / (m - 1)) : Number.NaN,
      ci: m > 1 ? [quantile(valid, tail), quantile(valid, 1 - tail)] : [Number.NaN, Number.NaN],
      confidence,
    };
  }
}

/** The p-quantile of sorted values, linear between order statistics (Hyndman & Fan 1996, type 7). */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * A percentile bootstrap over units (items) for several statistics at once, seeded (Efron & Tibshirani 1993,
 * ch. 13). O(replicates × (units + cost of each statistic)).
 */
export function bootstrapStatistics(
  statistics: readonly ItemStatistic[],
  options: BootstrapOptions = {},
): BootstrapResult[] {
  const { replicates = 1000, seed = 0, confidence = 0.95 } = options;
  assertInteger(replicates, "replicates", { min: 1 });
  const runner = new BootstrapRunner(statistics, seed);
  runner.step(replicates);
  return statistics.map((_, s) => runner.result(s, confidence));
}
