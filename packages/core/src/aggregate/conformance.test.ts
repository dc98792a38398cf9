// One conformance suite that every categorical aggregator runs (the Hono habit: one shared test, known gaps listed
// next to their reason). Invariants on seeded simulated crowds plus the edge cases every method must survive.
import { describe, expect, it } from "vitest";
import type { Annotations } from "../data/annotations.js";
import { simulateCrowd } from "../simulate/simulateCrowd.js";
import { categoricalAggregators } from "./categoricalAggregators.js";
import type { AggregateResult, CategoricalAggregator, CategoricalOptions } from "./types.js";

type Check =
  | "posteriors sum to 1"
  | "objective never decreases"
  | "perfect raters give the truth"
  | "relabelling classes changes nothing"
  | "renumbering items changes nothing"
  | "reordering judgments changes nothing"
  | "one rater"
  | "one class"
  | "items with one judgment"
  | "items without judgments"
  | "no judgments at all"
  | "known labels are clamped"
  | "deterministic per seed";

/**
 * Digits to which the invariance checks compare posteriors. MACE starts from random parameters drawn per (rater,
 * class), so relabelling classes starts it elsewhere and it stops within its tolerance of the same optimum.
 */
const invarianceDigits: Record<string, number> = { mace: 3 };

/** Known gaps: checks a method skips, each with the reason. */
const gaps: Record<string, Partial<Record<Check, string>>> = {
  kos:
    // KOS's messages exclude the receiving edge, so an item judged by one rater gets no message at all.
    { "one rater": "an item with a single judgment gets no message (KOS excludes the receiving edge)" },
};

function crowd(seed: number, classes = 3): Annotations {
  return simulateCrowd({ items: 80, raters: 9, classes, overlap: 4, spammerShare: 0.2, seed }).annotations;
}

/** True when row i has a single largest posterior (so its hard label does not depend on tie-breaking). */
function decisive(r: AggregateResult, i: number): boolean {
  const { cols, data } = r.posteriors;
  const row = Array.from(data.subarray(i * cols, (i + 1) * cols)).sort((x, y) => y - x);
  return row.length < 2 || row[0]! - row[1]! > 1e-9;
}

function expectValidPosteriors(r: AggregateResult, items: number, classes: number): void {
  expect(r.posteriors.rows).toBe(items);
  expect(r.posteriors.cols).toBe(classes);
  expect(r.labels.length).toBe(items);
  for (let i = 0; i < items; i++) {
    let s = 0;
    for (let c = 0; c < classes; c++) {
      const p = r.posteriors.data[i * classes + c]!;
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1 + 1e-12);
      s += p;
    }
    expect(s).toBeCloseTo(1, 9);
    expect(r.labels[i]).toBeGreaterThanOrEqual(-1);
    expect(r.labels[i]).toBeLessThan(classes);
  }
}

/** Rewrites a dataset with class c renamed to perm[c] (codes and names move together). */
function relabelClasses(a: Annotations, perm: number[]): Annotations {
  const classes = new Array<string>(a.classes.length);
  a.classes.forEach((name, c) => {
    classes[perm[c]!] = name;
  });
  return { ...a, classes, label: a.label.map((c) => perm[c]!) };
}

/** Rewrites a dataset with item i renumbered perm[i]. */
function renumberItems(a: Annotations, perm: number[]): Annotations {
  const items = new Array<string>(a.items.length);
  a.items.forEach((name, i) => {
    items[perm[i]!] = name;
  });
  return { ...a, items, item: a.item.map((i) => perm[i]!) };
}

/** The same judgments in another row order. */
function reorderJudgments(a: Annotations, order: number[]): Annotations {
  return {
    ...a,
    item: Int32Array.from(order, (j) => a.item[j]!),
    rater: Int32Array.from(order, (j) => a.rater[j]!),
    label: Int32Array.from(order, (j) => a.label[j]!),
  };
}

function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Runs the shared checks against one aggregator. */
export function runAggregatorSuite(agg: CategoricalAggregator): void {
  const skip = gaps[agg.name] ?? {};
  const check = (name: Check, fn: () => void) => {
    const reason = skip[name];
    if (reason) it.skip(`${name} (known gap: ${reason})`, fn);
    else it(name, fn);
  };
  const K = agg.binaryOnly ? 2 : 3;
  const digits = invarianceDigits[agg.name] ?? 6;
  const withKnown = (a: Annotations, options: CategoricalOptions = {}): CategoricalOptions => {
    if (!agg.needsKnown) return options;
    const known = new Int32Array(a.items.length).fill(-1);
    // Gold for every fourth item, from the simulated truth when the caller did not give any.
    const truth = options.known;
    for (let i = 1; i < a.items.length; i += 4) known[i] = truth ? truth[i]! : 0;
    return { ...options, known };
  };
  const fit = (a: Annotations, options: CategoricalOptions = {}) => agg.fit(a, withKnown(a, options));

  describe(`${agg.title} (${agg.name})`, () => {
    check("posteriors sum to 1", () => {
      for (const seed of [1, 2, 3]) {
        const a = crowd(seed, K);
        expectValidPosteriors(fit(a), a.items.length, K);
      }
    });

    check("objective never decreases", () => {
      for (const seed of [4, 5, 6]) {
        const r = fit(crowd(seed, K), { tolerance: 0, maxIterations: 60 });
        const t = r.logLikelihood;
        if (!agg.monotone) return;
        expect(t.length).toBeGreaterThan(1);
        for (let k = 1; k < t.length; k++) expect(t[k]!).toBeGreaterThanOrEqual(t[k - 1]! - 1e-10);
      }
    });

    check("perfect raters give the truth", () => {
      const sim = simulateCrowd({
        items: 60,
        raters: 6,
        classes: K,
        overlap: 3,
        spammerShare: 0,
        accuracy: [1, 1],
        seed: 7,
      });
      const r = agg.fit(
        sim.annotations,
        agg.needsKnown ? { known: sim.truth.map((t, i) => (i % 4 ? -1 : t)) } : {},
      );
      expect(Array.from(r.labels)).toEqual(Array.from(sim.truth));
    });

    check("relabelling classes changes nothing", () => {
      const a = crowd(8, K);
      const perm = K === 2 ? [1, 0] : [2, 0, 1];
      const options = withKnown(a);
      const base = agg.fit(a, options);
      const known = options.known?.map((c) => (c < 0 ? c : perm[c]!));
      const moved = agg.fit(relabelClasses(a, perm), { ...options, known });
      for (let i = 0; i < a.items.length; i++) {
        for (let c = 0; c < K; c++) {
          expect(moved.posteriors.data[i * K + perm[c]!]).toBeCloseTo(
            base.posteriors.data[i * K + c]!,
            digits,
          );
        }
        if (decisive(base, i)) expect(moved.labels[i]).toBe(perm[base.labels[i]!]);
      }
    });

    check("renumbering items changes nothing", () => {
      const a = crowd(9, K);
      const perm = shuffled(a.items.length, 3);
      const options = withKnown(a);
      const base = agg.fit(a, options);
      let known: Int32Array | undefined;
      if (options.known) {
        known = new Int32Array(a.items.length);
        options.known.forEach((c, i) => {
          known![perm[i]!] = c;
        });
      }
      const moved = agg.fit(renumberItems(a, perm), { ...options, known });
      for (let i = 0; i < a.items.length; i++) {
        for (let c = 0; c < K; c++) {
          expect(moved.posteriors.data[perm[i]! * K + c]).toBeCloseTo(
            base.posteriors.data[i * K + c]!,
            digits,
          );
        }
        if (decisive(base, i)) expect(moved.labels[perm[i]!]).toBe(base.labels[i]);
      }
    });

    check("reordering judgments changes nothing", () => {
      const a = crowd(10, K);
      const base = fit(a);
      const moved = fit(reorderJudgments(a, shuffled(a.item.length, 5)));
      for (let x = 0; x < base.posteriors.data.length; x++) {
        expect(moved.posteriors.data[x]).toBeCloseTo(base.posteriors.data[x]!, digits);
      }
    });

    check("one rater", () => {
      const a: Annotations = {
        items: ["a", "b", "c", "d"],
        raters: ["solo"],
        classes: K === 2 ? ["x", "y"] : ["x", "y", "z"],
        item: Int32Array.of(0, 1, 2, 3),
        rater: Int32Array.of(0, 0, 0, 0),
        label: Int32Array.of(0, 1, 1, 0),
      };
      const r = agg.fit(a, agg.needsKnown ? { known: Int32Array.of(0, -1, -1, -1) } : {});
      expectValidPosteriors(r, 4, a.classes.length);
      expect(Array.from(r.labels)).toEqual([0, 1, 1, 0]);
    });

    check("one class", () => {
      const a: Annotations = {
        items: ["a", "b", "c"],
        raters: ["r1", "r2"],
        classes: ["only"],
        item: Int32Array.of(0, 0, 1, 2),
        rater: Int32Array.of(0, 1, 0, 1),
        label: Int32Array.of(0, 0, 0, 0),
      };
      const r = agg.fit(a, agg.needsKnown ? { known: Int32Array.of(0, -1, -1) } : {});
      expectValidPosteriors(r, 3, 1);
      expect(Array.from(r.labels)).toEqual([0, 0, 0]);
    });

    check("items with one judgment", () => {
      const sim = simulateCrowd({
        items: 40,
        raters: 5,
        classes: K,
        overlap: 3,
        spammerShare: 0,
        accuracy: [1, 1],
        seed: 11,
      });
      const a = sim.annotations;
      // Keep only the first judgment of every third item.
      const keep = new Uint8Array(a.item.length).fill(1);
      const seen = new Uint8Array(a.items.length);
      for (let j = 0; j < a.item.length; j++) {
        const i = a.item[j]!;
        if (i % 3 === 0 && seen[i]) keep[j] = 0;
        seen[i] = 1;
      }
      const b: Annotations = {
        ...a,
        item: a.item.filter((_, j) => keep[j]),
        rater: a.rater.filter((_, j) => keep[j]),
        label: a.label.filter((_, j) => keep[j]),
      };
      const r = agg.fit(b, agg.needsKnown ? { known: sim.truth.map((t, i) => (i % 4 === 1 ? t : -1)) } : {});
      expectValidPosteriors(r, a.items.length, K);
      expect(Array.from(r.labels)).toEqual(Array.from(sim.truth));
    });

    check("items without judgments", () => {
      const a = crowd(12, K);
      const b: Annotations = { ...a, items: [...a.items, "never-judged"] };
      const r = fit(b);
      expectValidPosteriors(r, b.items.length, K);
      expect(r.labels[b.items.length - 1]).toBe(-1);
    });

    check("no judgments at all", () => {
      const a: Annotations = {
        items: [],
        raters: [],
        classes: ["x", "y"],
        item: new Int32Array(0),
        rater: new Int32Array(0),
        label: new Int32Array(0),
      };
      if (agg.needsKnown) {
        expect(() => agg.fit(a, {})).toThrow(/known/);
        return;
      }
      const r = agg.fit(a, {});
      expect(r.posteriors.rows).toBe(0);
      expect(r.labels.length).toBe(0);
    });

    check("known labels are clamped", () => {
      const a = crowd(13, K);
      const known = new Int32Array(a.items.length).fill(-1);
      for (let i = 0; i < a.items.length; i += 5) known[i] = (i / 5) % K;
      const r = agg.fit(a, { known });
      for (let i = 0; i < a.items.length; i += 5) {
        expect(r.labels[i]).toBe(known[i]);
        expect(r.posteriors.data[i * K + known[i]!]).toBe(1);
      }
    });

    check("deterministic per seed", () => {
      const a = crowd(14, K);
      const x = fit(a, { seed: 5 });
      const y = fit(a, { seed: 5 });
      expect(Array.from(y.posteriors.data)).toEqual(Array.from(x.posteriors.data));
      expect(Array.from(y.labels)).toEqual(Array.from(x.labels));
    });
  });
}

describe("aggregator conformance", () => {
  for (const agg of categoricalAggregators) runAggregatorSuite(agg);
});
