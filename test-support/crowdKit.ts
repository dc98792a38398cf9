// crowd-kit 1.4.1's fixtures and outputs in ../shared/data/crowd, for the aggregation tests.
import { type Annotations, encodeAnnotations } from "@vox/core";
import { readSharedText } from "./index.js";

/** crowd-kit's output for one method on one fixture (fields as in crowdkit_fixture_outputs.json). */
export interface CrowdKitOutput {
  labels: Record<string, string>;
  probas?: Record<string, Record<string, number>>;
  skills?: Record<string, number>;
  priors?: Record<string, number>;
  n_em_iterations?: number;
}

/** The whole outputs file. */
export function crowdKitOutputs(): Record<string, Record<string, unknown>> {
  return JSON.parse(readSharedText("crowd", "crowdkit_fixture_outputs.json"));
}

/**
 * A crowd-kit fixture (crowdkit_toy or crowdkit_simple) as annotations. `sortedClasses` orders classes by name, as
 * crowd-kit's majority vote and Dawid–Skene do (their tie-break picks the first column of a sorted table);
 * otherwise classes are in order of first appearance, as crowd-kit's MACE, GLAD and KOS index them.
 */
export function crowdKitFixture(name: string, sortedClasses = true): Annotations {
  const rows = readSharedText("crowd", name, "answer.csv")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(",") as [string, string, string]);
  const classes = [...new Set(rows.map((r) => r[2]))];
  if (sortedClasses) classes.sort();
  return encodeAnnotations(rows, { classOrder: classes });
}

/** Largest |vox − crowd-kit| over every (item, class) posterior. */
export function maxPosteriorGap(
  a: Annotations,
  posteriors: Float64Array,
  probas: Record<string, Record<string, number>>,
): number {
  let gap = 0;
  const K = a.classes.length;
  a.items.forEach((item, i) => {
    a.classes.forEach((c, k) => {
      gap = Math.max(gap, Math.abs(posteriors[i * K + k]! - probas[item]![c]!));
    });
  });
  return gap;
}

/** vox's hard labels as class names, keyed by item. */
export function labelsByItem(a: Annotations, labels: Int32Array): Record<string, string> {
  return Object.fromEntries(a.items.map((item, i) => [item, labels[i]! >= 0 ? a.classes[labels[i]!]! : ""]));
}
