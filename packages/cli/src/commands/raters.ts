import { encodeGold, type RaterQualityResult, raterQuality } from "@vox/core";
import { readAnnotations, readGold } from "@vox/io";
import type { Command } from "commander";
import {
  type AnnotationCliOptions,
  addAnnotationOptions,
  annotationReadOptions,
} from "../annotationOptions.js";
import { type CliContext, choiceOption, fmt, log, printJson, table } from "../context.js";

type SortKey = "spammer" | "agreement" | "accuracy" | "judgments" | "rater";

interface RatersOptions extends AnnotationCliOptions {
  gold?: string;
  sort: SortKey;
  json?: boolean;
}

/** Rater codes in the order asked for; NaN values sort last. */
function sortedRaters(q: RaterQualityResult, key: SortKey): number[] {
  const codes = q.raters.map((_, r) => r);
  const ascending = (v: Float64Array) => (x: number, y: number) => {
    const a = v[x]!;
    const b = v[y]!;
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? x - y : 1) : -1;
    return a - b || x - y;
  };
  switch (key) {
    case "spammer":
      return codes.sort(ascending(q.spammerScore));
    case "agreement":
      return codes.sort(ascending(q.consensusAgreement));
    case "accuracy":
      return codes.sort(ascending(q.accuracy));
    case "judgments":
      return codes.sort((x, y) => q.judgments[y]! - q.judgments[x]! || x - y);
    case "rater":
      return codes.sort((x, y) => (q.raters[x]! < q.raters[y]! ? -1 : q.raters[x]! > q.raters[y]! ? 1 : 0));
  }
}

/** `vox raters FILE`: one row per rater: volume, agreement, accuracy against gold, spammer score, speed. */
export function registerRaters(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("raters")
    .summary("rater quality: agreement with the rest, accuracy vs gold, spammer score, speed")
    .description(
      "One row per rater: judgments; agreement with the other raters on shared items (raw and chance-corrected);\n" +
        "agreement with the leave-one-out consensus (the plurality of the other raters; a tie between t classes\n" +
        "counts 1/t); with gold, accuracy and the confusion matrix; Raykar & Yu's (2012) spammer score (0 = labels\n" +
        "unrelated to the truth, 1 = fully informative), against gold where the rater has gold items of two or\n" +
        "more classes, else against the consensus; and the median time per judgment when the file has durations.",
    )
    .argument("<file>", "annotations (item, rater, label)")
    .option("--gold <file>", "gold labels (item,label): accuracy, confusion and spammer score against them")
    .option(
      "--sort <key>",
      "row order: spammer (lowest first), agreement, accuracy (lowest first), judgments (most first) or rater",
      choiceOption("--sort", ["spammer", "agreement", "accuracy", "judgments", "rater"] as const),
      "spammer",
    );
  addAnnotationOptions(cmd)
    .option("--json", "print a JSON array (one object per rater) on stdout")
    .action(async (file: string, o: RatersOptions) => {
      const r = await readAnnotations(file, annotationReadOptions(o, ctx));
      const a = r.annotations;
      const goldPairs = o.gold
        ? (await readGold(o.gold, { progress: ctx.stderr, signal: ctx.signal })).pairs
        : r.gold;
      const gold = goldPairs ? encodeGold(a, goldPairs) : undefined;
      const q = raterQuality(a, gold ? { gold: gold.truth, goldClasses: gold.classes } : {});
      const k = q.classes.length;
      const hasDurations = q.medianDurationMs.some((d) => !Number.isNaN(d));
      const order = sortedRaters(q, o.sort);
      if (o.json) {
        return printJson(
          ctx,
          order.map((g) => ({
            rater: q.raters[g],
            judgments: q.judgments[g],
            pairable: q.pairable[g],
            restAgreement: q.restAgreement[g],
            restKappa: q.restKappa[g],
            consensusAgreement: q.consensusAgreement[g],
            ...(gold ? { goldItems: q.goldItems[g], accuracy: q.accuracy[g] } : {}),
            spammerScore: q.spammerScore[g],
            basis: q.basis[g],
            confusion:
              q.basis[g] === "none"
                ? null
                : Array.from({ length: k }, (_, t) =>
                    Array.from(q.confusion.subarray(g * k * k + t * k, g * k * k + (t + 1) * k)),
                  ),
            ...(hasDurations ? { medianDurationMs: q.medianDurationMs[g] } : {}),
          })),
        );
      }
      ctx.stdout.write(
        `${file}: ${a.raters.length} raters, ${a.item.length} judgments${gold ? `, gold for ${gold.count} items` : ""}\n\n`,
      );
      const head = ["rater", "judgments", "vs rest", "vs rest κ", "consensus"];
      if (gold) head.push("gold items", "accuracy");
      head.push("spammer", "basis");
      if (hasDurations) head.push("median s");
      ctx.stdout.write(
        table(
          head,
          order.map((g) => {
            const row: (string | number)[] = [
              q.raters[g]!,
              q.judgments[g]!,
              q.restAgreement[g]!,
              q.restKappa[g]!,
              q.consensusAgreement[g]!,
            ];
            if (gold) row.push(q.goldItems[g]!, q.accuracy[g]!);
            row.push(q.spammerScore[g]!, q.basis[g]!);
            if (hasDurations) row.push(fmt(q.medianDurationMs[g]! / 1000, 1));
            return row;
          }),
        ),
      );
      if (!gold)
        log(ctx, "Add --gold FILE for accuracy, confusion matrices and spammer scores against gold labels.");
    });
}
