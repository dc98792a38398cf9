import { type Features, selectRows } from "../linalg/csr.js";
import { createRng } from "../random/rng.js";
import { defineStrategy, type ResolvedContext } from "./context.js";
import { denseRows, forEachDistanceBlock, nearestReference } from "./distances.js";
import type { QuerySelection } from "./types.js";

/**
 * Greedy k-center selection over `poolX` (the pool's features): repeatedly the row farthest from every center so
 * far (the labeled rows, then the rows already chosen). `minD` holds each row's squared distance to its nearest
 * center (Infinity when there is none; the first pick is then drawn at random). Scores are the Euclidean distance
 * at the time of the pick (NaN for a random first pick). O(take × pool × d) plus the initial pool × labeled pass.
 */
export function kCenterGreedy(
  poolX: Features,
  minD: Float64Array,
  options: { take: number; seed: number; chunkRows?: number | undefined },
): { picks: Int32Array; scores: Float64Array } {
  const { take, seed, chunkRows } = options;
  const n = poolX.rows;
  const picks = new Int32Array(take);
  const scores = new Float64Array(take);
  const rng = createRng(seed);
  for (let t = 0; t < take; t++) {
    let best = -1;
    for (let i = 0; i < n; i++) if (minD[i]! >= 0 && (best < 0 || minD[i]! > minD[best]!)) best = i;
    if (minD[best] === Infinity) {
      // No center yet: a seeded random start (Sener & Savarese start from the labeled set, which is empty here).
      let r = rng.int(n);
      while (minD[r]! < 0) r = rng.int(n);
      best = r;
      scores[t] = Number.NaN;
    } else scores[t] = Math.sqrt(minD[best]!);
    picks[t] = best;
    minD[best] = -1;
    if (t === take - 1) break;
    const center = denseRows(poolX, [best]);
    forEachDistanceBlock({ queries: poolX, refs: center, chunkRows }, ({ d, q0, nq }) => {
      for (let i = 0; i < nq; i++) if (d[i]! < minD[q0 + i]!) minD[q0 + i] = d[i]!;
    });
  }
  return { picks, scores };
}

/** Core-set selection by greedy k-center on the features (labeled rows are the initial centers). */
export function coreSetSelect(context: ResolvedContext): QuerySelection {
  const features = context.features!;
  const chunkRows = context.options?.chunkRows;
  const poolX = selectRows(features, context.pool);
  const minD =
    context.labeled.length > 0
      ? nearestReference(poolX, selectRows(features, context.labeled), chunkRows).distance
      : new Float64Array(poolX.rows).fill(Infinity);
  const { picks, scores } = kCenterGreedy(poolX, minD, { take: context.take, seed: context.seed, chunkRows });
  return { indices: Int32Array.from(picks, (p) => context.pool[p]!), scores };
}

/**
 * Core-set (Sener & Savarese 2018, "Active learning for convolutional neural networks: a core-set approach", ICLR,
 * Algorithm 1): greedy k-center in feature space, so the labeled set covers the pool with the smallest radius.
 * Without labeled rows it is a k-center cold start. Distances through the linalg backend, in chunks.
 */
export const coreSetStrategy = defineStrategy({
  name: "core-set",
  summary: "greedy k-center: the pool row farthest from every labeled or already chosen row",
  reference: "Sener & Savarese 2018, Active learning for CNNs: a core-set approach (ICLR), Algorithm 1",
  requires: ["features"],
  choose: coreSetSelect,
});
