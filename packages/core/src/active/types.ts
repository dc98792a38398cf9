import type { Features } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import type { Learner } from "../models/learner.js";
import type { Model } from "../models/predict.js";
import type { Seed } from "../random/rng.js";

/**
 * Tuning knobs shared by the strategies; each strategy reads only the ones it documents and ignores the rest, so
 * one options object can be passed to every strategy (the CLI and `vox simulate` do this).
 */
export interface QueryOptions {
  /** Committee / ensemble size for query-by-committee and ensemble BALD. Default 5. */
  members?: number;
  /** MC-dropout passes for BALD and BatchBALD when the model is an MLP trained with dropout. Default 20. */
  samples?: number;
  /** Neighbours per candidate (CAL). Default 10. */
  neighbours?: number;
  /** Exponent β of the density term in information density. Default 1. */
  beta?: number;
  /** Cluster-margin: candidates considered, as a multiple of the batch. Default 10. */
  candidateFactor?: number;
  /** DAL: sub-batches (the discriminator is refitted after each). Default min(batch, 4). */
  subBatches?: number;
  /** BatchBALD: most joint label configurations kept (sampled beyond that). Default 2048. */
  configurations?: number;
  /** Query rows per backend call in the distance-based strategies. Default 4096. */
  chunkRows?: number;
}

/**
 * What a query strategy sees. Row indices refer to one table of `rows` items (features and probs have one row per
 * item); `pool` holds the unlabeled candidates, `labeled` the rows whose label (`labels`) is known. The two sets
 * must be disjoint and free of repeats.
 */
export interface QueryContext {
  /** Candidate rows (unlabeled), in any order. */
  pool: Int32Array;
  /** Rows with a known label. */
  labeled: Int32Array;
  /** Label code of each labeled row (same length as `labeled`). */
  labels: Int32Array;
  /** How many rows to choose. A batch larger than the pool returns the whole pool (ordered by priority). */
  batch: number;
  /** Seed for every random choice (ties, sampling, committees). Same seed, same batch. */
  seed: Seed;
  /** Number of classes. Default: from `probs`, else from `model`, else the largest label + 1. */
  classes?: number;
  /** Features of every row (dense or CSR): for the geometric strategies and for fitting models. */
  features?: Features;
  /** Class probabilities of every row (rows × classes) from the current model. */
  probs?: Matrix;
  /**
   * Fits a model on labeled rows (the unit committees, BALD ensembles and DAL repeat). With `features` and no
   * `probs`, the probability-based strategies fit it on the labeled rows and predict the pool.
   */
  learner?: Learner;
  /** A model already fitted on the labeled rows (BALD uses MC dropout when it is an MLP trained with dropout). */
  model?: Model;
  /** Strategy-specific settings. */
  options?: QueryOptions;
}

/** What a strategy returns: the chosen rows, most wanted first, and the score each was chosen by. */
export interface QuerySelection {
  /** Chosen row indices (a subset of the pool, no repeats), in priority order. */
  indices: Int32Array;
  /**
   * The strategy's score of each chosen row (higher = wanted more; same length as `indices`), or NaN where a
   * strategy has no per-row score (random picks, k-means++ draws).
   */
  scores: Float64Array;
}

/**
 * Inputs a strategy may need besides the pool: "probs" is satisfied by `probs` or by `features` with a `learner` or
 * `model`; "committee" (several probability estimates per row) by `features` with a `learner` (bootstrap
 * committee), an ensemble `model`, or an MLP `model` trained with dropout (MC dropout).
 */
export type QueryInput = "probs" | "features" | "learner" | "labeled" | "committee";

/** An active-learning query strategy: a named, documented function from a context to a batch. */
export interface QueryStrategy {
  /** Registry name (kebab-case), as on the command line. */
  readonly name: string;
  /** One line: what it prefers. */
  readonly summary: string;
  /** The paper it follows. */
  readonly reference: string;
  /** Inputs it needs (all of them). */
  readonly requires: readonly QueryInput[];
  /** Chooses min(batch, pool size) rows. Deterministic given the context (including its seed). */
  select(context: QueryContext): QuerySelection;
}
