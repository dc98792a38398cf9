// Reproduces cleanlab 2.9.0 Datalab's outlier and near-duplicate issues on ../shared/data/cleanlab-ref
// (dl_features.csv: 10000 × 20 with injected near duplicates, exact copies and outliers; see its README, run with
// numpy 1.24.2 / scikit-learn 1.2.1). Values from datalab_outputs.json and dl_scores.csv; tolerance 1e-6 on scores.
import { describe, expect, it } from "vitest";
import { skipWithoutShared } from "../../../../test-support/index.js";
import {
  readSharedCsv,
  sharedHeaderlessMatrix,
  sharedJson,
  sharedMatrix,
} from "../../../../test-support/quality.js";
import { pureBackend } from "../linalg/pureBackend.js";
import { knnGraph } from "./knnGraph.js";
import { type KnnGraph, knnOutlierScores } from "./knnOutlierScores.js";
import { nearDuplicateIssues } from "./nearDuplicateIssues.js";
import { predProbOutlierScores } from "./predProbOutlierScores.js";

const skip = skipWithoutShared();

interface Issue {
  issue_indices: number[];
  n_issues: number;
  summary_score: number;
  info_scalars: Record<string, number | string | boolean>;
}
interface Ref {
  outlier_features: Issue;
  outlier_pred_probs: Issue;
  near_duplicate: Issue & {
    near_duplicate_sets_nonempty: Record<string, number[]>;
    median_nn_distance: number;
  };
}

const flagged = (mask: Uint8Array) => Array.from(mask.keys()).filter((i) => mask[i] === 1);
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe.skipIf(skip)("Datalab outlier and near-duplicate issues reproduce cleanlab 2.9.0", () => {
  const ref = skip ? (undefined as unknown as Ref) : sharedJson<Ref>("cleanlab-ref", "datalab_outputs.json");
  const column = (name: string) => {
    if (skip) return new Float64Array();
    const { header, rows } = readSharedCsv("cleanlab-ref", "dl_scores.csv");
    const j = header.indexOf(name);
    return Float64Array.from(rows, (r) => Number(r[j]));
  };
  const refGraph: KnnGraph = skip
    ? { k: 0, indices: new Int32Array(), distances: new Float64Array() }
    : {
        k: 10,
        indices: Int32Array.from(sharedHeaderlessMatrix("cleanlab-ref", "dl_knn_indices.csv").data),
        distances: sharedHeaderlessMatrix("cleanlab-ref", "dl_knn_distances.csv").data,
      };

  function checkOutliers(graph: KnnGraph) {
    const r = knnOutlierScores(graph);
    const info = ref.outlier_features.info_scalars;
    expect(r.scalingFactor).toBeCloseTo(info.scaling_factor as number, 12);
    expect(r.issueThreshold).toBeCloseTo(info.issue_threshold as number, 12);
    expect(maxAbsDiff(r.scores, column("outlier_features"))).toBeLessThan(1e-6);
    expect(flagged(r.isIssue)).toEqual(ref.outlier_features.issue_indices);
    expect(r.meanScore).toBeCloseTo(ref.outlier_features.summary_score, 9);
  }

  function checkNearDuplicates(graph: KnnGraph) {
    const r = nearDuplicateIssues(graph);
    expect(r.medianNearestDistance).toBeCloseTo(ref.near_duplicate.median_nn_distance, 12);
    expect(maxAbsDiff(r.scores, column("near_duplicate"))).toBeLessThan(1e-6);
    expect(flagged(r.isIssue)).toEqual(ref.near_duplicate.issue_indices);
    const nonEmpty: Record<string, number[]> = {};
    r.sets.forEach((s, i) => {
      if (s.length > 0) nonEmpty[String(i)] = Array.from(s);
    });
    expect(nonEmpty).toEqual(ref.near_duplicate.near_duplicate_sets_nonempty);
    expect(r.meanScore).toBeCloseTo(ref.near_duplicate.summary_score, 9);
  }

  it("from cleanlab's own kNN graph (dl_knn_*.csv): scores, issue threshold, issues and sets", () => {
    checkOutliers(refGraph);
    checkNearDuplicates(refGraph);
  });

  it("from the features (cosine kNN through the pure backend, exact duplicates corrected)", async () => {
    const graph = await knnGraph(sharedMatrix("cleanlab-ref", "dl_features.csv"), { backend: pureBackend });
    // the same neighbours up to ties, and distances to floating-point noise
    expect(maxAbsDiff(graph.distances, refGraph.distances)).toBeLessThan(1e-9);
    checkOutliers(graph);
    checkNearDuplicates(graph);
  });

  it("pred_probs outlier scores (adjusted entropy) and their issue threshold", () => {
    const labels = Int32Array.from(readSharedCsv("cleanlab-ref", "labels.csv").rows, (r) => Number(r[0]));
    const r = predProbOutlierScores(sharedMatrix("cleanlab-ref", "pred_probs.csv"), labels);
    expect(maxAbsDiff(r.scores, column("outlier_pred_probs"))).toBeLessThan(1e-9);
    expect(r.issueThreshold).toBeCloseTo(ref.outlier_pred_probs.info_scalars.issue_threshold as number, 12);
    expect(flagged(r.isIssue)).toEqual(ref.outlier_pred_probs.issue_indices);
    expect(r.meanScore).toBeCloseTo(ref.outlier_pred_probs.summary_score, 9);
  });
});
