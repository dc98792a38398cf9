import { describe, expect, it } from "vitest";
import { type Annotations, encodeAnnotations, selectJudgments } from "../data/annotations.js";
import { parseNumber } from "../data/numeric.js";
import { createRng } from "../random/rng.js";
import { simulateCrowd } from "../simulate/simulateCrowd.js";
import {
  BootstrapRunner,
  bootstrapStatistics,
  brennanPrediger,
  brennanPredigerStatistic,
  categoryCounts,
  cohenKappa,
  cohenKappaStatistic,
  congerKappa,
  congerKappaStatistic,
  countsFromTable,
  fleissKappa,
  fleissKappaStatistic,
  gwetAc1,
  gwetAc1Statistic,
  type ItemStatistic,
  krippendorffAlpha,
  krippendorffAlphaStatistic,
  type MeasurementLevel,
  pairwiseKappa,
  pairwiseKappaStatistic,
  percentAgreement,
  percentAgreementStatistic,
  scottPi,
  scottPiStatistic,
} from "./index.js";

/** A seeded crowd with missing ratings: 8 raters, 3–4 per item, some items judged once. */
function crowd(seed: number, classes = 4): Annotations {
  const sim = simulateCrowd({ items: 150, raters: 8, classes, overlap: 4, seed, spammerShare: 0.25 });
  const rng = createRng(seed + 1);
  const keep = new Uint8Array(sim.annotations.item.length).map(() => (rng.float() < 0.8 ? 1 : 0));
  return selectJudgments(sim.annotations, keep);
}

/** The same judgments with items, raters and classes renamed through random permutations and rows shuffled. */
function permuted(a: Annotations, seed: number, options: { classes?: boolean } = {}): Annotations {
  const rng = createRng(seed);
  const itemPerm = rng.permutation(a.items.length);
  const raterPerm = rng.permutation(a.raters.length);
  const classPerm = options.classes ? rng.permutation(a.classes.length) : null;
  const order = rng.permutation(a.item.length);
  const rows: [string, string, string][] = [];
  for (const j of order) {
    rows.push([
      `item${itemPerm[a.item[j]!]}`,
      `rater${raterPerm[a.rater[j]!]}`,
      classPerm ? `class${classPerm[a.label[j]!]}` : a.classes[a.label[j]!]!,
    ]);
  }
  // Keep the class table complete and, without class permutation, in the same order.
  const classOrder = classPerm ? a.classes.map((_, c) => `class${classPerm[c]}`) : [...a.classes];
  return encodeAnnotations(rows, { classOrder });
}

/** Every multi-rater coefficient of a dataset, by name. */
function allMulti(a: Annotations, weights: "none" | "linear" = "none"): Record<string, number> {
  return {
    percent: percentAgreement(a, { weights }).value,
    fleiss: fleissKappa(a, { weights }).value,
    gwet: gwetAc1(a, { weights }).value,
    bp: brennanPrediger(a, { weights }).value,
    conger: congerKappa(a, { weights }).value,
    alpha: krippendorffAlpha(a).value,
    pairwise: pairwiseKappa(a, { minShared: 1, weights }).mean,
  };
}

/** Krippendorff's α straight from its definition: every ordered pair of values within and across units. O(n²). */
function bruteAlpha(a: Annotations, level: MeasurementLevel): number {
  const byUnit = new Map<number, number[]>();
  for (let j = 0; j < a.item.length; j++) {
    const list = byUnit.get(a.item[j]!) ?? [];
    list.push(parseNumber(a.classes[a.label[j]!]!));
    byUnit.set(a.item[j]!, list);
  }
  const units = [...byUnit.values()].filter((v) => v.length >= 2);
  const all = units.flat();
  const freq = new Map<number, number>();
  for (const v of all) freq.set(v, (freq.get(v) ?? 0) + 1);
  const delta = (c: number, k: number): number => {
    switch (level) {
      case "nominal":
        return c === k ? 0 : 1;
      case "interval":
        return (c - k) ** 2;
      case "ratio":
        return c + k === 0 ? 0 : ((c - k) / (c + k)) ** 2;
      case "ordinal": {
        const lo = Math.min(c, k);
        const hi = Math.max(c, k);
        let s = 0;
        for (const [g, n] of freq) if (g >= lo && g <= hi) s += n;
        return (s - (freq.get(c)! + freq.get(k)!) / 2) ** 2;
      }
    }
  };
  let dO = 0;
  for (const u of units) {
    for (let x = 0; x < u.length; x++)
      for (let y = 0; y < u.length; y++) if (x !== y) dO += delta(u[x]!, u[y]!) / (u.length - 1);
  }
  let dE = 0;
  for (let x = 0; x < all.length; x++)
    for (let y = 0; y < all.length; y++) if (x !== y) dE += delta(all[x]!, all[y]!);
  const n = all.length;
  return 1 - dO / n / (dE / (n * (n - 1)));
}

describe("invariants on seeded random crowds", () => {
  it("Cohen's κ and Scott's π are symmetric in the two raters, weighted or not", () => {
    for (const seed of [1, 2, 3]) {
      const a = crowd(seed);
      for (const weights of ["none", "linear", "quadratic"] as const) {
        const ab = cohenKappa(a, { raters: [0, 1], weights });
        const ba = cohenKappa(a, { raters: [1, 0], weights });
        expect(ab.value).toBeCloseTo(ba.value, 12);
        expect(ab.se).toBeCloseTo(ba.se, 12);
        expect(scottPi(a, { raters: [0, 1], weights }).value).toBeCloseTo(
          scottPi(a, { raters: [1, 0], weights }).value,
          12,
        );
      }
    }
  });

  it("nothing changes when items, raters and rows are permuted", () => {
    for (const seed of [4, 5]) {
      const a = crowd(seed);
      const b = permuted(a, seed + 100);
      for (const weights of ["none", "linear"] as const) {
        const x = allMulti(a, weights);
        const y = allMulti(b, weights);
        for (const k of Object.keys(x)) expect(y[k], k).toBeCloseTo(x[k]!, 10);
      }
      for (const level of ["ordinal", "interval"] as const) {
        const num = crowdNumeric(seed);
        const numP = permuted(num, seed + 7);
        expect(krippendorffAlpha(numP, { level }).value).toBeCloseTo(
          krippendorffAlpha(num, { level }).value,
          10,
        );
      }
    }
  });

  it("nominal coefficients do not depend on class names or codes", () => {
    const a = crowd(6);
    const b = permuted(a, 60, { classes: true });
    const x = allMulti(a);
    const y = allMulti(b);
    for (const k of Object.keys(x)) expect(y[k], k).toBeCloseTo(x[k]!, 10);
    // Relabel class codes in place (same items and raters) for the two-rater coefficients.
    const perm = createRng(61).permutation(a.classes.length);
    const names = new Array<string>(a.classes.length);
    a.classes.forEach((name, c) => {
      names[perm[c]!] = name;
    });
    const relabeled = { ...a, classes: names, label: a.label.map((c) => perm[c]!) };
    for (const f of [cohenKappa, scottPi]) {
      expect(f(relabeled, { raters: [0, 1] }).value).toBeCloseTo(f(a, { raters: [0, 1] }).value, 12);
    }
  });

  it("raters who always agree score 1 on every coefficient and level", () => {
    const rows: [string, string, string][] = [];
    const rng = createRng(9);
    for (let i = 0; i < 60; i++) {
      const v = String(1 + rng.int(5));
      for (let r = 0; r < 2 + rng.int(3); r++) rows.push([`i${i}`, `r${r}`, v]);
    }
    const a = encodeAnnotations(rows);
    for (const v of Object.values(allMulti(a))) expect(v).toBe(1);
    for (const weights of ["linear", "quadratic"] as const) {
      expect(fleissKappa(a, { weights }).value).toBeCloseTo(1, 12);
      expect(gwetAc1(a, { weights }).value).toBeCloseTo(1, 12);
    }
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      expect(krippendorffAlpha(a, { level }).value).toBe(1);
    }
    expect(cohenKappa(a, { raters: ["r0", "r1"] }).value).toBe(1);
    expect(scottPi(a, { raters: ["r0", "r1"] }).value).toBe(1);
  });

  it("Conger's κ equals Cohen's κ for two raters on complete data; Scott's π equals Fleiss' κ on them", () => {
    const sim = simulateCrowd({ items: 80, raters: 2, overlap: 2, classes: 4, seed: 11 });
    const a = sim.annotations;
    for (const weights of ["none", "linear", "quadratic"] as const) {
      expect(congerKappa(a, { weights }).value).toBeCloseTo(cohenKappa(a, { weights }).value, 12);
      expect(fleissKappa(a, { weights }).value).toBeCloseTo(scottPi(a, { weights }).value, 12);
    }
    expect(pairwiseKappa(a, { minShared: 1 }).mean).toBeCloseTo(cohenKappa(a).value, 12);
  });

  it("Krippendorff's α matches a brute-force pairwise computation at every level, with missing values", () => {
    for (const seed of [12, 13]) {
      const a = crowdNumeric(seed);
      for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
        expect(krippendorffAlpha(a, { level }).value, level).toBeCloseTo(bruteAlpha(a, level), 10);
      }
    }
  });

  it("the item-order and rater-by-rater pairwise paths agree, repeated judgments included", () => {
    const a = crowd(17);
    // Repeat some judgments by the same rater (a keep-all file): both paths count every combination.
    const extra = Uint8Array.from({ length: a.item.length }, (_, j) => (j % 7 === 0 ? 2 : 1));
    const rows: [string, string, string][] = [];
    for (let j = 0; j < a.item.length; j++) {
      for (let k = 0; k < extra[j]!; k++)
        rows.push([
          a.items[a.item[j]!]!,
          a.raters[a.rater[j]!]!,
          a.classes[(a.label[j]! + k) % a.classes.length]!,
        ]);
    }
    const b = encodeAnnotations(rows);
    for (const metric of ["cohen", "scott"] as const) {
      const dense = pairwiseKappa(b, { metric, minShared: 3, weights: "linear" });
      const byRater = pairwiseKappa(b, { metric, minShared: 3, weights: "linear", path: "rater" });
      expect(Array.from(dense.first)).toEqual(Array.from(byRater.first));
      expect(Array.from(dense.second)).toEqual(Array.from(byRater.second));
      expect(Array.from(dense.shared)).toEqual(Array.from(byRater.shared));
      for (let p = 0; p < dense.value.length; p++) expect(dense.value[p]).toBeCloseTo(byRater.value[p]!, 12);
      expect(dense.mean).toBeCloseTo(byRater.mean, 12);
      const w = Float64Array.from({ length: b.items.length }, (_, i) => i % 3);
      expect(pairwiseKappaStatistic(b, { metric, minShared: 3 }).evaluate(w)).toBeCloseTo(
        pairwiseKappaStatistic(b, { metric, minShared: 3, path: "rater" }).evaluate(w),
        12,
      );
    }
  });

  it("counts from judgments and from a count table give the same coefficients", () => {
    const a = crowd(14);
    const c = categoryCounts(a);
    const dense = Array.from({ length: a.items.length }, () => new Array<number>(a.classes.length).fill(0));
    for (let j = 0; j < a.item.length; j++) dense[a.item[j]!]![a.label[j]!]!++;
    const t = countsFromTable(dense, a.classes);
    expect(Array.from(t.total)).toEqual(Array.from(c.total));
    for (const f of [fleissKappa, gwetAc1, brennanPrediger, percentAgreement, krippendorffAlpha]) {
      expect(f(t).value).toBeCloseTo(f(a).value, 12);
    }
  });

  it("items with a single judgment do not change α or percent agreement", () => {
    const a = crowd(15);
    const extra: [string, string, string][] = [];
    for (let j = 0; j < a.item.length; j++) {
      extra.push([a.items[a.item[j]!]!, a.raters[a.rater[j]!]!, a.classes[a.label[j]!]!]);
    }
    for (let i = 0; i < 40; i++) extra.push([`lonely${i}`, "r0", a.classes[i % a.classes.length]!]);
    const b = encodeAnnotations(extra, { classOrder: [...a.classes] });
    expect(krippendorffAlpha(b).value).toBeCloseTo(krippendorffAlpha(a).value, 12);
    expect(percentAgreement(b).value).toBeCloseTo(percentAgreement(a).value, 12);
    expect(krippendorffAlpha(b).units).toBe(krippendorffAlpha(a).units);
  });

  it("an identity weight matrix gives the unweighted coefficients", () => {
    const a = crowd(16);
    const q = a.classes.length;
    const eye = {
      rows: q,
      cols: q,
      data: new Float64Array(q * q).map((_, i) => (i % (q + 1) === 0 ? 1 : 0)),
    };
    expect(fleissKappa(a, { weights: eye }).value).toBeCloseTo(fleissKappa(a).value, 12);
    expect(gwetAc1(a, { weights: eye }).se).toBeCloseTo(gwetAc1(a).se, 12);
    expect(cohenKappa(a, { raters: [0, 1], weights: eye }).se).toBeCloseTo(
      cohenKappa(a, { raters: [0, 1] }).se,
      12,
    );
  });
});

/** A seeded crowd whose classes are numbers 0 … 6 (ordinal and interval data) with missing ratings. */
function crowdNumeric(seed: number): Annotations {
  const a = crowd(seed, 7);
  return { ...a, classes: a.classes.map((c) => String(Number(c.slice(1)) * (c === "c0" ? 1 : 1.5))) };
}

describe("bootstrap", () => {
  const a = crowd(20);
  const statistics: [string, ItemStatistic, number][] = [
    ["percent", percentAgreementStatistic(a), percentAgreement(a).value],
    ["fleiss", fleissKappaStatistic(a), fleissKappa(a).value],
    ["gwet", gwetAc1Statistic(a, { weights: "quadratic" }), gwetAc1(a, { weights: "quadratic" }).value],
    ["bp", brennanPredigerStatistic(a), brennanPrediger(a).value],
    ["conger", congerKappaStatistic(a), congerKappa(a).value],
    ["alpha", krippendorffAlphaStatistic(a), krippendorffAlpha(a).value],
    [
      "alpha ordinal",
      krippendorffAlphaStatistic(crowdNumeric(20), { level: "ordinal" }),
      krippendorffAlpha(crowdNumeric(20), { level: "ordinal" }).value,
    ],
    ["cohen", cohenKappaStatistic(a, { raters: [0, 1] }), cohenKappa(a, { raters: [0, 1] }).value],
    ["scott", scottPiStatistic(a, { raters: [0, 1] }), scottPi(a, { raters: [0, 1] }).value],
    ["pairwise", pairwiseKappaStatistic(a, { minShared: 5 }), pairwiseKappa(a, { minShared: 5 }).mean],
  ];

  it("each statistic reproduces its coefficient with unit weights and doubles cleanly", () => {
    for (const [name, s, value] of statistics) {
      expect(s.units, name).toBe(a.items.length);
      expect(s.value, name).toBeCloseTo(value, 12);
      expect(s.evaluate(new Float64Array(s.units).fill(1)), name).toBeCloseTo(value, 12);
      // Counting every item twice leaves the ratio-of-sums coefficients unchanged (not α, whose (n − 1) factor is a
      // small-sample correction, nor the pairwise mean, whose pair set is fixed).
      if (name !== "pairwise" && !name.startsWith("alpha"))
        expect(s.evaluate(new Float64Array(s.units).fill(2)), name).toBeCloseTo(value, 10);
    }
  });

  it("is reproducible per seed, independent of chunking and of the other statistics", () => {
    const all = statistics.map(([, s]) => s);
    const one = bootstrapStatistics(all, { replicates: 200, seed: 3 });
    const again = bootstrapStatistics(all, { replicates: 200, seed: 3 });
    expect(again).toEqual(one);
    const alone = bootstrapStatistics([all[1]!], { replicates: 200, seed: 3 });
    expect(alone[0]).toEqual(one[1]);
    const runner = new BootstrapRunner(all, 3);
    runner.step(70);
    runner.step(130);
    expect(runner.completed).toBe(200);
    expect(runner.result(1)).toEqual(one[1]);
    const other = bootstrapStatistics(all, { replicates: 200, seed: 4 });
    expect(other[1]!.ci).not.toEqual(one[1]!.ci);
    for (const [k, r] of one.entries()) {
      expect(r.valid, statistics[k]![0]).toBe(200);
      expect(r.ci[0]).toBeLessThan(r.ci[1]);
    }
  });

  it("agrees with the analytic standard errors on a large crowd", () => {
    const big = simulateCrowd({ items: 3000, raters: 30, overlap: 4, classes: 3, seed: 21 }).annotations;
    for (const [name, f] of [
      ["fleiss", fleissKappa],
      ["gwet", gwetAc1],
      ["bp", brennanPrediger],
      ["percent", percentAgreement],
    ] as const) {
      const r = f(big, { bootstrap: 300, seed: 1 });
      expect(r.bootstrap!.se / r.se, name).toBeGreaterThan(0.8);
      expect(r.bootstrap!.se / r.se, name).toBeLessThan(1.25);
      expect(r.bootstrap!.ci[0]).toBeLessThan(r.value);
      expect(r.bootstrap!.ci[1]).toBeGreaterThan(r.value);
    }
    const two = simulateCrowd({ items: 3000, raters: 2, overlap: 2, classes: 3, seed: 22 }).annotations;
    const k = cohenKappa(two, { bootstrap: 300, seed: 1 });
    expect(k.bootstrap!.se / k.se).toBeGreaterThan(0.8);
    expect(k.bootstrap!.se / k.se).toBeLessThan(1.25);
  });
});
