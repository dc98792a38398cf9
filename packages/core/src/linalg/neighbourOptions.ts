// Option checks shared by every backend's neighbour searches, so they all reject the same inputs the same way.

import { assertInteger } from "../errors/assert.js";
import type { DistanceMetric, RadiusOptions, TopKOptions } from "./backend.js";
import { assertMetric, assertRowSets } from "./distanceTiles.js";
import type { FloatArray, Matrix } from "./matrix.js";

/** The resolved options of a top-k search; `k` is capped by the number of candidate references. */
export interface ResolvedTopK {
  k: number;
  metric: DistanceMetric;
  excludeSelf: boolean;
  selfOffset: number;
}

function checkSelf(
  queries: Matrix<FloatArray>,
  refs: Matrix<FloatArray>,
  options: { excludeSelf: boolean; selfOffset: number },
): void {
  const { excludeSelf, selfOffset } = options;
  assertInteger(selfOffset, "selfOffset", { min: 0 });
  if (excludeSelf && selfOffset + queries.rows > refs.rows)
    throw new RangeError(
      `excludeSelf needs the queries to be reference rows ${selfOffset} … ${selfOffset + queries.rows - 1} ` +
        `(the same rows), but refs has ${refs.rows} rows`,
    );
}

/** Checks a top-k search's inputs and resolves its defaults. */
export function resolveTopK(
  queries: Matrix<FloatArray>,
  refs: Matrix<FloatArray>,
  options: TopKOptions,
): ResolvedTopK {
  const { k = 10, metric = "sqeuclidean", excludeSelf = false, selfOffset = 0 } = options;
  assertInteger(k, "k", { min: 0 });
  assertMetric(metric);
  assertRowSets(queries, refs);
  checkSelf(queries, refs, { excludeSelf, selfOffset });
  const candidates = Math.max(0, refs.rows - (excludeSelf ? 1 : 0));
  return { k: Math.min(k, candidates), metric, excludeSelf, selfOffset };
}

/** Checks a radius search's inputs and resolves its defaults. */
export function resolveRadius(
  queries: Matrix<FloatArray>,
  refs: Matrix<FloatArray>,
  options: RadiusOptions,
): Required<RadiusOptions> {
  const { radius, metric = "sqeuclidean", excludeSelf = false, selfOffset = 0 } = options;
  if (!(typeof radius === "number" && radius >= 0 && radius !== Infinity))
    throw new RangeError(`radius must be a finite number ≥ 0 (got ${radius})`);
  assertMetric(metric);
  assertRowSets(queries, refs);
  checkSelf(queries, refs, { excludeSelf, selfOffset });
  return { radius, metric, excludeSelf, selfOffset };
}
