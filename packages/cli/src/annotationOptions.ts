import type { DuplicateHandling, ReadAnnotationsOptions } from "@vox/io";
import type { Command } from "commander";
import { type CliContext, choiceOption } from "./context.js";

/** The options every command that reads an annotations file shares. */
export interface AnnotationCliOptions {
  format?: "auto" | "csv" | "tsv" | "jsonl" | "mturk";
  itemColumn?: string;
  raterColumn?: string;
  labelColumn?: string;
  duplicates: DuplicateHandling;
  emptyLabels: "error" | "skip";
  order?: string;
}

/** Adds the annotation-reading options (format, column names, duplicate and empty-label policies) to a command. */
export function addAnnotationOptions(cmd: Command): Command {
  return cmd
    .option(
      "--format <format>",
      "auto, csv, tsv, jsonl or mturk (auto: by extension and header)",
      choiceOption("--format", ["auto", "csv", "tsv", "jsonl", "mturk"] as const),
    )
    .option("--item-column <name>", "column holding the item id (default: item, task, question, id, …)")
    .option("--rater-column <name>", "column holding the rater id (default: rater, worker, annotator, …)")
    .option("--label-column <name>", "column holding the label (default: label, answer, response, …)")
    .option(
      "--duplicates <policy>",
      "a rater judging an item twice: error, keep-last, keep-first or keep-all",
      choiceOption("--duplicates", ["error", "keep-last", "keep-first", "keep-all"] as const),
      "error",
    )
    .option(
      "--empty-labels <policy>",
      "rows with an empty label: error or skip",
      choiceOption("--empty-labels", ["error", "skip"] as const),
      "error",
    )
    .option("--order <classes>", "class order, comma-separated (for ordinal scales)");
}

/** The `readAnnotations` options for parsed CLI options. */
export function annotationReadOptions(o: AnnotationCliOptions, ctx: CliContext): ReadAnnotationsOptions {
  return {
    ...(o.format ? { format: o.format } : {}),
    columns: { item: o.itemColumn, rater: o.raterColumn, label: o.labelColumn },
    duplicates: o.duplicates,
    emptyLabels: o.emptyLabels,
    ...(o.order ? { classOrder: o.order.split(",").map((s) => s.trim()) } : {}),
    progress: ctx.stderr,
    signal: ctx.signal,
  };
}
