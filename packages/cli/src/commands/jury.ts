import {
  type Annotations,
  createRng,
  disagreementDeconvolution,
  type JuryQuota,
  juryVerdicts,
  multiAnnotatorModel,
  raterProba,
  raterVotes,
  selectJudgments,
  selectRows,
} from "@vox/core";
import { openTable, readAnnotations, VoxIoError, writeTable } from "@vox/io";
import type { Command } from "commander";
import {
  type AnnotationCliOptions,
  addAnnotationOptions,
  annotationReadOptions,
} from "../annotationOptions.js";
import {
  type CliContext,
  choiceOption,
  fmt,
  intOption,
  log,
  numberOption,
  printJson,
  table,
  UsageError,
} from "../context.js";
import {
  checkAborted,
  type FeatureCliOptions,
  featureSpec,
  fitFeatures,
  loadData,
  rangeOption,
  savePipeline,
} from "../learning.js";

interface JuryCliOptions extends AnnotationCliOptions, Omit<FeatureCliOptions, "labelColumn"> {
  data: string;
  out: string;
  jury?: string;
  jurySize?: number;
  juries: number;
  pool?: string;
  groups?: string;
  composition?: string;
  verdict: "plurality" | "median";
  holdout: number;
  hidden: number;
  epochs: number;
  dropout: number;
  weightDecay: number;
  learningRate: number;
  modelOut?: string;
  seed: number;
  json?: boolean;
}

function names(list: string): string[] {
  return list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Reads a rater → group table (columns rater and group, by alias). */
async function readGroups(path: string, ctx: CliContext): Promise<Map<string, string>> {
  const table = await openTable(path, { progress: ctx.stderr, signal: ctx.signal });
  const norm = table.header.map((h) => h.trim().toLowerCase());
  const r = norm.findIndex((h) =>
    ["rater", "worker", "annotator", "rater_id", "worker_id", "annotator_id"].includes(h),
  );
  const g = norm.findIndex((h) => ["group", "demographic", "team", "segment"].includes(h));
  if (r < 0 || g < 0)
    throw new VoxIoError(
      "MISSING_COLUMN",
      { path, line: 1 },
      `need a rater and a group column; the header has: ${table.header.join(", ")}`,
    );
  const out = new Map<string, string>();
  for await (const batch of table.batches) for (const rec of batch) out.set(rec[r]!.trim(), rec[g]!.trim());
  return out;
}

/** `vox jury ANNOTATIONS --data DATA`: jury learning on individual raters' labels. */
export function registerJury(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("jury")
    .summary("learn each rater's labels, then let chosen juries of raters decide every item")
    .description(
      "Trains a multi-annotator model (a shared representation of the item features, one output head per rater;\n" +
        "Davani et al. 2022) on ANNOTATIONS, then has juries of raters decide every row of --data (Gordon et al.\n" +
        "2022, jury learning): each juror's predicted label, each jury's verdict, and how the verdict spreads over\n" +
        "--juries sampled juries. Name a fixed jury (--jury a,b,c), or sample juries of --jury-size from --pool (or\n" +
        "every rater), or compose them from groups (--groups FILE with rater,group; --composition g1=6,g2=6).\n" +
        "A seeded --holdout share of the annotated items is kept out of training to report how well the model\n" +
        "predicts individual raters and how much of its error is rater disagreement (disagreement deconvolution,\n" +
        "Gordon et al. 2021). Writes --out with one row per data row: id, verdict, verdict_share, juror_agreement\n" +
        "and the mean juror probability of each class.",
    )
    .argument("<annotations>", "judgments: item, rater, label (see docs/formats.md)")
    .requiredOption(
      "--data <file>",
      "the items: a dataset with an id column matching ANNOTATIONS' items, and text",
    )
    .requiredOption("--out <file>", "verdicts per data row (.csv, .tsv or .jsonl)")
    .option("--features <spec>", "tfidf, hashing or npy:FILE (rows aligned with --data)", "tfidf")
    .option("--id-column <name>", "--data column holding the item id")
    .option("--text-column <name>", "--data column holding the text")
    .option("--jury <raters>", "a fixed jury: rater ids, comma-separated")
    .option("--jury-size <n>", "sample juries of this many raters", intOption("--jury-size", { min: 1 }))
    .option("--juries <m>", "number of sampled juries", intOption("--juries", { min: 1, max: 100_000 }), 100)
    .option("--pool <raters>", "sample jurors from these raters only (comma-separated)")
    .option("--groups <file>", "rater,group table for --composition")
    .option("--composition <spec>", "jurors per group, e.g. women=6,men=6")
    .option(
      "--verdict <rule>",
      "plurality, or median (ordinal labels in --order)",
      choiceOption("--verdict", ["plurality", "median"] as const),
      "plurality",
    )
    .option(
      "--holdout <share>",
      "share of annotated items held out for evaluation",
      numberOption("--holdout", { min: 0, max: 0.9 }),
      0.2,
    )
    .option("--hidden <n>", "units of the shared representation", intOption("--hidden", { min: 1 }), 64)
    .option("--epochs <n>", "maximum passes over the judgments", intOption("--epochs", { min: 1 }), 50)
    .option(
      "--dropout <p>",
      "dropout on the shared representation",
      numberOption("--dropout", { min: 0, max: 0.95 }),
      0.1,
    )
    .option("--weight-decay <l>", "L2 penalty", numberOption("--weight-decay", { min: 0 }), 1e-4)
    .option("--learning-rate <r>", "Adam step size", numberOption("--learning-rate", { min: 1e-12 }), 0.003)
    .option("--model-out <file>", "also save the multi-annotator model (.json)")
    .option("--seed <n>", "random seed", intOption("--seed"), 0);
  // Text-feature flags (analyzer, n-grams, df limits) as for vox cv; defaults apply.
  cmd
    .option("--ngram <min,max>", "n-gram lengths", rangeOption("--ngram"), [1, 1])
    .option("--min-df <n>", "drop terms in fewer documents", numberOption("--min-df", { min: 0 }), 1)
    .option("--max-df <x>", "drop terms in more documents", numberOption("--max-df", { min: 0 }), 1)
    .option(
      "--hash-bits <b>",
      "feature hashing: 2^b columns",
      intOption("--hash-bits", { min: 4, max: 30 }),
      18,
    );
  addAnnotationOptions(cmd)
    .option("--json", "print JSON on stdout")
    .action(async (annotationsPath: string, o: JuryCliOptions) => {
      if (o.jury && (o.jurySize || o.composition))
        throw new UsageError(
          "--jury names a fixed jury; it cannot be combined with --jury-size or --composition",
        );
      if (o.composition && !o.groups) throw new UsageError("--composition needs --groups FILE (rater,group)");
      const read = await readAnnotations(annotationsPath, annotationReadOptions(o, ctx));
      const a = read.annotations;
      const loaded = await loadData(
        o.data,
        { ...o, analyzer: "word", labelColumn: undefined } as FeatureCliOptions,
        ctx,
      );
      const row = new Map(loaded.ids.map((id, i) => [id, i]));
      const itemRow = Int32Array.from(a.items, (item) => row.get(item) ?? -1);
      const missing = a.items.findIndex((_, i) => itemRow[i]! < 0);
      if (missing >= 0)
        throw new VoxIoError(
          "BAD_VALUE",
          { path: annotationsPath, column: read.columns.item },
          `item ${JSON.stringify(a.items[missing])} is not an id of --data ${o.data} (${a.items.filter((_, i) => itemRow[i]! < 0).length} items are missing)`,
        );
      const { x } = await fitFeatures(featureSpec({ ...o, analyzer: "word" } as FeatureCliOptions), loaded, {
        ctx,
      });

      // Hold out a seeded share of the annotated items for evaluation.
      const rng = createRng(o.seed);
      const heldItem = new Uint8Array(a.items.length);
      const order = rng.permutation(a.items.length);
      const nHeld = a.items.length >= 5 ? Math.round(o.holdout * a.items.length) : 0;
      for (let t = 0; t < nHeld; t++) heldItem[order[t]!] = 1;
      const trainMask = Uint8Array.from(a.item, (i) => 1 - heldItem[i]!);
      const train = selectJudgments(a, trainMask);
      const judgments = {
        item: Int32Array.from(train.item, (i) => itemRow[i]!),
        rater: train.rater,
        label: train.label,
      };
      const tty = ctx.stderr.isTTY === true;
      const fit = multiAnnotatorModel(x, judgments, {
        classes: a.classes.length,
        raters: a.raters.length,
        hidden: [o.hidden],
        epochs: o.epochs,
        dropout: o.dropout,
        weightDecay: o.weightDecay,
        learningRate: o.learningRate,
        seed: o.seed,
        onEpoch: (info) => {
          if (tty) ctx.stderr.write(`\repoch ${info.epoch + 1}: loss ${fmt(info.loss, 4)}   `);
          return ctx.signal.aborted;
        },
      });
      if (tty) ctx.stderr.write("\n");
      checkAborted(ctx, o.out);
      const model = fit.model;
      const evaluation =
        nHeld > 0 ? evaluateHeldOut(a, { heldItem, itemRow, x, model, trainLabels: train }) : undefined;

      // The jury specification.
      const code = new Map(a.raters.map((r, i) => [r, i]));
      const toCodes = (list: string[], what: string) =>
        list.map((r) => {
          const c = code.get(r);
          if (c === undefined)
            throw new UsageError(
              `${what}: rater ${JSON.stringify(r)} has no judgments in ${annotationsPath}`,
            );
          return c;
        });
      let jury: number[] | JuryQuota[];
      let description: string;
      if (o.jury) {
        jury = toCodes(names(o.jury), "--jury");
        description = `the fixed jury ${names(o.jury).join(", ")}`;
      } else if (o.composition) {
        const groups = await readGroups(o.groups!, ctx);
        jury = names(o.composition).map((part) => {
          const [group, n] = part.split("=").map((s) => s.trim()) as [string, string | undefined];
          const count = Number(n);
          if (!Number.isInteger(count) || count < 1)
            throw new UsageError(`--composition: "${part}" must be GROUP=COUNT`);
          const raters = a.raters.flatMap((r, i) => (groups.get(r) === group ? [i] : []));
          if (raters.length < count)
            throw new UsageError(
              `--composition: group ${JSON.stringify(group)} has ${raters.length} raters with judgments, fewer than ${count}`,
            );
          return { raters, count };
        });
        description = `${o.juries} juries of ${o.composition}`;
      } else {
        const pool = o.pool ? toCodes(names(o.pool), "--pool") : a.raters.map((_, i) => i);
        const size = Math.min(o.jurySize ?? 12, pool.length);
        jury = [{ raters: pool, count: size }];
        description = `${o.juries} juries of ${size} from ${pool.length} raters`;
      }
      const verdicts = juryVerdicts(model, x, { jury, juries: o.juries, verdict: o.verdict, seed: o.seed });
      checkAborted(ctx, o.out);
      const k = a.classes.length;
      await writeTable(
        o.out,
        {
          header: ["id", "verdict", "verdict_share", "juror_agreement", ...a.classes.map((c) => `p_${c}`)],
          rows: loaded.ids.map((id, i) => [
            id,
            a.classes[verdicts.verdict[i]!]!,
            verdicts.verdictShare.data[i * k + verdicts.verdict[i]!]!,
            verdicts.jurorAgreement[i]!,
            ...Array.from(verdicts.meanProba.data.subarray(i * k, (i + 1) * k)),
          ]),
        },
        { signal: ctx.signal },
      );
      if (o.modelOut)
        await savePipeline(o.modelOut, {
          model,
          classes: [...a.classes],
          features: { source: { kind: featureSpec({ ...o, analyzer: "word" } as FeatureCliOptions).kind } },
          temperature: 1,
          training: {
            annotations: annotationsPath,
            data: o.data,
            judgments: train.item.length,
            seed: o.seed,
          },
          raters: [...a.raters],
        });
      const counts = new Array<number>(k).fill(0);
      for (const v of verdicts.verdict) counts[v]!++;
      let contested = 0;
      for (let i = 0; i < loaded.ids.length; i++)
        if (verdicts.verdictShare.data[i * k + verdicts.verdict[i]!]! < 0.8) contested++;
      const summary = {
        annotations: annotationsPath,
        data: o.data,
        items: a.items.length,
        raters: a.raters.length,
        judgments: a.item.length,
        classes: a.classes,
        training: { judgments: train.item.length, epochs: fit.iterations, earlyStopped: fit.converged },
        ...(evaluation ? { heldOut: evaluation } : {}),
        jury: {
          description,
          juries: verdicts.juries.length,
          size: verdicts.juries[0]!.length,
          verdict: o.verdict,
        },
        verdicts: Object.fromEntries(a.classes.map((c, i) => [c, counts[i]!])),
        contestedRows: contested,
        out: o.out,
        ...(o.modelOut ? { modelOut: o.modelOut } : {}),
      };
      if (o.json) return printJson(ctx, summary);
      ctx.stdout.write(
        `${a.raters.length} raters, ${a.items.length} items, ${a.item.length} judgments; trained on ${train.item.length} judgments ` +
          `(${fit.iterations} epochs${fit.converged ? ", early-stopped" : ""}).\n`,
      );
      if (evaluation) {
        ctx.stdout.write(`\nOn ${evaluation.items} held-out items (${evaluation.judgments} judgments):\n`);
        ctx.stdout.write(
          table(
            ["", "value"],
            [
              ["predicts each rater's label", evaluation.raterAccuracy],
              ["baseline: each rater's most common label", evaluation.raterBaseline],
              ["heads' majority vs plurality label", evaluation.deconvolution.aggregated],
              ["vs individual raters (deconvolved)", evaluation.deconvolution.deconvolved],
              ["best any single label can do", evaluation.deconvolution.ceiling],
              ["share of that error due to disagreement", evaluation.deconvolution.disagreementShare],
            ],
          ),
        );
      }
      ctx.stdout.write(`\nVerdicts of ${description} on ${loaded.ids.length} rows:\n`);
      ctx.stdout.write(
        table(
          ["verdict", "rows"],
          a.classes.map((c, i) => [c, counts[i]!]),
        ),
      );
      ctx.stdout.write(`${contested} rows are contested (under 80% of juries agree). Wrote ${o.out}.\n`);
      log(
        ctx,
        "Sort --out by verdict_share to see the items whose outcome depends most on who sits on the jury.",
      );
    });
}

/** Held-out evaluation: per-rater prediction accuracy and the disagreement deconvolution of the heads' majority. */
function evaluateHeldOut(
  a: Annotations,
  p: {
    heldItem: Uint8Array;
    itemRow: Int32Array;
    x: Parameters<typeof raterProba>[1];
    model: Parameters<typeof raterProba>[0];
    trainLabels: Annotations;
  },
) {
  const { heldItem, itemRow, x, model, trainLabels } = p;
  const k = a.classes.length;
  const held = selectJudgments(
    a,
    Uint8Array.from(a.item, (i) => heldItem[i]!),
  );
  const heldItems = a.items.flatMap((_, i) => (heldItem[i] ? [i] : []));
  const xs = selectRows(
    x,
    heldItems.map((i) => itemRow[i]!),
  );
  const local = new Int32Array(a.items.length).fill(-1);
  heldItems.forEach((i, t) => {
    local[i] = t;
  });
  // Each rater's most common training label: the baseline that ignores the item.
  const counts = new Float64Array(a.raters.length * k);
  for (let j = 0; j < trainLabels.item.length; j++)
    counts[trainLabels.rater[j]! * k + trainLabels.label[j]!]!++;
  let hit = 0;
  let base = 0;
  // One forward pass per held-out item, for the raters who judged it.
  const byItem = new Map<number, number[]>();
  for (let j = 0; j < held.item.length; j++) {
    const list = byItem.get(held.item[j]!) ?? [];
    list.push(j);
    byItem.set(held.item[j]!, list);
  }
  for (const [item, js] of byItem) {
    const raters = js.map((j) => held.rater[j]!);
    const probs = raterProba(model, selectRows(xs, [local[item]!]), raters);
    js.forEach((j, a2) => {
      const r = raters[a2]!;
      let best = 0;
      let mode = 0;
      for (let c = 1; c < k; c++) {
        if (probs[a2 * k + c]! > probs[a2 * k + best]!) best = c;
        if (counts[r * k + c]! > counts[r * k + mode]!) mode = c;
      }
      if (best === held.label[j]) hit++;
      if (mode === held.label[j]) base++;
    });
  }
  const votes = raterVotes(model, xs);
  const predictions = new Int32Array(a.items.length).fill(-1);
  heldItems.forEach((i, t) => {
    predictions[i] = votes.majority[t]!;
  });
  const d = disagreementDeconvolution(held, { predictions });
  return {
    items: heldItems.length,
    judgments: held.item.length,
    raterAccuracy: hit / Math.max(1, held.item.length),
    raterBaseline: base / Math.max(1, held.item.length),
    deconvolution: d.accuracy!,
    flipRate: { source: d.flipRateSource, values: Array.from(d.flipRate) },
  };
}
