import { selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { committee, ensembleMembers } from "../models/ensemble.js";
import { mcDropout } from "../models/mcDropout.js";
import type { ResolvedContext } from "./context.js";

/**
 * Several probability estimates of every pool row (each pool.length × classes): the members of an ensemble model;
 * MC-dropout passes of an MLP trained with dropout (when `dropout` is allowed: BALD); else a committee of
 * `options.members` (default 5) copies of the learner, each fitted on a bootstrap sample of the labeled rows
 * (query-by-bagging, Abe & Mamitsuka 1998). O(members × (fit + predict)).
 */
export function committeeProbs(context: ResolvedContext, dropout: boolean): Matrix[] {
  const { features, model, learner, labeled, labels, classes, seed, pool } = context;
  const poolX = selectRows(features!, pool);
  if (model?.kind === "ensemble") return ensembleMembers(model, poolX).members;
  if (dropout && model?.kind === "mlp" && model.dropout > 0)
    return mcDropout(model, poolX, { samples: context.options?.samples ?? 20, seed }).samples;
  if (!learner)
    throw new RangeError("a committee needs a learner, an ensemble model, or an MLP with dropout");
  if (labeled.length === 0) throw new RangeError("a committee needs at least one labeled row");
  const members = context.options?.members ?? 5;
  const fitted = committee(selectRows(features!, labeled), labels, {
    learners: Array.from({ length: members }, () => learner),
    bootstrap: true,
    classes,
    seed,
  }).model;
  return ensembleMembers(fitted, poolX).members;
}

/** Mean of the members' probabilities. */
export function meanProbs(members: readonly Matrix[]): Matrix {
  const first = members[0]!;
  const mean = new Float64Array(first.data.length);
  for (const p of members) for (let q = 0; q < mean.length; q++) mean[q]! += p.data[q]! / members.length;
  return { rows: first.rows, cols: first.cols, data: mean };
}

/** −Σ p ln p of one row slice (0 ln 0 = 0). */
export function entropyOf(p: ArrayLike<number>, start: number, count: number): number {
  let h = 0;
  for (let c = 0; c < count; c++) {
    const v = p[start + c]!;
    if (v > 0) h -= v * Math.log(v);
  }
  return h;
}
