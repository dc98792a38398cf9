import { readAnnotations, readGold, readMatrix, writeAnnotations, writeMatrix, writeTable } from "@vox/io";
import type { Command } from "commander";
import {
  type AnnotationCliOptions,
  addAnnotationOptions,
  annotationReadOptions,
} from "../annotationOptions.js";
import { type CliContext, choiceOption, printJson } from "../context.js";

interface ConvertOptions extends AnnotationCliOptions {
  kind: "auto" | "annotations" | "gold" | "matrix";
  float32?: boolean;
  json?: boolean;
}

/** `vox convert IN OUT`: rewrites a file in another layout, chosen by OUT's extension. */
export function registerConvert(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("convert")
    .summary("convert annotations, gold or matrices between formats")
    .description(
      "Reads IN and writes OUT in the layout OUT's extension names: annotations and gold as .csv, .tsv or .jsonl\n" +
        "(an MTurk batch file becomes plain item,rater,label rows); matrices as .npy or .csv/.tsv. OUT appears only\n" +
        "when complete (written to a temporary file, then renamed).",
    )
    .argument("<in>", "input file")
    .argument("<out>", "output file")
    .option(
      "--kind <kind>",
      "auto, annotations, gold or matrix (auto: .npy on either side means matrix)",
      choiceOption("--kind", ["auto", "annotations", "gold", "matrix"] as const),
      "auto",
    )
    .option("--float32", "write .npy matrices as float32");
  addAnnotationOptions(cmd)
    .option("--json", "print JSON on stdout")
    .action(async (input: string, output: string, o: ConvertOptions) => {
      const isNpy = (p: string) => p.toLowerCase().endsWith(".npy");
      const kind = o.kind === "auto" ? (isNpy(input) || isNpy(output) ? "matrix" : "annotations") : o.kind;
      let written: number;
      if (kind === "matrix") {
        const { matrix, header } = await readMatrix(input, { progress: ctx.stderr, signal: ctx.signal });
        await writeMatrix(output, matrix, {
          ...(header ? { header } : {}),
          float32: o.float32 ?? false,
          signal: ctx.signal,
        });
        written = matrix.rows;
      } else if (kind === "gold") {
        const g = await readGold(input, { progress: ctx.stderr, signal: ctx.signal });
        await writeTable(output, { header: ["item", "label"], rows: g.pairs }, { signal: ctx.signal });
        written = g.pairs.length;
      } else {
        const r = await readAnnotations(input, annotationReadOptions(o, ctx));
        await writeAnnotations(output, r.annotations, { signal: ctx.signal });
        written = r.annotations.item.length;
      }
      if (o.json) printJson(ctx, { kind, input, output, rows: written });
      else ctx.stdout.write(`wrote ${written} rows to ${output}\n`);
    });
}
