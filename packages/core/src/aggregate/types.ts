import type { Annotations } from "../data/annotations.js";
import type { Matrix } from "../linalg/matrix.js";
import type { Seed } from "../random/rng.js";

/**
 * How majority-style methods turn a tied vote into a hard label: `random` picks one of the tied classes with the
 * seeded generator (Zheng et al. 2017 average over random tie-breaks), `first` takes the lowest class code
 * (crowd-kit's behaviour when classes are in sorted order), `soft` leaves the item undecided (label −1) and keeps
 * the split in the posterior.
 */
export type TiePolicy = "random" | "first" | "soft";

/** Options every categorical aggregator accepts. Methods add their own. */
export interface CategoricalOptions {
  /**
   * Known labels, clamped: `known[i]` is item i's class code, or −1 when unknown. A known item's posterior is
   * one-hot on its class, and it still informs the rater parameters (the "gold" of semi-supervised EM). Default:
   * none.
   */
  known?: Int32Array | undefined;
  /** Iteration cap for iterative methods. Each method documents its default. */
  maxIterations?: number | undefined;
  /** Convergence tolerance for iterative methods. Each method documents its default and what it is compared with. */
  tolerance?: number | undefined;
  /** Seed for random choices (tie-breaking, random initialisation, restarts). Default 0. */
  seed?: Seed | undefined;
  /** Hard labels for tied posteriors. Default "random". */
  ties?: TiePolicy | undefined;
}

/**
 * What each rater looks like to a method. `skill` is always present (a method's one-number summary of reliability:
 * agreement with the aggregate, accuracy on gold, estimated accuracy, GLAD's ability, 1 − MACE's spam
 * probability); the other fields appear when the model has them.
 */
export interface RaterParameters {
  /** One reliability number per rater (see the method for its scale). */
  readonly skill: Float64Array;
  /** Judgments per rater. */
  readonly judgments: Int32Array;
  /**
   * Confusion matrices, raters × classes × classes: `confusion[(r * K + t) * K + o]` is the probability that rater r
   * answers class o when the truth is t (each (r, t) row sums to 1). Dawid–Skene and one-coin DS.
   */
  readonly confusion?: Float64Array;
  /** Probability that each rater is spamming (MACE). */
  readonly spamming?: Float64Array;
  /** Each rater's answer distribution when spamming, raters × classes (MACE). */
  readonly strategy?: Float64Array;
}

/** The result of a categorical aggregator. */
export interface AggregateResult {
  /** Short method name ("ds", "mv", …). */
  readonly method: string;
  /** Hard label per item (class code), −1 where undecided (no judgments, or a tie kept soft). */
  readonly labels: Int32Array;
  /** Posterior over classes per item (items × classes), each row sums to 1: soft labels that keep disagreement. */
  readonly posteriors: Matrix;
  /** Per-rater parameters. */
  readonly raters: RaterParameters;
  /** Class prior the model used or estimated (length = classes), when it has one. */
  readonly classPrior?: Float64Array;
  /** Per-item parameters some models estimate (GLAD: inverse difficulty β). */
  readonly itemParameters?: Float64Array;
  /**
   * Objective after each iteration (empty for one-shot methods): for EM methods the log-likelihood (or its lower
   * bound / MAP objective, see the method) divided by the number of judgments; never decreases.
   */
  readonly logLikelihood: Float64Array;
  /** Iterations run (0 for one-shot methods). */
  readonly iterations: number;
  /** Whether the tolerance was met before the iteration cap (true for one-shot methods). */
  readonly converged: boolean;
}

/** A categorical aggregation method: a name, what it guarantees, and the function. */
export interface CategoricalAggregator<O extends CategoricalOptions = CategoricalOptions> {
  /** CLI name ("ds"). */
  readonly name: string;
  /** Human name ("Dawid–Skene"). */
  readonly title: string;
  /** True when `logLikelihood` is an EM objective that must never decrease. */
  readonly monotone: boolean;
  /** True for methods defined only for two classes (KOS). */
  readonly binaryOnly: boolean;
  /** True when the method needs `known` labels (gold majority vote). */
  readonly needsKnown: boolean;
  /** Runs the method. */
  readonly fit: (a: Annotations, options?: O) => AggregateResult;
}

/** The result of a numeric aggregator (ratings, scores). */
export interface NumericAggregateResult {
  readonly method: string;
  /** Aggregated value per item (NaN for items without judgments). */
  readonly values: Float64Array;
  /** Per-rater additive bias (bias/precision model only). */
  readonly bias?: Float64Array;
  /** Per-rater precision 1/σ² (bias/precision model only). */
  readonly precision?: Float64Array;
  /** Judgments per rater. */
  readonly judgments: Int32Array;
  /** Objective per iteration divided by the number of judgments (empty for one-shot methods). */
  readonly logLikelihood: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/** The result of a pairwise (ranking) aggregator. */
export interface RankingResult {
  readonly method: string;
  /** Strength per item, normalised to sum to 1 (Bradley–Terry's π). */
  readonly scores: Float64Array;
  /** Item codes from strongest to weakest (ties keep item order). */
  readonly ranking: Int32Array;
  /** Per-rater reliability η: probability of reporting one's true preference (Crowd-BT only). */
  readonly reliability?: Float64Array;
  /** Comparisons per rater. */
  readonly judgments: Int32Array;
  /** Log-likelihood (or MAP objective) per iteration divided by the number of comparisons. */
  readonly logLikelihood: Float64Array;
  readonly iterations: number;
  readonly converged: boolean;
}
