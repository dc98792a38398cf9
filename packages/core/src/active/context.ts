import { assertCodes, assertInteger } from "../errors/assert.js";
import { selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import type { Model } from "../models/predict.js";
import { predictProba } from "../models/predict.js";
import type { QueryContext, QueryInput, QuerySelection, QueryStrategy } from "./types.js";

/** A checked context: batch clamped to the pool size, class count resolved. */
export interface ResolvedContext extends QueryContext {
  /** min(batch, pool.length). */
  take: number;
  /** Number of classes (0 when unknown: no probs and no labels). */
  classes: number;
  /** Total rows in the table (from features or probs; else 1 + the largest index). */
  rows: number;
}

function tableRows(context: QueryContext): number {
  if (context.features) return context.features.rows;
  if (context.probs) return context.probs.rows;
  let max = -1;
  for (const i of context.pool) max = Math.max(max, i);
  for (const i of context.labeled) max = Math.max(max, i);
  return max + 1;
}

function checkIndexSet(rows: Int32Array, name: string, seen: Uint8Array): void {
  const n = seen.length;
  for (let t = 0; t < rows.length; t++) {
    const i = rows[t]!;
    if (!(i >= 0 && i < n)) throw new RangeError(`${name}[${t}] = ${i} is outside the ${n} rows`);
    if (seen[i] === 1) throw new RangeError(`${name}[${t}] = ${i} is repeated or also labeled`);
    seen[i] = 1;
  }
}

/**
 * Validates a context: pool and labeled rows in range, disjoint and without repeats; labels one per labeled row
 * and within the class count; features and probs with the same number of rows. O(rows + pool + labeled).
 */
export function resolveContext(context: QueryContext, requires: readonly QueryInput[]): ResolvedContext {
  const { pool, labeled, labels, batch, features, probs } = context;
  assertInteger(batch, "batch", { min: 0 });
  if (!Number.isSafeInteger(context.seed))
    throw new RangeError(`seed must be a safe integer (got ${context.seed})`);
  if (labels.length !== labeled.length)
    throw new RangeError(
      `labels must have one entry per labeled row (got ${labels.length} for ${labeled.length})`,
    );
  if (features && probs && features.rows !== probs.rows)
    throw new RangeError(`features have ${features.rows} rows but probs have ${probs.rows}`);
  const rows = tableRows(context);
  const seen = new Uint8Array(rows);
  checkIndexSet(labeled, "labeled", seen);
  checkIndexSet(pool, "pool", seen);
  let classes = context.classes ?? probs?.cols ?? context.model?.classes ?? 0;
  if (context.classes === undefined && !probs && !context.model)
    for (const y of labels) classes = Math.max(classes, y + 1);
  if (probs && probs.cols !== classes)
    throw new RangeError(`probs have ${probs.cols} columns but classes is ${classes}`);
  if (context.model && context.model.classes !== classes)
    throw new RangeError(`the model has ${context.model.classes} classes but classes is ${classes}`);
  assertCodes(labels, Math.max(classes, 0), "labels");
  for (const need of requires) {
    switch (need) {
      case "probs":
        if (!probs && !(features && (context.learner || context.model)))
          throw new RangeError("this strategy needs probs, or features with a learner or a fitted model");
        break;
      case "features":
        if (!features) throw new RangeError("this strategy needs features");
        break;
      case "learner":
        if (!(features && context.learner))
          throw new RangeError("this strategy needs features and a learner");
        break;
      case "committee": {
        const m = context.model;
        const fromModel = m?.kind === "ensemble" || (m?.kind === "mlp" && m.dropout > 0);
        if (!(features && (context.learner || fromModel)))
          throw new RangeError(
            "this strategy needs features with a learner, an ensemble, or an MLP with dropout",
          );
        break;
      }
      case "labeled":
        if (labeled.length === 0) throw new RangeError("this strategy needs at least one labeled row");
        break;
    }
  }
  return { ...context, take: Math.min(batch, pool.length), classes, rows };
}

/** The model of the context: `model` if given, else `learner` fitted on the labeled rows. */
export function contextModel(context: ResolvedContext): Model {
  if (context.model) return context.model;
  const { features, learner, labeled, labels, classes, seed } = context;
  if (!features || !learner)
    throw new RangeError("no model: give probs, a fitted model, or features and a learner");
  if (labeled.length === 0) throw new RangeError("fitting a model needs at least one labeled row");
  return learner(selectRows(features, labeled), labels, { classes, seed });
}

/**
 * Class probabilities of `rows` (rows.length × classes): from `probs` when given, else from the context's model
 * (given or fitted on the labeled rows) applied to the features.
 */
export function probsOf(context: ResolvedContext, rows: Int32Array, model?: Model): Matrix {
  if (context.probs && !model) return selectRows(context.probs, rows);
  const m = model ?? contextModel(context);
  if (!context.features) throw new RangeError("predicting probabilities needs features");
  if (rows.length === 0) return { rows: 0, cols: context.classes, data: new Float64Array(0) };
  return predictProba(m, selectRows(context.features, rows));
}

/** Checks a strategy's answer against the contract (subset of the pool, no repeats, scores aligned). */
export function checkSelection(
  context: ResolvedContext,
  selection: QuerySelection,
  name: string,
): QuerySelection {
  const { indices, scores } = selection;
  if (indices.length !== context.take)
    throw new Error(`strategy ${name} returned ${indices.length} rows, expected ${context.take}`);
  if (scores.length !== indices.length) throw new Error(`strategy ${name} returned misaligned scores`);
  const inPool = new Set(context.pool);
  const seen = new Set<number>();
  for (const i of indices) {
    if (!inPool.has(i)) throw new Error(`strategy ${name} chose row ${i}, which is not in the pool`);
    if (seen.has(i)) throw new Error(`strategy ${name} chose row ${i} twice`);
    seen.add(i);
  }
  return selection;
}

/** What a strategy file defines: its record, and how it chooses once the context is checked and non-empty. */
export interface StrategySpec {
  name: string;
  summary: string;
  reference: string;
  requires: readonly QueryInput[];
  /** Called with take ≥ 1; must return exactly `take` distinct pool rows. */
  choose(context: ResolvedContext): QuerySelection;
}

/**
 * Builds a `QueryStrategy` from its spec: the returned `select` validates the context, answers an empty pool or a
 * zero batch with an empty selection, clamps the batch to the pool, and checks the answer.
 */
export function defineStrategy(spec: StrategySpec): QueryStrategy {
  const { name, summary, reference, requires, choose } = spec;
  return {
    name,
    summary,
    reference,
    requires,
    select(context) {
      const resolved = resolveContext(context, context.pool.length === 0 ? [] : requires);
      if (resolved.take === 0) return { indices: new Int32Array(0), scores: new Float64Array(0) };
      return checkSelection(resolved, choose(resolved), name);
    },
  };
}
