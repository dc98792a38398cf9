import { describe, expect, it } from "vitest";
import { type Annotations, encodeAnnotations } from "../data/annotations.js";
import { fromRows } from "../linalg/matrix.js";
import {
  brennanPrediger,
  cohenKappa,
  coincidenceMatrix,
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

/** Krippendorff's raters × units layout, one string per rater, values separated by spaces or one per character. */
function matrixOf(rows: readonly string[]): Annotations {
  return reliabilityMatrix(rows.map((r) => (r.includes(" ") ? r.split(" ") : [...r])));
}

/** Two raters' judgments from a q × q contingency table (class names c0 … c(q−1) in table order). */
function pairFromTable(t: readonly (readonly number[])[]): Annotations {
  const rows: [string, string, string][] = [];
  let i = 0;
  t.forEach((r, a) => {
    r.forEach((count, b) => {
      for (let k = 0; k < count; k++, i++) {
        rows.push([`i${i}`, "A", `c${a}`], [`i${i}`, "B", `c${b}`]);
      }
    });
  });
  return encodeAnnotations(rows, { classOrder: t.map((_, k) => `c${k}`) });
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C (../shared/docs/references.md).
const EXAMPLE_C = [
  "1 2 3 3 2 1 4 1 2 . . .",
  "1 2 3 3 2 2 4 1 2 5 . 3",
  ". 3 3 3 2 3 4 2 2 5 1 .",
  "1 2 3 3 2 4 4 1 2 5 1 .",
];
// irrCAC's cac.raw4raters (Gwet, irrCAC 1.0 vignette "overview"): example C with unit 12's value given by rater 3.
const RAW4RATERS = [
  "1 2 3 3 2 1 4 1 2 . . .",
  "1 2 3 3 2 2 4 1 2 5 . .",
  ". 3 3 3 2 3 4 2 2 5 1 3",
  "1 2 3 3 2 4 4 1 2 5 1 .",
];

describe("published values (references.md)", () => {
  it("Krippendorff 2011 example C at every level", () => {
    const a = matrixOf(EXAMPLE_C);
    expect(krippendorffAlpha(a, { level: "nominal" }).value).toBeCloseTo(0.743421, 6);
    expect(krippendorffAlpha(a, { level: "ordinal" }).value).toBeCloseTo(0.815388, 6);
    expect(krippendorffAlpha(a, { level: "interval" }).value).toBeCloseTo(0.849107, 6);
    expect(krippendorffAlpha(a, { level: "ratio" }).value).toBeCloseTo(0.797403, 6);
    const r = krippendorffAlpha(a);
    expect(r.units).toBe(11); // unit 12 has one value and drops out
    expect(r.pairableValues).toBe(40);
    // Krippendorff 2011, example C's coincidence matrix (values 1 … 5; our classes appear in the order 1, 2, 3, 4, 5).
    expect(a.classes).toEqual(["1", "2", "3", "4", "5"]);
    const o = coincidenceMatrix(a);
    const third = (x: number) => Math.round(x * 3) / 3;
    expect(Array.from(o.data, third)).toEqual(
      [
        [7, 4 / 3, 1 / 3, 1 / 3, 0],
        [4 / 3, 10, 4 / 3, 1 / 3, 0],
        [1 / 3, 4 / 3, 8, 1 / 3, 0],
        [1 / 3, 1 / 3, 1 / 3, 4, 0],
        [0, 0, 0, 0, 3],
      ]
        .flat()
        .map(third),
    );
  });

  it("Krippendorff 2011 example A and the long-format examples", () => {
    const a = matrixOf(["0100000010", "1110010000"]);
    expect(krippendorffAlpha(a).value).toBeCloseTo(0.095238, 6);
    const xy: [string, string, string][] = [
      ["X", "A", "Yes"],
      ["X", "B", "Yes"],
      ["Y", "A", "No"],
      ["Y", "B", "No"],
    ];
    expect(krippendorffAlpha(encodeAnnotations(xy)).value).toBe(1);
    const xyz = encodeAnnotations([...xy, ["Z", "A", "Yes"], ["Z", "B", "No"]]);
    expect(krippendorffAlpha(xyz).value).toBeCloseTo(0.444444, 6);
  });

  it("Fleiss' κ, Wikipedia example, and statsmodels' count tables", () => {
    const wiki = countsFromTable([
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ]);
    const f = fleissKappa(wiki);
    expect(f.observed).toBeCloseTo(0.378022, 6);
    expect(f.expected).toBeCloseTo(0.212755, 6);
    expect(f.value).toBeCloseTo(0.209931, 6);
    // Null SE (Fleiss, Nee & Landis 1979) and Gwet's SE, by hand in reference/agreement.py ("wiki").
    expect(f.se0).toBeCloseTo(0.0169650692244, 10);
    expect(f.se).toBeCloseTo(0.092371111606, 10);
    expect(
      fleissKappa(
        countsFromTable([
          [7, 1],
          [3, 5],
        ]),
      ).value,
    ).toBeCloseTo(0.161905, 6);
    expect(
      fleissKappa(
        countsFromTable([
          [6, 1, 0],
          [0, 7, 0],
        ]),
      ).value,
    ).toBeCloseTo(0.708333, 6);
    expect(
      fleissKappa(
        countsFromTable([
          [7, 0],
          [0, 7],
        ]),
      ).value,
    ).toBe(1);
  });

  it("Cohen's κ, Scott's π and Gwet's AC1 on two-rater tables", () => {
    const t = [
      [20, 5],
      [10, 15],
    ];
    const k = cohenKappa(fromRows(t));
    expect(k.value).toBeCloseTo(0.4, 6);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(scottPi(fromRows(t)).value).toBeCloseTo(0.393939, 6);
    expect(gwetAc1(pairFromTable(t)).value).toBeCloseTo(0.405941, 6);
    expect(
      cohenKappa(
        fromRows([
          [45, 15],
          [25, 15],
        ]),
      ).value,
    ).toBeCloseTo(0.130435, 6);
    expect(
      cohenKappa(
        fromRows([
          [25, 35],
          [5, 35],
        ]),
      ).value,
    ).toBeCloseTo(0.259259, 6);
  });

  it("the SAS example: κ, ASE, 95% CI and weighted κ", () => {
    const sas = fromRows([
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ]);
    const k = cohenKappa(sas);
    expect(k.value).toBeCloseTo(0.484163, 6);
    expect(k.se).toBeCloseTo(0.138, 4);
    expect(k.ci[0]).toBeCloseTo(0.2137, 4);
    expect(k.ci[1]).toBeCloseTo(0.7547, 4);
    const lin = cohenKappa(sas, { weights: "linear" });
    expect(lin.value).toBeCloseTo(0.47012, 6);
    expect(lin.se).toBeCloseTo(0.1457, 4); // SAS's weighted ASE, quoted in statsmodels' inter_rater.py
    expect(cohenKappa(sas, { weights: "quadratic" }).value).toBeCloseTo(0.450161, 6);
  });
});

describe("irrCAC 1.0 vignette (Gwet, 'Calculating Chance-corrected Agreement Coefficients', 2019)", () => {
  it("raw ratings with missing values (cac.raw4raters): every coefficient and its standard error", () => {
    const a = matrixOf(RAW4RATERS);
    const pa = percentAgreement(a);
    expect(pa.value).toBeCloseTo(0.8181818, 7);
    expect(pa.se).toBeCloseTo(0.12561, 5);
    const ac1 = gwetAc1(a);
    expect(ac1.expected).toBeCloseTo(0.1903212, 7);
    expect(ac1.value).toBeCloseTo(0.77544, 5);
    expect(ac1.se).toBeCloseTo(0.14295, 5);
    const f = fleissKappa(a);
    expect(f.expected).toBeCloseTo(0.2387153, 7);
    expect(f.value).toBeCloseTo(0.76117, 5);
    expect(f.se).toBeCloseTo(0.15302, 5);
    expect(krippendorffAlpha(a).value).toBeCloseTo(0.74342, 5);
    const c = congerKappa(a);
    expect(c.expected).toBeCloseTo(0.2334252, 7);
    expect(c.value).toBeCloseTo(0.76282, 5);
    const bp = brennanPrediger(a);
    expect(bp.value).toBeCloseTo(0.77273, 5);
    expect(bp.se).toBeCloseTo(0.14472, 5);
  });

  it("a distribution of raters by subject and category (distrib.6raters)", () => {
    const d = countsFromTable([
      [0, 0, 0, 6, 0],
      [0, 3, 0, 0, 3],
      [0, 1, 4, 0, 1],
      [0, 0, 0, 0, 6],
      [0, 3, 0, 3, 0],
      [2, 0, 4, 0, 0],
      [0, 0, 4, 0, 2],
      [2, 0, 3, 1, 0],
      [2, 0, 0, 4, 0],
      [0, 0, 0, 0, 6],
      [1, 0, 0, 5, 0],
      [1, 1, 0, 4, 0],
      [0, 3, 3, 0, 0],
      [1, 0, 0, 5, 0],
      [0, 2, 0, 3, 1],
    ]);
    const ac1 = gwetAc1(d);
    expect(ac1.value).toBeCloseTo(0.4448007, 7);
    expect(ac1.se).toBeCloseTo(0.08418757, 8);
    expect(ac1.observed).toBeCloseTo(0.5511111, 7);
    expect(ac1.expected).toBeCloseTo(0.1914815, 7);
    const f = fleissKappa(d);
    expect(f.value).toBeCloseTo(0.4139265, 7);
    expect(f.se).toBeCloseTo(0.08119291, 8);
    expect(f.expected).toBeCloseTo(0.2340741, 7);
    expect(krippendorffAlpha(d).value).toBeCloseTo(0.4204384, 7);
    const bp = brennanPrediger(d);
    expect(bp.value).toBeCloseTo(0.4388889, 7);
    expect(bp.se).toBeCloseTo(0.08312142, 8);
  });

  it("a two-rater contingency table (cont3x3abstractors)", () => {
    const t = [
      [13, 0, 0],
      [0, 20, 7],
      [0, 4, 56],
    ];
    const k = cohenKappa(fromRows(t));
    expect(k.value).toBeCloseTo(0.7964094, 7);
    expect(k.se).toBeCloseTo(0.05891072, 8);
    const s = scottPi(fromRows(t));
    expect(s.value).toBeCloseTo(0.7962397, 7);
    expect(s.se).toBeCloseTo(0.05905473, 8);
    const a = pairFromTable(t);
    expect(krippendorffAlpha(a).value).toBeCloseTo(0.7972585, 7);
    // irrCAC's two-rater table functions divide the variance by n² where the raw-ratings (multi-rater) ones, which
    // vox uses for every multi-rater coefficient, divide by n(n − 1): the published SE is ours × √((n − 1)/n), n = 100.
    const shrink = Math.sqrt(99 / 100);
    const ac1 = gwetAc1(a);
    expect(ac1.value).toBeCloseTo(0.8493305, 7);
    expect(ac1.se * shrink).toBeCloseTo(0.04321747, 8);
    const bp = brennanPrediger(a);
    expect(bp.value).toBeCloseTo(0.835, 7);
    expect(bp.se * shrink).toBeCloseTo(0.04693346, 8);
    const pa = percentAgreement(a);
    expect(pa.value).toBeCloseTo(0.89, 7);
    expect(pa.se * shrink).toBeCloseTo(0.03128898, 8);
  });
});

// Reference runs: /usr/bin/python3 reference/agreement.py (statsmodels 0.13.5, nltk 3.8, sklearn 1.2.1, numpy 1.24.2).
describe("reference runs (reference/agreement.py)", () => {
  it("nltk's alpha with each level's difference function on example C", () => {
    const a = matrixOf(EXAMPLE_C);
    expect(krippendorffAlpha(a, { level: "nominal" }).value).toBeCloseTo(0.743421052632, 11);
    expect(krippendorffAlpha(a, { level: "ordinal" }).value).toBeCloseTo(0.815387503755, 11);
    expect(krippendorffAlpha(a, { level: "interval" }).value).toBeCloseTo(0.849107142857, 11);
    expect(krippendorffAlpha(a, { level: "ratio" }).value).toBeCloseTo(0.797402774712, 11);
  });

  it("Gwet-family coefficients with missing ratings and weights on example C (by hand from Gwet 2014)", () => {
    const a = matrixOf(EXAMPLE_C);
    const expected = {
      none: {
        percent: [0.818181818182, 0.125608959947],
        fleiss: [0.761169275422, 0.153019203469],
        gwet: [0.775444068127, 0.142949950641],
        bp: [0.772727272727, 0.144716619899],
        conger: [0.762066893651],
      },
      linear: {
        percent: [0.939393939394, 0.0936791026411],
        fleiss: [0.817944767097, 0.148504355499],
        gwet: [0.858739136433, 0.117329021881],
        bp: [0.848484848485, 0.123356124494],
        conger: [0.813137032843],
      },
      quadratic: {
        percent: [0.975378787879, 0.0906162783195],
        fleiss: [0.864935064935, 0.146033610757],
        gwet: [0.914000723552, 0.103962244645],
        bp: [0.901515151515, 0.110894374974],
        conger: [0.857168224092],
      },
    } as const;
    for (const weights of ["none", "linear", "quadratic"] as const) {
      const e = expected[weights];
      const results = {
        percent: percentAgreement(a, { weights }),
        fleiss: fleissKappa(a, { weights }),
        gwet: gwetAc1(a, { weights }),
        bp: brennanPrediger(a, { weights }),
        conger: congerKappa(a, { weights }),
      };
      for (const name of ["percent", "fleiss", "gwet", "bp", "conger"] as const) {
        const [value, se] = e[name] as readonly number[];
        expect(results[name].value, `${name} ${weights}`).toBeCloseTo(value!, 10);
        if (se !== undefined) expect(results[name].se, `${name} ${weights} se`).toBeCloseTo(se, 10);
      }
    }
  });

  it("multi-rater coefficients on a complete design match statsmodels and nltk", () => {
    const complete = ["aabcbaccabbacbab", "abbcbacbabbacbcb", "aabcaaccacbacbab", "babcbbccabbbcaab"];
    const a = matrixOf(complete);
    const f = fleissKappa(a);
    expect(f.value).toBeCloseTo(0.571747211896, 11); // statsmodels fleiss_kappa(method="fleiss"), nltk pi()
    expect(f.se).toBeCloseTo(0.101316077996, 11); // Gwet's SE by hand
    expect(f.se0).toBeCloseTo(0.0727029983327, 11); // FNL 1979 by hand
    expect(brennanPrediger(a).value).toBeCloseTo(0.578125, 11); // statsmodels method="randolph", nltk S()
    expect(percentAgreement(a).value).toBeCloseTo(0.71875, 11); // nltk avg_Ao()
    expect(congerKappa(a).value).toBeCloseTo(0.575638506876, 11); // nltk multi_kappa() (Davies & Fleiss 1982)
    expect(krippendorffAlpha(a).value).toBeCloseTo(0.57843866171, 10); // nltk alpha()
    expect(gwetAc1(a).value).toBeCloseTo(0.581243184297, 11);
    expect(gwetAc1(a).se).toBeCloseTo(0.0944720142819, 11);
    const pw = pairwiseKappa(a, { minShared: 1 });
    expect(pw.mean).toBeCloseTo(0.574183006536, 11); // nltk kappa(): mean of pairwise Cohen
    const sklearnPairs = [
      0.714285714286, 0.811764705882, 0.619047619048, 0.545454545455, 0.3, 0.454545454545,
    ];
    expect(Array.from(pw.value).map((v) => Number(v.toFixed(12)))).toEqual(sklearnPairs);
  });

  it("weighted Cohen's κ with standard errors matches sklearn and statsmodels", () => {
    const a = matrixOf(["12345432112345543211", "12335442212355543311"]);
    const expected = {
      none: {
        kappa: 0.6875,
        se: 0.120089395921,
        se0: 0.111102430216,
        scott: 0.686520376176,
        scottSe: 0.124357946396,
      },
      linear: {
        kappa: 0.842271293375,
        se: 0.0655606462847,
        se0: 0.151959146363,
        scott: 0.841897233202,
        scottSe: 0.0677174045114,
      },
      quadratic: {
        kappa: 0.936386768448,
        se: 0.0294183559544,
        se0: 0.222325468573,
        scott: 0.93620414673,
        scottSe: 0.0304126959054,
      },
    } as const;
    for (const weights of ["none", "linear", "quadratic"] as const) {
      const e = expected[weights];
      const k = cohenKappa(a, { weights });
      expect(k.value, weights).toBeCloseTo(e.kappa, 11);
      expect(k.se, weights).toBeCloseTo(e.se, 11);
      expect(k.se0, weights).toBeCloseTo(e.se0, 11);
      const s = scottPi(a, { weights });
      expect(s.value, weights).toBeCloseTo(e.scott, 11);
      // The reference computes the multi-rater (n(n − 1)) form; scottPi uses the two-rater n² divisor (n = 20).
      expect(s.se * Math.sqrt(20 / 19), weights).toBeCloseTo(e.scottSe, 11);
    }
  });

  it("statsmodels' null and weighted standard errors on the SAS table", () => {
    const sas = fromRows([
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ]);
    const k = cohenKappa(sas);
    expect(k.se).toBeCloseTo(0.138013578306, 11);
    expect(k.se0).toBeCloseTo(0.14839828189, 10);
    const lin = cohenKappa(sas, { weights: "linear" });
    expect(lin.se).toBeCloseTo(0.145746045142, 11);
    expect(lin.se0).toBeCloseTo(0.142585077625, 11);
    const quad = cohenKappa(sas, { weights: "quadratic" });
    expect(quad.se).toBeCloseTo(0.192232663357, 11);
    expect(quad.se0).toBeCloseTo(0.187919468304, 11);
  });
});
