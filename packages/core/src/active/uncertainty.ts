import type { Matrix } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { defineStrategy, probsOf } from "./context.js";
import { topByScore } from "./rank.js";

/** Per-row uncertainty of class probabilities; higher = less certain. */
export type UncertaintyMeasure = "least-confidence" | "margin" | "entropy";

/**
 * Uncertainty of each row of `probs` (Settles 2009, "Active learning literature survey", §3.1): least confidence
 * 1 − max_c p_c; margin 1 − (p₁ − p₂) with p₁ ≥ p₂ the two largest probabilities (Scheffer et al. 2001, scored so
 * that higher means less certain); entropy −Σ_c p_c ln p_c (Shannon 1948; 0 ln 0 = 0). O(rows × classes).
 */
export function uncertaintyScores(probs: Matrix, measure: UncertaintyMeasure): Float64Array {
  const { rows, cols, data } = probs;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    switch (measure) {
      case "least-confidence": {
        let max = -Infinity;
        for (let c = 0; c < cols; c++) max = Math.max(max, data[base + c]!);
        out[i] = 1 - max;
        break;
      }
      case "margin": {
        let first = -Infinity;
        let second = -Infinity;
        for (let c = 0; c < cols; c++) {
          const p = data[base + c]!;
          if (p > first) {
            second = first;
            first = p;
          } else if (p > second) second = p;
        }
        out[i] = cols < 2 ? 0 : 1 - (first - second);
        break;
      }
      case "entropy": {
        let h = 0;
        for (let c = 0; c < cols; c++) {
          const p = data[base + c]!;
          if (p > 0) h -= p * Math.log(p);
        }
        out[i] = h;
        break;
      }
    }
  }
  return out;
}

/** The record of an uncertainty-sampling strategy: the `take` pool rows with the highest `measure`. */
export function uncertaintySampling(spec: {
  measure: UncertaintyMeasure;
  summary: string;
  reference: string;
}) {
  const { measure, summary, reference } = spec;
  return defineStrategy({
    name: measure,
    summary,
    reference,
    requires: ["probs"],
    choose(context) {
      const scores = uncertaintyScores(probsOf(context, context.pool), measure);
      return topByScore(context.pool, scores, { take: context.take, rng: createRng(context.seed) });
    },
  });
}
