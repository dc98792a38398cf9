// CROWDLAB against cleanlab 2.9.0's get_label_quality_multiannotator on ../shared/data/cleanlab-ref
// (ma_labels_multiannotator.csv: 2000 items × 5 annotators; multiannotator_outputs.json). Agreement to 1e-6 is
// the target; consensus labels must be identical.
import { describe, expect, it } from "vitest";
import { skipWithoutShared } from "../../../../test-support/index.js";
import { sharedJson, sharedMatrix } from "../../../../test-support/quality.js";
import type { Annotations } from "../data/annotations.js";
import type { Matrix } from "../linalg/matrix.js";
import { type CrowdlabResult, crowdlab } from "./crowdlab.js";

const skip = skipWithoutShared();

interface RefStats {
  annotator: number;
  annotator_quality: number;
  agreement_with_consensus: number;
  worst_class: number;
  num_examples_labeled: number;
}
interface Ref {
  majority_vote_label_from_get_majority_vote_label_no_pred_probs: number[];
  consensus_label: number[];
  consensus_quality_score: number[];
  annotator_agreement: number[];
  num_annotations: number[];
  annotator_stats: RefStats[];
  detailed_label_quality: (number | null)[][];
  model_weight: number;
  annotator_weight: number[];
  majority_vote_method: {
    consensus_label: number[];
    consensus_quality_score: number[];
    annotator_stats: RefStats[];
  };
  agreement_quality_method: { consensus_quality_score: number[]; annotator_stats: RefStats[] };
}

/** The wide matrix (items × annotators, NaN = not labeled) as long-format annotations, row by row. */
function wideToLong(wide: { rows: number; cols: number; data: Float64Array }): Annotations {
  const item: number[] = [];
  const rater: number[] = [];
  const label: number[] = [];
  for (let i = 0; i < wide.rows; i++)
    for (let r = 0; r < wide.cols; r++) {
      const v = wide.data[i * wide.cols + r]!;
      if (Number.isNaN(v)) continue;
      item.push(i);
      rater.push(r);
      label.push(v);
    }
  return {
    items: Array.from({ length: wide.rows }, (_, i) => String(i)),
    raters: Array.from({ length: wide.cols }, (_, r) => `a${r}`),
    classes: ["0", "1", "2"],
    item: Int32Array.from(item),
    rater: Int32Array.from(rater),
    label: Int32Array.from(label),
  };
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string) {
  const tol = 1e-6;
  expect(got.length, what).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  expect(worst, what).toBeLessThan(tol);
}

function expectStats(r: CrowdlabResult, want: RefStats[], what: string) {
  expect(
    r.annotators.map((a) => a.rater),
    `${what} order`,
  ).toEqual(want.map((a) => a.annotator));
  expectClose(
    r.annotators.map((a) => a.quality),
    want.map((a) => a.annotator_quality),
    `${what} quality`,
  );
  expectClose(
    r.annotators.map((a) => a.agreementWithConsensus),
    want.map((a) => a.agreement_with_consensus),
    `${what} agreement`,
  );
  expect(
    r.annotators.map((a) => a.worstClass),
    `${what} worst class`,
  ).toEqual(want.map((a) => a.worst_class));
  expect(
    r.annotators.map((a) => a.numLabeled),
    `${what} count`,
  ).toEqual(want.map((a) => a.num_examples_labeled));
}

describe.skipIf(skip)("CROWDLAB reproduces cleanlab 2.9.0 (shared/data/cleanlab-ref)", () => {
  const ref = skip
    ? (undefined as unknown as Ref)
    : sharedJson<Ref>("cleanlab-ref", "multiannotator_outputs.json");
  const wide = skip
    ? { rows: 0, cols: 0, data: new Float64Array() }
    : sharedMatrix("cleanlab-ref", "ma_labels_multiannotator.csv");
  const probs = (
    skip ? { rows: 0, cols: 0, data: new Float64Array() } : sharedMatrix("cleanlab-ref", "ma_pred_probs.csv")
  ) as Matrix;
  const annotations = wideToLong(wide);

  it("best_quality consensus, its quality, weights and per-judgment quality", () => {
    const r = crowdlab(annotations, probs);
    expect(Array.from(r.consensusLabel)).toEqual(ref.consensus_label);
    expectClose(r.consensusQuality, ref.consensus_quality_score, "consensus quality");
    expectClose(r.annotatorAgreement, ref.annotator_agreement, "annotator agreement");
    expect(Array.from(r.numAnnotations)).toEqual(ref.num_annotations);
    expect(Math.abs(r.modelWeight - ref.model_weight)).toBeLessThan(1e-6);
    expectClose(r.annotatorWeight, ref.annotator_weight, "annotator weights");
    const detailed = ref.detailed_label_quality;
    const want = Array.from(
      r.labelQuality,
      (_, j) => detailed[annotations.item[j]!]![annotations.rater[j]!]!,
    );
    expect(want.every((v) => typeof v === "number")).toBe(true);
    expectClose(r.labelQuality, want, "per-judgment quality");
    expectStats(r, ref.annotator_stats, "annotators");
  });

  it("majority_vote consensus and the agreement quality method", () => {
    const mv = crowdlab(annotations, probs, { consensusMethod: "majority_vote" });
    expect(Array.from(mv.consensusLabel)).toEqual(ref.majority_vote_method.consensus_label);
    expectClose(mv.consensusQuality, ref.majority_vote_method.consensus_quality_score, "MV quality");
    expectStats(mv, ref.majority_vote_method.annotator_stats, "MV annotators");
    // cleanlab 2.9's quality_method="agreement" counts labels with `value_counts` on float labels, which puts
    // the counts of an item's classes at the first positions whenever a class is missing (an item labeled only
    // 1 gets counts [1, 0, 0]). vox counts at the class's own position, so the two agree exactly on the items
    // whose labels form a prefix {0}, {0, 1} or {0, 1, 2} of the classes, and only there.
    const ag = crowdlab(annotations, probs, { qualityMethod: "agreement" });
    const want = ref.agreement_quality_method.consensus_quality_score;
    let compared = 0;
    for (let i = 0; i < wide.rows; i++) {
      const present = new Set<number>();
      for (let r = 0; r < wide.cols; r++) {
        const v = wide.data[i * wide.cols + r]!;
        if (!Number.isNaN(v)) present.add(v);
      }
      if (![...present].every((c) => c < present.size)) continue;
      compared++;
      expect(Math.abs(ag.consensusQuality[i]! - want[i]!), `item ${i}`).toBeLessThan(1e-12);
    }
    expect(compared).toBe(746);
  });
});
