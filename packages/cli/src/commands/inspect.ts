import { encodeGold, judgmentValues, summarizeAnnotations } from "@vox/core";
import { readAnnotations, readGold, readMatrix, readPairwise } from "@vox/io";
import type { Command } from "commander";
import {
  type AnnotationCliOptions,
  addAnnotationOptions,
  annotationReadOptions,
} from "../annotationOptions.js";
import { type CliContext, choiceOption, fmt, log, printJson, table } from "../context.js";

type Kind = "auto" | "annotations" | "gold" | "pairwise" | "matrix";

interface InspectOptions extends AnnotationCliOptions {
  kind: Kind;
  gold?: string;
  json?: boolean;
}

/** The kind of a file: as given, or by extension (.npy is a matrix, anything else annotations). */
function resolveKind(file: string, kind: Kind): Exclude<Kind, "auto"> {
  if (kind !== "auto") return kind;
  return file.toLowerCase().endsWith(".npy") ? "matrix" : "annotations";
}

/** `vox inspect FILE`: what a file contains, read the way every other command reads it. */
export function registerInspect(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("inspect")
    .summary("describe an annotations, gold, pairwise or matrix file")
    .description(
      "Reads FILE as vox reads it everywhere and says what it contains: for annotations the columns used, items,\n" +
        "raters, judgments, overlap, classes and (with --gold) judgment accuracy against gold; for a matrix\n" +
        "(.npy or CSV) its shape and value range. Bad input stops with the file, line and column (exit 2).",
    )
    .argument("<file>", "the file to inspect")
    .option(
      "--kind <kind>",
      "auto, annotations, gold, pairwise or matrix (auto: .npy is a matrix, anything else annotations)",
      choiceOption("--kind", ["auto", "annotations", "gold", "pairwise", "matrix"] as const),
      "auto",
    )
    .option("--gold <file>", "gold labels (item,label) to score the judgments against");
  addAnnotationOptions(cmd)
    .option("--json", "print JSON on stdout")
    .action(async (file: string, o: InspectOptions) => {
      const kind = resolveKind(file, o.kind);
      switch (kind) {
        case "matrix":
          return inspectMatrix(ctx, file, o);
        case "gold": {
          const g = await readGold(file, { progress: ctx.stderr, signal: ctx.signal });
          const counts = new Map<string, number>();
          for (const [, label] of g.pairs) counts.set(label, (counts.get(label) ?? 0) + 1);
          const result = {
            kind,
            path: file,
            columns: g.columns,
            items: g.pairs.length,
            rows: g.rows,
            classes: Object.fromEntries(counts),
          };
          if (o.json) return printJson(ctx, result);
          ctx.stdout.write(
            `${file}: gold labels for ${g.pairs.length} items (columns ${g.columns.item}, ${g.columns.label})\n`,
          );
          ctx.stdout.write(table(["class", "items"], [...counts]));
          return;
        }
        case "pairwise": {
          const p = await readPairwise(file, { progress: ctx.stderr, signal: ctx.signal });
          const c = p.comparisons;
          const result = {
            kind,
            path: file,
            columns: p.columns,
            comparisons: c.left.length,
            items: c.items.length,
            raters: c.raters.length,
            outcomes: p.counts,
          };
          if (o.json) return printJson(ctx, result);
          ctx.stdout.write(
            `${file}: ${c.left.length} comparisons of ${c.items.length} items by ${c.raters.length} raters ` +
              `(left wins ${p.counts.left}, right wins ${p.counts.right}, ties ${p.counts.tie})\n`,
          );
          return;
        }
        case "annotations":
          return inspectAnnotations(ctx, file, o);
      }
    });
}

async function inspectMatrix(ctx: CliContext, file: string, o: InspectOptions): Promise<void> {
  const { matrix: m, header } = await readMatrix(file, { progress: ctx.stderr, signal: ctx.signal });
  let min = Infinity;
  let max = -Infinity;
  let nan = 0;
  for (const v of m.data) {
    if (Number.isNaN(v)) nan++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const result = {
    kind: "matrix",
    path: file,
    rows: m.rows,
    cols: m.cols,
    min,
    max,
    nan,
    ...(header ? { header } : {}),
  };
  if (o.json) return printJson(ctx, result);
  ctx.stdout.write(
    `${file}: ${m.rows} × ${m.cols} matrix, values ${fmt(min)} … ${fmt(max)}${nan ? `, ${nan} NaN` : ""}\n`,
  );
  if (header) ctx.stdout.write(`columns: ${header.join(", ")}\n`);
}

async function inspectAnnotations(ctx: CliContext, file: string, o: InspectOptions): Promise<void> {
  const r = await readAnnotations(file, annotationReadOptions(o, ctx));
  const a = r.annotations;
  const s = summarizeAnnotations(a);
  let numeric: { min: number; mean: number; max: number } | undefined;
  try {
    const v = judgmentValues(a);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const x of v) {
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    numeric = { min, mean: sum / v.length, max };
  } catch {
    numeric = undefined; // categorical labels
  }
  const goldPairs = o.gold
    ? (await readGold(o.gold, { progress: ctx.stderr, signal: ctx.signal })).pairs
    : r.gold;
  let gold: { items: number; unmatched: number; judgmentAccuracy: number } | undefined;
  if (goldPairs) {
    const g = encodeGold(a, goldPairs);
    let scored = 0;
    let correct = 0;
    for (let j = 0; j < a.item.length; j++) {
      const t = g.truth[a.item[j]!]!;
      if (t < 0) continue;
      scored++;
      if (t === a.label[j]) correct++;
    }
    gold = {
      items: g.count,
      unmatched: g.unmatchedItems.length,
      judgmentAccuracy: scored ? correct / scored : Number.NaN,
    };
  }
  const perRater = new Int32Array(a.raters.length);
  for (const rr of a.rater) perRater[rr]!++;
  const topRaters = [...perRater.keys()].sort((x, y) => perRater[y]! - perRater[x]!).slice(0, 10);
  const result = {
    kind: "annotations",
    path: file,
    format: r.format,
    columns: r.columns,
    rows: r.rows,
    items: s.items,
    raters: s.raters,
    judgments: s.judgments,
    judgmentsPerItem: s.judgmentsPerItem,
    judgmentsPerRater: s.judgmentsPerRater,
    singlyLabeledItems: s.singlyLabeledItems,
    classes: s.classes,
    ...(numeric ? { numeric } : {}),
    duplicates: { policy: o.duplicates, repeated: r.repeated, dropped: r.dropped },
    skipped: r.skipped,
    ...(s.durations.count ? { durations: s.durations } : {}),
    ...(gold ? { gold } : {}),
  };
  if (o.json) return printJson(ctx, result);
  const cols = `${r.columns.item}, ${r.columns.rater}, ${r.columns.label}`;
  ctx.stdout.write(`${file} (${r.format}; item, rater, label = ${cols})\n`);
  ctx.stdout.write(
    `${s.items} items, ${s.raters} raters, ${s.judgments} judgments; ` +
      `judgments per item ${s.judgmentsPerItem.min}–${s.judgmentsPerItem.max} (mean ${fmt(s.judgmentsPerItem.mean, 2)}), ` +
      `per rater ${s.judgmentsPerRater.min}–${s.judgmentsPerRater.max} (median ${fmt(s.judgmentsPerRater.median, 1)})\n`,
  );
  if (s.singlyLabeledItems) ctx.stdout.write(`${s.singlyLabeledItems} items have a single judgment.\n`);
  if (r.repeated)
    ctx.stdout.write(
      `${r.repeated} repeated (item, rater) judgments; ${r.dropped} dropped (--duplicates ${o.duplicates}).\n`,
    );
  if (r.skipped.emptyLabel || r.skipped.rejected) {
    ctx.stdout.write(
      `Skipped ${r.skipped.emptyLabel} rows with empty labels and ${r.skipped.rejected} rejected assignments.\n`,
    );
  }
  if (s.durations.count)
    ctx.stdout.write(`Median time per judgment: ${fmt(s.durations.medianMs / 1000, 1)} s.\n`);
  if (numeric)
    ctx.stdout.write(
      `Labels are numeric: ${fmt(numeric.min)} … ${fmt(numeric.max)}, mean ${fmt(numeric.mean)}.\n`,
    );
  ctx.stdout.write("\n");
  const classes =
    s.classes.length > 20 ? [...s.classes].sort((x, y) => y.count - x.count).slice(0, 20) : s.classes;
  ctx.stdout.write(
    table(
      ["class", "judgments", "share"],
      classes.map((c) => [c.name, c.count, c.share]),
    ),
  );
  if (s.classes.length > classes.length)
    ctx.stdout.write(`… ${s.classes.length - classes.length} more classes\n`);
  ctx.stdout.write("\n");
  ctx.stdout.write(
    table(
      ["rater", "judgments"],
      topRaters.map((k) => [a.raters[k]!, perRater[k]!]),
    ),
  );
  if (a.raters.length > topRaters.length)
    ctx.stdout.write(`… ${a.raters.length - topRaters.length} more raters\n`);
  if (gold) {
    ctx.stdout.write(
      `\nGold: ${gold.items} items matched${gold.unmatched ? ` (${gold.unmatched} gold items have no judgments)` : ""}; ` +
        `${fmt(100 * gold.judgmentAccuracy, 1)}% of their judgments agree with gold.\n`,
    );
  }
  if (!o.gold && !r.gold) log(ctx, "Add --gold FILE to score judgments against gold labels.");
}
