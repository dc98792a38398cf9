import { selectRows } from "../linalg/csr.js";
import { createRng } from "../random/rng.js";
import { defineStrategy, probsOf } from "./context.js";
import { kMeans } from "./kMeans.js";
import { topByScore } from "./rank.js";
import { uncertaintyScores } from "./uncertainty.js";

/**
 * Cluster-margin (Citovsky et al. 2021, "Batch active learning at scale", NeurIPS, Algorithm 1): take the
 * `candidateFactor` × batch (default 10×) lowest-margin pool rows, cluster them, and fill the batch round-robin over
 * the clusters from the smallest up, a random member of each per round. Deviation: the paper clusters the whole pool
 * once with average-linkage HAC; here the candidates are clustered with k-means (k = batch) each call, which needs
 * no pool × pool distances. Scores are the margin uncertainty 1 − (p₁ − p₂). O(pool × K + candidates × batch × d).
 */
export const clusterMarginStrategy = defineStrategy({
  name: "cluster-margin",
  summary: "lowest-margin candidates spread round-robin over their clusters (uncertain and diverse)",
  reference: "Citovsky et al. 2021, Batch active learning at scale (NeurIPS), Algorithm 1",
  requires: ["probs", "features"],
  choose(context) {
    const { pool, take, seed } = context;
    const rng = createRng(seed);
    const margin = uncertaintyScores(probsOf(context, pool), "margin");
    const factor = context.options?.candidateFactor ?? 10;
    const ranked = topByScore(pool, margin, {
      take: Math.min(pool.length, Math.max(take, Math.ceil(factor * take))),
      rng,
    });
    const candidates = ranked.indices;
    const km = kMeans(selectRows(context.features!, candidates), {
      k: take,
      seed: rng.uint32(),
      chunkRows: context.options?.chunkRows,
    });
    const clusters: number[][] = Array.from({ length: take }, () => []);
    for (let t = 0; t < candidates.length; t++) clusters[km.assignment[t]!]!.push(t);
    const order = clusters.filter((c) => c.length > 0).sort((a, b) => a.length - b.length || a[0]! - b[0]!);
    for (const members of order) rng.shuffle(members);
    const indices: number[] = [];
    const scores: number[] = [];
    for (let round = 0; indices.length < take; round++)
      for (const members of order) {
        if (indices.length === take) break;
        const t = members[round];
        if (t === undefined) continue;
        indices.push(candidates[t]!);
        scores.push(ranked.scores[t]!);
      }
    return { indices: Int32Array.from(indices), scores: Float64Array.from(scores) };
  },
});
