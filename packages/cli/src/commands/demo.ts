import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { simulateCrowd, summarizeAnnotations } from "@vox/core";
import { writeAnnotations, writeGold } from "@vox/io";
import type { Command } from "commander";
import {
  type CliContext,
  fmt,
  intOption,
  log,
  numberOption,
  printJson,
  table,
  UsageError,
} from "../context.js";

interface DemoOptions {
  items: number;
  raters: number;
  classes: number;
  overlap: number;
  spammers: number;
  seed: number;
  out?: string;
  json?: boolean;
}

/** `vox demo`: a seeded synthetic crowd dataset, described; optionally written to files to try other commands on. */
export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .summary("generate a seeded synthetic crowd dataset and describe it")
    .description(
      "Simulates raters labelling items: each item has a hidden true class and is judged by --overlap distinct\n" +
        "raters; reliable raters are right with their own accuracy (drawn from 0.6–0.95), spammers answer at random.\n" +
        "Prints what the dataset contains. With --out DIR, writes DIR/answers.csv (item,rater,label) and\n" +
        "DIR/gold.csv (item,label) to try the other commands on.",
    )
    .option("--items <n>", "number of items", intOption("--items", { min: 1, max: 10_000_000 }), 200)
    .option("--raters <n>", "number of raters", intOption("--raters", { min: 1, max: 1_000_000 }), 20)
    .option("--classes <k>", "number of classes", intOption("--classes", { min: 2, max: 1000 }), 3)
    .option("--overlap <k>", "raters per item", intOption("--overlap", { min: 1 }), 5)
    .option(
      "--spammers <share>",
      "share of raters answering at random",
      numberOption("--spammers", { min: 0, max: 1 }),
      0.1,
    )
    .option("--seed <n>", "random seed", intOption("--seed"), 42)
    .option("--out <dir>", "write answers.csv and gold.csv into this folder")
    .option("--json", "print JSON on stdout")
    .action(async (o: DemoOptions) => {
      if (o.overlap > o.raters)
        throw new UsageError(`--overlap (${o.overlap}) cannot exceed --raters (${o.raters})`);
      const sim = simulateCrowd({
        items: o.items,
        raters: o.raters,
        classes: o.classes,
        overlap: o.overlap,
        spammerShare: o.spammers,
        seed: o.seed,
      });
      const a = sim.annotations;
      const summary = summarizeAnnotations(a);
      let correct = 0;
      for (let j = 0; j < a.item.length; j++) if (a.label[j] === sim.truth[a.item[j]!]) correct++;
      const raters = a.raters.map((name, r) => ({
        rater: name,
        kind: sim.spammer[r] ? "spammer" : "reliable",
        accuracy: sim.raterAccuracy[r]!,
      }));
      const files = o.out
        ? { answers: join(o.out, "answers.csv"), gold: join(o.out, "gold.csv") }
        : undefined;
      if (files && o.out) {
        mkdirSync(o.out, { recursive: true });
        await writeAnnotations(files.answers, a);
        await writeGold(files.gold, { items: a.items, classes: a.classes, truth: sim.truth });
      }
      const result = {
        seed: o.seed,
        items: summary.items,
        raters: summary.raters,
        judgments: summary.judgments,
        classes: summary.classes,
        judgmentsPerItem: summary.judgmentsPerItem,
        spammers: raters.filter((r) => r.kind === "spammer").length,
        judgmentAccuracy: correct / a.item.length,
        raterAccuracy: raters,
        ...(files ? { files } : {}),
      };
      if (o.json) return printJson(ctx, result);
      ctx.stdout.write(
        `Synthetic crowd (seed ${o.seed}): ${summary.items} items, ${summary.raters} raters, ${summary.judgments} judgments, ` +
          `${o.classes} classes, ${o.overlap} raters per item.\n` +
          `${result.spammers} raters are spammers; ${fmt(100 * result.judgmentAccuracy, 1)}% of all judgments are correct.\n\n`,
      );
      ctx.stdout.write(
        table(
          ["class", "judgments", "share"],
          summary.classes.map((c) => [c.name, c.count, c.share]),
        ),
      );
      ctx.stdout.write("\n");
      const shown = raters.slice(0, 12);
      ctx.stdout.write(
        table(
          ["rater", "kind", "true accuracy"],
          shown.map((r) => [r.rater, r.kind, r.accuracy]),
        ),
      );
      if (raters.length > shown.length)
        ctx.stdout.write(`… and ${raters.length - shown.length} more raters (--json lists all)\n`);
      if (files) {
        ctx.stdout.write(
          `\nWrote ${files.answers} and ${files.gold}. Try: vox inspect ${files.answers} --gold ${files.gold}\n`,
        );
      } else log(ctx, "Use --out DIR to write the dataset to files.");
    });
}
