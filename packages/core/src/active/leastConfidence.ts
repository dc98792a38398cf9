import { uncertaintySampling } from "./uncertainty.js";

/**
 * Uncertainty sampling, least-confidence: the rows whose most likely class is least probable. Score as in
 * `uncertaintyScores`. O(pool × classes).
 */
export const leastConfidenceStrategy = uncertaintySampling({
  measure: "least-confidence",
  summary: "the rows whose most likely class is least probable",
  reference:
    "Lewis & Gale 1994 (uncertainty sampling, SIGIR); Culotta & McCallum 2005 (least confidence, AAAI); Settles 2009 §3.1",
});
