// Reproduces cleanlab 2.9.0's confident-learning outputs on ../shared/data/cleanlab-ref (10000 × 3, 2000 flipped
// labels; see its README: cleanlab 2.9.0, numpy 1.24.2). Masks and ranked lists must match exactly.
import { describe, expect, it } from "vitest";
import { skipWithoutShared } from "../../../../test-support/index.js";
import { readSharedCsv, sharedColumn, sharedJson, sharedMatrix } from "../../../../test-support/quality.js";
import type { Matrix } from "../linalg/matrix.js";
import { confidentJoint } from "./confidentJoint.js";
import { confidentThresholds } from "./confidentThresholds.js";
import { estimateJoint } from "./estimateJoint.js";
import { estimateLatent } from "./estimateLatent.js";
import { FILTER_BY, findLabelIssues } from "./findLabelIssues.js";
import { healthSummary } from "./healthSummary.js";
import { LABEL_QUALITY_METHODS, labelQualityScores } from "./labelQualityScores.js";
import { numLabelIssues } from "./numLabelIssues.js";
import { rankLabelIssues } from "./rankLabelIssues.js";

const skip = skipWithoutShared();

interface Ref {
  confident_thresholds: number[];
  confident_joint_uncalibrated: number[][];
  confident_joint_calibrated: number[][];
  estimate_joint: number[][];
  estimate_latent_cnt_noconverge: { py: number[]; noise_matrix: number[][]; inv_noise_matrix: number[][] };
  estimate_py_and_noise_matrices_from_probabilities_default: {
    py: number[];
    noise_matrix: number[][];
    inv_noise_matrix: number[][];
  };
  num_label_issues_off_diagonal: number;
  num_label_issues_off_diagonal_calibrated: number;
  find_label_issues: Record<
    string,
    { n_flagged: number; issue_indices_sorted: number[]; ranked_indices: Record<string, number[]> }
  >;
  find_label_issues_extra_params: Record<string, { issue_indices_sorted: number[] }>;
  overall_label_health_score: number;
  rank_classes_by_label_quality: Record<string, number>[];
  find_overlapping_classes: Record<string, number>[];
}

const flat = (m: number[][]) => m.flat();

describe.skipIf(skip)("confident learning reproduces cleanlab 2.9.0 (shared/data/cleanlab-ref)", () => {
  const ref = skip ? (undefined as unknown as Ref) : sharedJson<Ref>("cleanlab-ref", "cleanlab_outputs.json");
  const labels = skip
    ? new Int32Array()
    : Int32Array.from(sharedColumn(["cleanlab-ref", "labels.csv"], "label"));
  const probs = (
    skip ? { rows: 0, cols: 0, data: new Float64Array() } : sharedMatrix("cleanlab-ref", "pred_probs.csv")
  ) as Matrix;

  it("thresholds and confident joints are identical", () => {
    expect(Array.from(confidentThresholds(labels, probs))).toEqual(ref.confident_thresholds);
    const cj = confidentJoint(labels, probs);
    expect(Array.from(cj.rawJoint.data)).toEqual(flat(ref.confident_joint_uncalibrated));
    expect(Array.from(cj.joint.data)).toEqual(flat(ref.confident_joint_calibrated));
    expect(Array.from(estimateJoint(labels, probs).data)).toEqual(flat(ref.estimate_joint));
    expect(numLabelIssues(labels, probs)).toBe(ref.num_label_issues_off_diagonal);
    expect(numLabelIssues(labels, probs, { method: "off_diagonal_calibrated" })).toBe(
      ref.num_label_issues_off_diagonal_calibrated,
    );
  });

  it("prior, noise and inverse noise matrices match", () => {
    const cj = confidentJoint(labels, probs);
    const plain = estimateLatent(cj.joint, labels);
    const r = ref.estimate_latent_cnt_noconverge;
    expect(Array.from(plain.prior)).toEqual(r.py);
    expect(Array.from(plain.noiseMatrix.data)).toEqual(flat(r.noise_matrix));
    expect(Array.from(plain.inverseNoiseMatrix.data)).toEqual(flat(r.inv_noise_matrix));
    // converge uses a matrix inverse (LAPACK in numpy), so agreement is to rounding, not bits
    const conv = estimateLatent(cj.joint, labels, { converge: true });
    const c = ref.estimate_py_and_noise_matrices_from_probabilities_default;
    const close = (a: ArrayLike<number>, b: number[]) =>
      b.forEach((v, i) => {
        expect(Math.abs(a[i]! - v)).toBeLessThan(1e-12);
      });
    close(conv.prior, c.py);
    close(conv.noiseMatrix.data, flat(c.noise_matrix));
    close(conv.inverseNoiseMatrix.data, flat(c.inv_noise_matrix));
  });

  it("label quality scores equal label_quality_scores.csv", () => {
    const file = ["cleanlab-ref", "label_quality_scores.csv"];
    const cases = [
      ["self_confidence", "self_confidence", false],
      ["self_confidence_adjusted", "self_confidence", true],
      ["normalized_margin", "normalized_margin", false],
      ["normalized_margin_adjusted", "normalized_margin", true],
      ["confidence_weighted_entropy", "confidence_weighted_entropy", false],
    ] as const;
    for (const [column, method, adjust] of cases) {
      const expected = sharedColumn(file, column);
      const got = labelQualityScores(labels, probs, { method, adjust });
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
      expect(worst, column).toBeLessThan(1e-15);
    }
  });

  it("every filter_by mode flags exactly cleanlab's examples, in cleanlab's ranked order", () => {
    const masks = readSharedCsv("cleanlab-ref", "issue_masks.csv");
    for (const mode of FILTER_BY) {
      const r = findLabelIssues(labels, probs, { filterBy: mode });
      const expected = ref.find_label_issues[mode]!;
      expect(Array.from(r.indices), mode).toEqual(expected.issue_indices_sorted);
      const col = masks.header.indexOf(mode);
      expect(Array.from(r.mask).join(""), mode).toBe(masks.rows.map((row) => row[col]).join(""));
      for (const rankBy of LABEL_QUALITY_METHODS) {
        const ranked = rankLabelIssues(labels, probs, { flagged: r.indices, rankBy }).ranked;
        expect(Array.from(ranked), `${mode} by ${rankBy}`).toEqual(expected.ranked_indices[rankBy]);
      }
    }
  });

  it("frac_noise, num_to_remove_per_class and min_examples_per_class variants match", () => {
    for (const [key, value] of Object.entries(ref.find_label_issues_extra_params)) {
      const p = JSON.parse(key) as {
        filter_by: "prune_by_noise_rate" | "prune_by_class" | "both";
        frac_noise?: number;
        num_to_remove_per_class?: number[];
        min_examples_per_class?: number;
      };
      const r = findLabelIssues(labels, probs, {
        filterBy: p.filter_by,
        ...(p.frac_noise !== undefined ? { fracNoise: p.frac_noise } : {}),
        ...(p.num_to_remove_per_class ? { numToRemovePerClass: p.num_to_remove_per_class } : {}),
        ...(p.min_examples_per_class !== undefined ? { minExamplesPerClass: p.min_examples_per_class } : {}),
      });
      expect(Array.from(r.indices), key).toEqual(value.issue_indices_sorted);
    }
  });

  it("health summary, class ranking and overlapping classes match", () => {
    const h = healthSummary(labels, probs);
    expect(h.overallLabelHealth).toBe(ref.overall_label_health_score);
    expect(
      h.classes.map((c) => ({
        "Class Index": c.class,
        "Label Issues": c.labelIssues,
        "Inverse Label Issues": c.inverseLabelIssues,
        "Label Noise": c.labelNoise,
        "Inverse Label Noise": c.inverseLabelNoise,
        "Label Quality Score": c.labelQuality,
      })),
    ).toEqual(ref.rank_classes_by_label_quality);
    expect(
      h.overlaps.map((o) => ({
        "Class Index A": o.classA,
        "Class Index B": o.classB,
        "Num Overlapping Examples": o.examples,
        "Joint Probability": o.jointProbability,
      })),
    ).toEqual(ref.find_overlapping_classes);
  });
});
