// Every file in ../shared/data/crowd must read as-is (issue: foundation). Counts are from that folder's README.
import { readFileSync } from "node:fs";
import { summarizeAnnotations } from "@vox/core";
import { describe, expect, it } from "vitest";
import { sharedData, skipWithoutShared, tempDir, writeTemp } from "../../../test-support/index.js";
import { readAnnotations } from "./annotations.js";
import { readGold } from "./gold.js";
import { readPairwise } from "./pairwise.js";

const crowd = (...p: string[]) => sharedData("crowd", ...p);

describe.skipIf(skipWithoutShared())("shared crowd datasets", () => {
  const dir = tempDir();

  it.each([
    // items, raters, judgments and classes per ../shared/data/crowd/README.md
    {
      answers: "zheng_d_product/answer.csv",
      truth: "zheng_d_product/truth.csv",
      items: 8315,
      raters: 176,
      judgments: 24945,
      classes: 2,
    },
    {
      answers: "zheng_d_possent/answer.csv",
      truth: "zheng_d_possent/truth.csv",
      items: 1000,
      raters: 85,
      judgments: 20000,
      classes: 2,
    },
    {
      answers: "zheng_n_emotion/answer.csv",
      truth: "zheng_n_emotion/truth.csv",
      items: 700,
      raters: 38,
      judgments: 7000,
    },
    {
      answers: "snow_rte/rte.standardized.tsv",
      truth: "snow_rte/rte.standardized.tsv",
      items: 800,
      raters: 164,
      judgments: 8000,
      classes: 2,
    },
    {
      answers: "snow_temp/temp.standardized.tsv",
      truth: "snow_temp/temp.standardized.tsv",
      items: 462,
      raters: 76,
      judgments: 4620,
      classes: 2,
    },
    {
      answers: "snow_wsd/wsd.standardized.tsv",
      truth: "snow_wsd/wsd.standardized.tsv",
      items: 177,
      raters: 34,
      judgments: 1770,
      classes: 3,
    },
    { answers: "crowdkit_toy/answer.csv", truth: "crowdkit_toy/truth.csv", items: 5, classes: 2 },
    { answers: "crowdkit_simple/answer.csv", truth: "crowdkit_simple/truth.csv", items: 10, classes: 3 },
  ] as {
    answers: string;
    truth: string;
    items: number;
    raters?: number;
    judgments?: number;
    classes?: number;
  }[])("reads $answers and its gold", async ({ answers, truth, items, raters, judgments, classes }) => {
    const r = await readAnnotations(crowd(answers));
    const s = summarizeAnnotations(r.annotations);
    expect(s.items).toBe(items);
    if (raters !== undefined) expect(s.raters).toBe(raters);
    if (judgments !== undefined) expect(s.judgments).toBe(judgments);
    if (classes !== undefined) expect(s.classes.length).toBe(classes);
    expect(r.dropped).toBe(0);
    const gold = await readGold(crowd(truth));
    expect(gold.pairs.length).toBeGreaterThan(0);
    const known = new Set(r.annotations.items);
    expect(gold.pairs.filter(([item]) => known.has(item)).length).toBeGreaterThan(0);
  });

  it("reads the Snow files' embedded gold column", async () => {
    const r = await readAnnotations(crowd("snow_rte/rte.standardized.tsv"));
    expect(r.columns).toMatchObject({
      item: "orig_id",
      rater: "!amt_worker_ids",
      label: "response",
      gold: "gold",
    });
    expect(r.gold?.length).toBe(800);
  });

  it("reads the CR-only qualification truth and the CRLF qualification answers", async () => {
    const gold = await readGold(crowd("zheng_d_possent/quali_truth.csv"));
    expect(gold.columns).toEqual({ item: "q", label: "truth" });
    expect(gold.pairs.length).toBe(20);
    expect(gold.pairs[0]).toEqual(["2000", "0"]);
    const quali = await readAnnotations(crowd("zheng_d_possent/quali.csv"));
    expect(quali.annotations.items.every((i) => /^20\d\d$/.test(i))).toBe(true);
  });

  it("reads crowd-kit's Bradley–Terry test data (rows worker, task, left, right, label)", async () => {
    const fixtures = JSON.parse(readFileSync(crowd("crowdkit_fixture_outputs.json"), "utf8")) as {
      pairwise: Record<string, { rows: string[][] }>;
    };
    const expected: Record<string, { left: number; right: number; tie: number }> = {
      data_abc: { left: 2, right: 1, tie: 0 }, // a>b, b>c, then a beats c from the right
      data_equal: { left: 3, right: 0, tie: 0 }, // a>b, b>c, c>a
    };
    for (const [name, data] of Object.entries(fixtures.pairwise)) {
      const p = writeTemp(
        dir,
        `${name}.csv`,
        `worker,task,left,right,label\n${data.rows.map((r) => r.join(",")).join("\n")}\n`,
      );
      const r = await readPairwise(p);
      expect(r.columns).toEqual({ rater: "worker", left: "left", right: "right", label: "label" });
      expect(r.counts).toEqual(expected[name]);
      expect(r.comparisons.items).toEqual(["a", "b", "c"]);
    }
  });
});
