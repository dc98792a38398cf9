import { createRng } from "../random/rng.js";
import { defineStrategy, probsOf } from "./context.js";
import { uncertaintyScores } from "./uncertainty.js";

/**
 * Class-balanced batches: each pick goes to the predicted class that has the fewest labeled plus already chosen
 * rows (ties broken by a seeded order), and within that class to its lowest-margin pool row. Evens out the labeled
 * class counts under imbalance, as in Aggarwal, Popescu & Hudelot 2020 ("Active learning for imbalanced datasets",
 * WACV), which also chooses by predicted class; their exact procedure differs. Scores are the margin uncertainty
 * 1 − (p₁ − p₂). O(pool × K + pool log pool).
 */
export const classBalancedStrategy = defineStrategy({
  name: "class-balanced",
  summary: "lowest-margin rows, spread over predicted classes so labeled class counts even out",
  reference: "Aggarwal, Popescu & Hudelot 2020, Active learning for imbalanced datasets (WACV)",
  requires: ["probs"],
  choose(context) {
    const { pool, labels, classes, take } = context;
    const rng = createRng(context.seed);
    const probs = probsOf(context, pool);
    const margin = uncertaintyScores(probs, "margin");
    const byClass: number[][] = Array.from({ length: classes }, () => []);
    for (let i = 0; i < pool.length; i++) {
      let best = 0;
      for (let c = 1; c < classes; c++)
        if (probs.data[i * classes + c]! > probs.data[i * classes + best]!) best = c;
      byClass[best]!.push(i);
    }
    const key = Float64Array.from({ length: pool.length }, () => rng.float());
    for (const list of byClass) list.sort((a, b) => margin[b]! - margin[a]! || key[a]! - key[b]! || a - b);
    const count = new Float64Array(classes);
    for (const y of labels) count[y]!++;
    const tie = Float64Array.from({ length: classes }, () => rng.float());
    const next = new Int32Array(classes);
    const indices = new Int32Array(take);
    const scores = new Float64Array(take);
    for (let t = 0; t < take; t++) {
      let c = -1;
      for (let k = 0; k < classes; k++) {
        if (next[k]! >= byClass[k]!.length) continue;
        if (c < 0 || count[k]! < count[c]! || (count[k] === count[c] && tie[k]! < tie[c]!)) c = k;
      }
      const i = byClass[c]![next[c]!++]!;
      count[c]!++;
      indices[t] = pool[i]!;
      scores[t] = margin[i]!;
    }
    return { indices, scores };
  },
});
