import { uncertaintySampling } from "./uncertainty.js";

/**
 * Uncertainty sampling, margin: the rows with the smallest gap between the two most likely classes. Score as in
 * `uncertaintyScores`. O(pool × classes).
 */
export const marginStrategy = uncertaintySampling({
  measure: "margin",
  summary: "the rows with the smallest gap between the two most likely classes",
  reference:
    "Scheffer, Decomain & Wrobel 2001, Active hidden Markov models for information extraction (IDA); Settles 2009 §3.1",
});
