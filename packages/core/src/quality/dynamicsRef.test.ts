// Data maps, forgetting events and AUM against ../shared/data/training-dynamics (reference values from
// allenai/cartography, asappresearch/aum and Toneva et al.'s counting, run by the data's authors; see its README).
import { describe, expect, it } from "vitest";
import { skipWithoutShared } from "../../../../test-support/index.js";
import { readSharedCsv, sharedDynamics, sharedJson } from "../../../../test-support/quality.js";
import { aum } from "./aum.js";
import { dataMap } from "./dataMap.js";
import { forgettingEvents } from "./forgettingEvents.js";
import { trainingDynamics } from "./trainingDynamics.js";

const skip = skipWithoutShared();

function column(file: string, name: string): number[] {
  const { header, rows } = readSharedCsv("training-dynamics", file);
  const j = header.indexOf(name);
  return rows.map((r) => Number(r[j]));
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe.skipIf(skip)(
  "training dynamics reproduce the reference implementations (shared/data/training-dynamics)",
  () => {
    it("data map: confidence, variability, correctness, forgetfulness, threshold closeness (atol 1e-6)", () => {
      const d = trainingDynamics(sharedDynamics("K3"));
      const m = dataMap(d);
      const f = "datamap_metrics.csv";
      expect(maxDiff(m.confidence, column(f, "confidence"))).toBeLessThan(1e-6);
      expect(maxDiff(m.variability, column(f, "variability"))).toBeLessThan(1e-6);
      expect(maxDiff(m.variabilityCi, column(f, "variability_ci"))).toBeLessThan(1e-6);
      expect(maxDiff(m.thresholdCloseness, column(f, "threshold_closeness"))).toBeLessThan(1e-6);
      // against the float64 recomputation the softmax is the same, so agreement is to rounding
      expect(maxDiff(m.confidence, column(f, "confidence_f64"))).toBeLessThan(1e-14);
      expect(maxDiff(m.variability, column(f, "variability_f64"))).toBeLessThan(1e-14);
      expect(Array.from(m.correctness)).toEqual(column(f, "correctness"));
      expect(Array.from(m.forgetfulness)).toEqual(column(f, "forgetfulness"));
    });

    it("forgetting events, first-learned epoch and presentations needed (Toneva et al.)", () => {
      const fe = forgettingEvents(trainingDynamics(sharedDynamics("K3")));
      const f = "datamap_metrics.csv";
      expect(Array.from(fe.forgetting)).toEqual(column(f, "toneva_forgetting"));
      expect(Array.from(fe.firstLearned)).toEqual(column(f, "toneva_first_learned_epoch"));
      expect(Array.from(fe.presentationsNeeded)).toEqual(column(f, "toneva_presentations_needed"));
      const summary = sharedJson<{ datamap: { n_never_learned: number } }>(
        "training-dynamics",
        "summary.json",
      );
      expect(fe.neverLearned.reduce((a, b) => a + b, 0)).toBe(summary.datamap.n_never_learned);
    });

    it("AUM with threshold samples: values (atol 1e-6), threshold and flags", () => {
      const d = trainingDynamics(sharedDynamics("K4_threshold"));
      const r = aum(d, { thresholdClass: 3 });
      const f = "aum_values.csv";
      expect(maxDiff(r.aum, column(f, "aum"))).toBeLessThan(1e-6);
      expect(maxDiff(r.aum, column(f, "aum"))).toBeLessThan(1e-13);
      expect(Array.from(r.thresholdSamples!)).toEqual(column(f, "is_threshold_sample"));
      const s = sharedJson<{
        aum: { threshold_aum_99th_percentile: number; n_flagged_non_threshold: number };
      }>("training-dynamics", "summary.json");
      expect(r.threshold).toBe(s.aum.threshold_aum_99th_percentile);
      expect(Array.from(r.flagged!)).toEqual(column(f, "flag_wtr"));
      let nonThreshold = 0;
      for (let i = 0; i < d.examples; i++) if (r.flagged![i] && !r.thresholdSamples![i]) nonThreshold++;
      expect(nonThreshold).toBe(s.aum.n_flagged_non_threshold);
    });
  },
);
