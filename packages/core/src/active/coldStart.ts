import { selectRows } from "../linalg/csr.js";
import { defineStrategy } from "./context.js";
import { kMeans } from "./kMeans.js";

/**
 * Cold start without labels: k-means with k = batch on the pool's features, then the pool row nearest each centre
 * (Kang, Ryu & Kang 2004, "Using cluster-based sampling to select initial training set for active learning in text
 * classification", PAKDD; Hacohen, Dekel & Weinshall 2022 pick typical points of each cluster the same way).
 * Larger clusters come first; the score is the cluster's share of the pool. Ignores labels and probabilities.
 * O(iterations × pool × batch × d).
 */
export const coldStartStrategy = defineStrategy({
  name: "kmeans",
  summary: "cold start: the row nearest each k-means centre of the pool (k = batch), largest clusters first",
  reference: "Kang, Ryu & Kang 2004, cluster-based sampling for the initial training set (PAKDD)",
  requires: ["features"],
  choose(context) {
    const { pool, take, seed } = context;
    const poolX = selectRows(context.features!, pool);
    const km = kMeans(poolX, { k: take, seed, chunkRows: context.options?.chunkRows });
    const size = new Int32Array(take);
    const nearest = new Int32Array(take).fill(-1);
    for (let i = 0; i < pool.length; i++) {
      const c = km.assignment[i]!;
      size[c]!++;
      if (nearest[c]! < 0 || km.distance[i]! < km.distance[nearest[c]!]!) nearest[c] = i;
    }
    const order = Array.from({ length: take }, (_, c) => c).sort((a, b) => size[b]! - size[a]! || a - b);
    const chosen = new Uint8Array(pool.length);
    const indices: number[] = [];
    const scores: number[] = [];
    for (const c of order)
      if (nearest[c]! >= 0) {
        chosen[nearest[c]!] = 1;
        indices.push(pool[nearest[c]!]!);
        scores.push(size[c]! / pool.length);
      }
    // Emptied clusters (duplicate rows can leave some): fill with the rows farthest from their centre.
    if (indices.length < take) {
      const rest = Array.from({ length: pool.length }, (_, i) => i).filter((i) => !chosen[i]);
      rest.sort((a, b) => km.distance[b]! - km.distance[a]! || a - b);
      for (const i of rest.slice(0, take - indices.length)) {
        indices.push(pool[i]!);
        scores.push(0);
      }
    }
    return { indices: Int32Array.from(indices), scores: Float64Array.from(scores) };
  },
});
