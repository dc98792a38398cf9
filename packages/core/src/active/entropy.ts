import { uncertaintySampling } from "./uncertainty.js";

/**
 * Uncertainty sampling, entropy: the rows whose predicted class distribution has the highest entropy. Score as in
 * `uncertaintyScores`. O(pool × classes).
 */
export const entropyStrategy = uncertaintySampling({
  measure: "entropy",
  summary: "the rows whose predicted class distribution has the highest entropy",
  reference:
    "Settles 2009, Active learning literature survey, §3.1 (Shannon entropy of the predictive distribution)",
});
