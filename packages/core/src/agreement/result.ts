import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { Seed } from "../random/rng.js";
import { type BootstrapResult, bootstrapStatistics, type ItemStatistic } from "./bootstrap.js";
import { normalQuantile } from "./normalQuantile.js";

/** Options every agreement coefficient takes. */
export interface AgreementOptions {
  /** Confidence level of the analytic and bootstrap intervals. Default 0.95. */
  confidence?: number;
  /** Bootstrap replicates over items (0 = no bootstrap). Default 0. */
  bootstrap?: number;
  /** Seed of the bootstrap resampling. Default 0. */
  seed?: Seed;
}

/**
 * A chance-corrected agreement coefficient (value − expected) / (1 − expected) with its parts. Undefined values
 * (no pairable unit, or expected agreement 1) are NaN, never an exception.
 */
export interface AgreementResult {
  /** The coefficient. */
  value: number;
  /** Observed (weighted) agreement p_a. */
  observed: number;
  /** Agreement expected by chance p_e. */
  expected: number;
  /** Units (items) that entered the observed agreement: those with at least two judgments. */
  units: number;
  /** Analytic standard error (NaN where none is published for this coefficient). */
  se: number;
  /** Analytic interval value ± z·se at `confidence` (NaN limits when `se` is NaN). */
  ci: [number, number];
  confidence: number;
  /** Percentile bootstrap over items, when `bootstrap` > 0. */
  bootstrap?: BootstrapResult;
}

/** value ± z·se at `confidence`. */
export function normalInterval(value: number, se: number, confidence: number): [number, number] {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return Number.isFinite(se) ? [value - z * se, value + z * se] : [Number.NaN, Number.NaN];
}

/** Checks the shared options and returns them with defaults applied. */
export function agreementDefaults(options: AgreementOptions): Required<AgreementOptions> {
  const { confidence = 0.95, bootstrap = 0, seed = 0 } = options;
  assertFiniteInRange(confidence, "confidence", { min: 0, max: 1 });
  assertInteger(bootstrap, "bootstrap", { min: 0 });
  return { confidence, bootstrap, seed };
}

/** Adds the analytic interval and, when asked for, the bootstrap to a coefficient's parts. */
export function finishResult(
  parts: { value: number; observed: number; expected: number; units: number; se: number },
  statistic: () => ItemStatistic,
  options: AgreementOptions,
): AgreementResult {
  const { confidence, bootstrap, seed } = agreementDefaults(options);
  const result: AgreementResult = {
    ...parts,
    ci: normalInterval(parts.value, parts.se, confidence),
    confidence,
  };
  if (bootstrap > 0) {
    result.bootstrap = bootstrapStatistics([statistic()], { replicates: bootstrap, seed, confidence })[0]!;
  }
  return result;
}
