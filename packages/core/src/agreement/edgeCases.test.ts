import { describe, expect, it } from "vitest";
import { encodeAnnotations } from "../data/annotations.js";
import { fromRows } from "../linalg/matrix.js";
import {
  agreementWeights,
  brennanPrediger,
  classPositions,
  cohenKappa,
  congerKappa,
  countsFromTable,
  fleissKappa,
  gwetAc1,
  krippendorffAlpha,
  pairwiseKappa,
  percentAgreement,
  reliabilityMatrix,
  scottPi,
} from "./index.js";

const multi = [percentAgreement, fleissKappa, gwetAc1, brennanPrediger, congerKappa] as const;

describe("one category present", () => {
  const rows: [string, string, string][] = [
    ["i1", "r1", "yes"],
    ["i1", "r2", "yes"],
    ["i2", "r1", "yes"],
    ["i2", "r2", "yes"],
  ];

  it("α is undefined (NaN): no variation means no expected disagreement to compare with", () => {
    const a = encodeAnnotations(rows);
    for (const level of ["nominal", "ordinal"] as const) {
      const r = krippendorffAlpha(a, { level });
      expect(r.value).toBeNaN();
      expect(r.expectedDisagreement).toBe(0);
      expect(r.observedDisagreement).toBe(0);
    }
    const numeric = encodeAnnotations(rows.map(([i, r]) => [i, r, "3"]));
    expect(krippendorffAlpha(numeric, { level: "interval" }).value).toBeNaN();
    expect(krippendorffAlpha(numeric, { level: "ratio" }).value).toBeNaN();
  });

  it("the marginal-based kappas are NaN (p_e = 1); percent agreement is 1", () => {
    const a = encodeAnnotations(rows);
    expect(fleissKappa(a).value).toBeNaN();
    expect(fleissKappa(a).se).toBeNaN();
    expect(congerKappa(a).value).toBeNaN();
    expect(cohenKappa(a).value).toBeNaN();
    expect(scottPi(a).value).toBeNaN();
    expect(percentAgreement(a).value).toBe(1);
    // With a one-class table AC1 and Brennan–Prediger are undefined too (q = 1) …
    expect(gwetAc1(a).value).toBeNaN();
    expect(brennanPrediger(a).value).toBeNaN();
    // … but with the scale's other class declared (an explicit class order) they are 1: all agree, chance is low.
    const b = encodeAnnotations(rows, { classOrder: ["yes", "no"] });
    expect(gwetAc1(b).value).toBe(1);
    expect(brennanPrediger(b).value).toBe(1);
    expect(fleissKappa(b).value).toBeNaN();
  });
});

describe("nothing to pair", () => {
  it("no pairable unit: every coefficient is NaN, with zero units", () => {
    const a = encodeAnnotations([
      ["i1", "r1", "a"],
      ["i2", "r2", "b"],
      ["i3", "r1", "b"],
    ]);
    for (const f of multi) {
      const r = f(a);
      expect(r.value).toBeNaN();
      expect(r.units).toBe(0);
      expect(r.se).toBeNaN();
    }
    const alpha = krippendorffAlpha(a);
    expect(alpha.value).toBeNaN();
    expect(alpha.units).toBe(0);
    expect(cohenKappa(a).value).toBeNaN(); // two raters, no shared item
    expect(cohenKappa(a).units).toBe(0);
    const pw = pairwiseKappa(a);
    expect(pw.first.length).toBe(0);
    expect(pw.mean).toBeNaN();
  });

  it("a single rater: multi-rater coefficients are NaN, two-rater ones refuse", () => {
    const a = encodeAnnotations([
      ["i1", "r1", "a"],
      ["i2", "r1", "b"],
    ]);
    for (const f of multi) expect(f(a).value).toBeNaN();
    expect(krippendorffAlpha(a).value).toBeNaN();
    expect(() => cohenKappa(a)).toThrow(/exactly two raters or options.raters \(the data has 1\)/);
    expect(() => scottPi(a, { raters: ["r1", "r1"] })).toThrow(/must differ/);
    expect(() => cohenKappa(a, { raters: ["r1", "nobody"] })).toThrow(/unknown rater "nobody"/);
  });

  it("an empty dataset gives NaN, not an exception", () => {
    const a = encodeAnnotations([]);
    for (const f of multi) expect(f(a).value).toBeNaN();
    expect(krippendorffAlpha(a).value).toBeNaN();
    expect(pairwiseKappa(a).mean).toBeNaN();
  });

  it("a bootstrap of an undefined coefficient reports no valid replicate", () => {
    const a = encodeAnnotations([
      ["i1", "r1", "a"],
      ["i1", "r2", "a"],
    ]);
    const r = fleissKappa(a, { bootstrap: 20, seed: 1 });
    expect(r.bootstrap).toMatchObject({ replicates: 20, valid: 0 });
    expect(r.bootstrap!.ci[0]).toBeNaN();
  });
});

describe("input checks", () => {
  const a = encodeAnnotations([
    ["i1", "r1", "low"],
    ["i1", "r2", "high"],
  ]);

  it("numeric levels need numeric labels", () => {
    expect(() => krippendorffAlpha(a, { level: "interval" })).toThrow(/class "low" is not a number/);
    expect(krippendorffAlpha(a, { level: "interval", values: [1, 5] }).value).toBeTypeOf("number");
    expect(() => krippendorffAlpha(a, { level: "interval", values: [1] })).toThrow(/one number per class/);
    const neg = encodeAnnotations([
      ["i1", "r1", "-1"],
      ["i1", "r2", "2"],
    ]);
    expect(() => krippendorffAlpha(neg, { level: "ratio" })).toThrow(/ratio level needs values ≥ 0/);
    // Ordinal needs only an order: class-table order when the names are not numbers.
    expect(krippendorffAlpha(a, { level: "ordinal" }).value).toBeTypeOf("number");
  });

  it("weights and distances are validated", () => {
    expect(() => fleissKappa(a, { weights: fromRows([[1]]) })).toThrow(/2 × 2 matrix/);
    expect(() =>
      fleissKappa(a, {
        weights: fromRows([
          [0.5, 0],
          [0, 1],
        ]),
      }),
    ).toThrow(/weights\[0\]\[0\] must be 1/);
    expect(() =>
      gwetAc1(a, {
        weights: fromRows([
          [1, 2],
          [0, 1],
        ]),
      }),
    ).toThrow(/must be in \[0, 1\]/);
    expect(() =>
      krippendorffAlpha(a, {
        distance: fromRows([
          [0, 1],
          [2, 0],
        ]),
      }),
    ).toThrow(/symmetric/);
    expect(
      krippendorffAlpha(a, {
        distance: fromRows([
          [0, 1],
          [1, 0],
        ]),
      }).level,
    ).toBe("custom");
  });

  it("count tables, contingency tables and options are validated", () => {
    expect(() => countsFromTable([[1, -1]])).toThrow(/non-negative integer/);
    expect(() => countsFromTable([[1, 2], [3]])).toThrow(/row 1 has 1 values/);
    expect(() => cohenKappa(fromRows([[1, 2, 3]]))).toThrow(/square/);
    expect(() => fleissKappa(a, { confidence: 1.5 })).toThrow(/confidence must be between 0 and 1/);
    expect(() => fleissKappa(a, { bootstrap: -1 })).toThrow(/bootstrap must be between 0/);
    expect(() => reliabilityMatrix([["1", "2"], ["1"]])).toThrow(/row 1 has 1 values, expected 2/);
    expect(() => pairwiseKappa(a, { minShared: 0 })).toThrow(/minShared/);
  });
});

describe("scales and weights", () => {
  it("orders numeric class names by value, others by class-table order", () => {
    expect(Array.from(classPositions(["10", "2", "2.0", "-1"]))).toEqual([2, 1, 1, 0]);
    expect(Array.from(classPositions(["high", "low"]))).toEqual([0, 1]);
    expect(Array.from(classPositions(["10", "2"], "codes"))).toEqual([0, 1]);
    expect(() => classPositions(["1", "x"], "numeric")).toThrow(/class "x" is not a number/);
  });

  it("builds linear and quadratic weights on category indices", () => {
    expect(Array.from(agreementWeights("linear", [0, 1, 2]).data)).toEqual([
      1, 0.5, 0, 0.5, 1, 0.5, 0, 0.5, 1,
    ]);
    expect(Array.from(agreementWeights("quadratic", [0, 1, 2]).data)).toEqual([
      1, 0.75, 0, 0.75, 1, 0.75, 0, 0.75, 1,
    ]);
    expect(Array.from(agreementWeights("none", [0, 1]).data)).toEqual([1, 0, 0, 1]);
    expect(Array.from(agreementWeights("linear", [0]).data)).toEqual([1]);
  });

  it("uses numeric order for weighted κ even when classes appear out of order", () => {
    const rows: [string, string, string][] = [];
    const pairs = [
      ["2", "3"],
      ["1", "1"],
      ["3", "2"],
      ["1", "2"],
      ["3", "3"],
    ];
    for (const [i, [x, y]] of pairs.entries()) rows.push([`i${i}`, "A", x!], [`i${i}`, "B", y!]);
    const scrambled = encodeAnnotations(rows);
    const ordered = encodeAnnotations(rows, { classOrder: ["1", "2", "3"] });
    expect(scrambled.classes).toEqual(["2", "3", "1"]);
    expect(cohenKappa(scrambled, { weights: "linear" }).value).toBeCloseTo(
      cohenKappa(ordered, { weights: "linear" }).value,
      12,
    );
    // Forcing class-table order changes the scale and so the value.
    expect(cohenKappa(scrambled, { weights: "linear", order: "codes" }).value).not.toBeCloseTo(
      cohenKappa(ordered, { weights: "linear" }).value,
      6,
    );
  });
});
