import {
  type Annotations,
  argmaxRows,
  type ConsensusMethod,
  crowdlab,
  estimateLatent,
  FILTER_BY,
  type FilterBy,
  findLabelIssues,
  healthSummary,
  LABEL_QUALITY_METHODS,
  type LabelQualityMethod,
  type MultiannotatorQualityMethod,
  rankLabelIssues,
  toRows,
} from "@vox/core";
import { readAnnotations, readLabels, readMatrix, writeTable } from "@vox/io";
import type { Command } from "commander";
import {
  type AnnotationCliOptions,
  addAnnotationOptions,
  annotationReadOptions,
} from "../annotationOptions.js";
import { classColumns, coreCall } from "../classColumns.js";
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
import { readItemList } from "../itemList.js";

interface IssuesOptions extends AnnotationCliOptions {
  labels?: string;
  annotations?: string;
  probs?: string;
  items?: string;
  classes?: string;
  filter: FilterBy;
  rank: LabelQualityMethod;
  adjust?: boolean;
  fracNoise: number;
  minExamplesPerClass: number;
  numToRemovePerClass?: string;
  consensus: ConsensusMethod;
  quality: MultiannotatorQualityMethod;
  seed: number;
  top: number;
  out?: string;
  json?: boolean;
}

/** `vox issues`: find mislabeled examples (confident learning) or score multi-annotator labels (CROWDLAB). */
export function registerIssues(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("issues")
    .summary("find mislabeled examples from model probabilities (confident learning, CROWDLAB)")
    .description(
      "With --labels: confident learning (Northcutt et al. 2021) flags examples whose given label disagrees with\n" +
        "out-of-sample predicted probabilities (--probs, one row per example, one column per class), ranks them by a\n" +
        "label-quality score and summarises the dataset's label health. With --annotations (several labels per item):\n" +
        "CROWDLAB (Goh et al. 2022) gives consensus labels, their quality and each annotator's quality; rows of --probs\n" +
        "follow the items' first appearance in the annotations file, or the order of --items. See docs/quality.md.",
    )
    .option("--labels <file>", "given labels: one-column CSV, .npy of integers, or an item,label file")
    .option("--annotations <file>", "several labels per item (long format item,rater,label): CROWDLAB")
    .option("--probs <file>", "predicted probabilities, .npy or CSV (rows = examples, columns = classes)")
    .option("--items <file>", "with --annotations: the item of each --probs row (one id per line)")
    .option(
      "--classes <names>",
      "class names of the probability columns, comma-separated (default: CSV header)",
    )
    .option(
      "--filter <mode>",
      `which examples to flag: ${FILTER_BY.join(", ")}`,
      choiceOption("--filter", FILTER_BY),
      "prune_by_noise_rate",
    )
    .option(
      "--rank <score>",
      `order by: ${LABEL_QUALITY_METHODS.join(", ")}`,
      choiceOption("--rank", LABEL_QUALITY_METHODS),
      "self_confidence",
    )
    .option(
      "--adjust",
      "subtract per-class confident thresholds before scoring (not for confidence_weighted_entropy)",
    )
    .option(
      "--frac-noise <f>",
      "flag this fraction of the estimated noise (prune modes)",
      numberOption("--frac-noise", { min: 0, max: 1 }),
      1,
    )
    .option(
      "--min-examples-per-class <n>",
      "leave at least n examples in every class (prune modes)",
      intOption("--min-examples-per-class", { min: 0 }),
      1,
    )
    .option("--num-to-remove-per-class <counts>", "exact issues per class, comma-separated (prune modes)")
    .option(
      "--consensus <method>",
      "with --annotations: best_quality or majority_vote",
      choiceOption("--consensus", ["best_quality", "majority_vote"] as const),
      "best_quality",
    )
    .option(
      "--quality <method>",
      "with --annotations: crowdlab or agreement",
      choiceOption("--quality", ["crowdlab", "agreement"] as const),
      "crowdlab",
    )
    .option(
      "--seed <n>",
      "seed for the last-resort random tie-break of majority votes",
      intOption("--seed", { min: 0 }),
      0,
    )
    .option("--top <n>", "rows to show in the table", intOption("--top", { min: 0 }), 20)
    .option("--out <file>", "write every example, issues first and worst first (CSV, TSV or JSONL)");
  addAnnotationOptions(cmd)
    .option("--json", "print JSON on stdout")
    .action(async (o: IssuesOptions) => {
      if (!o.probs) throw new UsageError("--probs is required");
      if (o.labels && o.annotations) throw new UsageError("give either --labels or --annotations, not both");
      if (o.annotations) return multiannotator(ctx, o);
      if (!o.labels) throw new UsageError("give --labels FILE (one label per example) or --annotations FILE");
      return singleLabel(ctx, o);
    });
}

async function singleLabel(ctx: CliContext, o: IssuesOptions): Promise<void> {
  const io = { progress: ctx.stderr, signal: ctx.signal };
  const lab = await readLabels(o.labels!, io);
  const { matrix: probs, header } = await readMatrix(o.probs!, io);
  if (lab.labels.length !== probs.rows) {
    throw new UsageError(`${o.labels} has ${lab.labels.length} labels but ${o.probs} has ${probs.rows} rows`);
  }
  const distinct = [...new Set(lab.labels)];
  const { columnOf, columnNames } = classColumns(distinct, {
    k: probs.cols,
    header,
    classes: o.classes,
    probsPath: o.probs!,
  });
  const code = new Map(distinct.map((d, i) => [d, columnOf[i]!]));
  const labels = Int32Array.from(lab.labels, (l) => code.get(l)!);
  const numToRemove = o.numToRemovePerClass?.split(",").map((s) => Number(s.trim()));
  const found = coreCall(() =>
    findLabelIssues(labels, probs, {
      filterBy: o.filter,
      fracNoise: o.fracNoise,
      minExamplesPerClass: o.minExamplesPerClass,
      ...(numToRemove ? { numToRemovePerClass: numToRemove } : {}),
    }),
  );
  ctx.signal.throwIfAborted();
  const ranked = coreCall(() =>
    rankLabelIssues(labels, probs, { rankBy: o.rank, adjust: o.adjust ?? false }),
  );
  const health = healthSummary(labels, probs);
  const latent = estimateLatent(found.confident.joint, labels);
  const suggested = argmaxRows(probs);
  // issues first (worst first), then every other example (worst first)
  const order = new Int32Array(labels.length);
  let o1 = 0;
  for (const i of ranked.ranked) if (found.mask[i]) order[o1++] = i;
  for (const i of ranked.ranked) if (!found.mask[i]) order[o1++] = i;
  const item = (i: number) => (lab.items ? lab.items[i]! : String(i));
  if (o.out) {
    const rows = function* () {
      for (const i of order) {
        yield [
          i,
          found.mask[i]!,
          ranked.scores[i]!,
          columnNames[labels[i]!]!,
          columnNames[suggested[i]!]!,
        ] as const;
      }
    };
    await writeTable(
      o.out,
      { header: ["index", "is_issue", "score", "given", "suggested"], rows: rows() },
      { signal: ctx.signal },
    );
    log(ctx, `wrote ${labels.length} rows to ${o.out}`);
  }
  const top = Array.from(order.subarray(0, Math.min(o.top, found.indices.length)), (i) => ({
    index: i,
    ...(lab.items ? { item: item(i) } : {}),
    score: ranked.scores[i]!,
    given: columnNames[labels[i]!]!,
    suggested: columnNames[suggested[i]!]!,
  }));
  const result = {
    examples: labels.length,
    classes: columnNames,
    filter: o.filter,
    rank: o.rank,
    issues: found.indices.length,
    overallLabelHealth: health.overallLabelHealth,
    estimatedIssues: health.numLabelIssues,
    thresholds: Array.from(found.confident.thresholds),
    confidentJoint: toRows(found.confident.joint),
    joint: toRows(health.joint),
    prior: Array.from(latent.prior),
    noiseMatrix: toRows(latent.noiseMatrix),
    inverseNoiseMatrix: toRows(latent.inverseNoiseMatrix),
    classQuality: health.classes.map((c) => ({ ...c, class: columnNames[c.class]! })),
    overlaps: health.overlaps.map((p) => ({
      ...p,
      classA: columnNames[p.classA]!,
      classB: columnNames[p.classB]!,
    })),
    top,
    ...(o.out ? { out: o.out } : {}),
  };
  if (o.json) return printJson(ctx, result);
  ctx.stdout.write(
    `${labels.length} examples, ${columnNames.length} classes. ${o.filter} flags ${found.indices.length} label issues ` +
      `(${fmt((100 * found.indices.length) / labels.length, 1)}%); label health ${fmt(health.overallLabelHealth)}.\n\n`,
  );
  ctx.stdout.write(
    table(
      ["class", "label issues", "label noise", "inverse noise", "quality"],
      health.classes.map((c) => [
        columnNames[c.class]!,
        c.labelIssues,
        c.labelNoise,
        c.inverseLabelNoise,
        c.labelQuality,
      ]),
    ),
  );
  const overlaps = health.overlaps.slice(0, 5);
  if (overlaps.length) {
    ctx.stdout.write("\nMost confused class pairs:\n");
    ctx.stdout.write(
      table(
        ["class A", "class B", "examples", "joint p"],
        overlaps.map((p) => [columnNames[p.classA]!, columnNames[p.classB]!, p.examples, p.jointProbability]),
      ),
    );
  }
  if (top.length) {
    ctx.stdout.write(`\nWorst ${top.length} issues by ${o.rank}:\n`);
    ctx.stdout.write(
      table(
        ["index", ...(lab.items ? ["item"] : []), "score", "given", "suggested"],
        top.map((t) => [t.index, ...(lab.items ? [item(t.index)] : []), t.score, t.given, t.suggested]),
      ),
    );
  }
  if (!o.out) log(ctx, "Add --out FILE to write every example with its score.");
}

async function multiannotator(ctx: CliContext, o: IssuesOptions): Promise<void> {
  const io = { progress: ctx.stderr, signal: ctx.signal };
  const read = await readAnnotations(o.annotations!, annotationReadOptions(o, ctx));
  let a: Annotations = read.annotations;
  const { matrix: probs, header } = await readMatrix(o.probs!, io);
  if (o.items) a = reorderItems(a, await readItemList(o.items, io), o.items);
  if (a.items.length !== probs.rows) {
    throw new UsageError(
      `${o.probs} has ${probs.rows} rows but there are ${a.items.length} items${o.items ? ` in ${o.items}` : ` in ${o.annotations}`}`,
    );
  }
  const { columnOf, columnNames } = classColumns(a.classes, {
    k: probs.cols,
    header,
    classes: o.classes,
    probsPath: o.probs!,
  });
  a = { ...a, classes: columnNames, label: Int32Array.from(a.label, (c) => columnOf[c]!) };
  const r = coreCall(() =>
    crowdlab(a, probs, { consensusMethod: o.consensus, qualityMethod: o.quality, seed: o.seed }),
  );
  const order = Int32Array.from({ length: a.items.length }, (_, i) => i).sort(
    (x, y) => r.consensusQuality[x]! - r.consensusQuality[y]! || x - y,
  );
  if (o.out) {
    const rows = function* () {
      for (const i of order) {
        yield [
          a.items[i]!,
          columnNames[r.consensusLabel[i]!]!,
          r.consensusQuality[i]!,
          r.annotatorAgreement[i]!,
          r.numAnnotations[i]!,
          columnNames[r.majorityVote[i]!]!,
        ] as const;
      }
    };
    await writeTable(
      o.out,
      {
        header: [
          "item",
          "consensus",
          "consensus_quality",
          "annotator_agreement",
          "num_annotations",
          "majority_vote",
        ],
        rows: rows(),
      },
      { signal: ctx.signal },
    );
    log(ctx, `wrote ${a.items.length} items to ${o.out}`);
  }
  const annotators = r.annotators.map((s) => ({
    rater: a.raters[s.rater]!,
    quality: s.quality,
    agreementWithConsensus: s.agreementWithConsensus,
    worstClass: columnNames[s.worstClass] ?? null,
    labeled: s.numLabeled,
    weight: s.weight,
  }));
  let changed = 0;
  for (let i = 0; i < a.items.length; i++) if (r.consensusLabel[i] !== r.majorityVote[i]) changed++;
  const top = Array.from(order.subarray(0, Math.min(o.top, order.length)), (i) => ({
    item: a.items[i]!,
    consensus: columnNames[r.consensusLabel[i]!]!,
    quality: r.consensusQuality[i]!,
    agreement: r.annotatorAgreement[i]!,
    annotations: r.numAnnotations[i]!,
  }));
  const result = {
    items: a.items.length,
    raters: a.raters.length,
    judgments: a.item.length,
    classes: columnNames,
    consensus: o.consensus,
    quality: o.quality,
    modelWeight: r.modelWeight,
    changedFromMajorityVote: changed,
    annotators,
    lowestQuality: top,
    ...(o.out ? { out: o.out } : {}),
  };
  if (o.json) return printJson(ctx, result);
  ctx.stdout.write(
    `${a.items.length} items, ${a.raters.length} annotators, ${a.item.length} judgments. CROWDLAB (${o.consensus}) ` +
      `changes ${changed} majority-vote labels; model weight ${fmt(r.modelWeight)}.\n\nAnnotators, worst first:\n`,
  );
  ctx.stdout.write(
    table(
      ["annotator", "quality", "agreement", "worst class", "labeled", "weight"],
      annotators
        .slice(0, Math.max(o.top, 1))
        .map((s) => [s.rater, s.quality, s.agreementWithConsensus, s.worstClass ?? "–", s.labeled, s.weight]),
    ),
  );
  if (annotators.length > o.top) ctx.stdout.write(`… ${annotators.length - o.top} more annotators\n`);
  if (top.length) {
    ctx.stdout.write(`\nLowest-quality consensus labels:\n`);
    ctx.stdout.write(
      table(
        ["item", "consensus", "quality", "agreement", "annotations"],
        top.map((t) => [t.item, t.consensus, t.quality, t.agreement, t.annotations]),
      ),
    );
  }
}

/** Re-codes the items of `a` to the order of `items` (the rows of the probability matrix). */
function reorderItems(a: Annotations, items: string[], path: string): Annotations {
  const row = new Map<string, number>();
  items.forEach((id, i) => {
    if (row.has(id)) throw new UsageError(`${path}: item ${JSON.stringify(id)} is listed twice`);
    row.set(id, i);
  });
  const map = Int32Array.from(a.items, (id) => {
    const r = row.get(id);
    if (r === undefined)
      throw new UsageError(`item ${JSON.stringify(id)} of the annotations is not in ${path}`);
    return r;
  });
  return { ...a, items, item: Int32Array.from(a.item, (c) => map[c]!) };
}
