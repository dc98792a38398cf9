import { createProgress, readDataset, VoxIoError, writeNpy } from "@vox/io";
import type { Command } from "commander";
import { type Accel, loadAccel } from "../accel.js";
import { type CliContext, choiceOption, fmt, intOption, printJson, UsageError } from "../context.js";

const PRECISIONS = ["fp32", "q8", "fp16", "int8", "uint8", "q4", "q4f16", "bnb4"] as const;

interface EmbedCliOptions {
  model: string;
  out: string;
  batchSize: number;
  precision?: (typeof PRECISIONS)[number];
  threads: number;
  json?: boolean;
}

/** `vox embed DATA --model DIR --out X.npy`: sentence embeddings from a local model folder. */
export function registerEmbed(program: Command, ctx: CliContext): void {
  program
    .command("embed")
    .summary("embed texts with a local sentence-embedding model into a .npy matrix")
    .description(
      "Reads DATA (JSON Lines with a `text` field, or label<TAB>text lines) and writes one unit-length float32\n" +
        "row per text to OUT (.npy, rows in DATA's order): mean pooling over the tokens, then L2 normalisation.\n" +
        "DIR is a local transformers.js model folder (config.json, tokenizer.json, onnx/model.onnx or\n" +
        "onnx/model_quantized.onnx); nothing is downloaded. Needs @vox/accel.",
    )
    .argument("<data>", "texts: .jsonl with `text` (+ `id`, `label`) or .tsv label<TAB>text")
    .requiredOption("--model <dir>", "local model folder")
    .requiredOption("--out <file>", "output .npy (written atomically)")
    .option(
      "--batch-size <n>",
      "texts per forward pass",
      intOption("--batch-size", { min: 1, max: 4096 }),
      32,
    )
    .option(
      "--precision <p>",
      `model file to load: ${PRECISIONS.join(", ")} (default: the first present, fp32 before q8)`,
      choiceOption("--precision", PRECISIONS),
    )
    .option(
      "--threads <n>",
      "onnxruntime threads (0: one per core)",
      intOption("--threads", { min: 0, max: 256 }),
      0,
    )
    .option("--json", "print JSON on stdout")
    .action(async (data: string, o: EmbedCliOptions) => {
      const { accel, reason } = await loadAccel();
      if (!accel) throw new UsageError(`vox embed needs @vox/accel (${reason})`);
      if (!o.out.toLowerCase().endsWith(".npy"))
        throw new UsageError(`--out must name a .npy file (got ${o.out})`);
      const read = await readDataset(data, { progress: ctx.stderr, signal: ctx.signal, requireText: true });
      const dataset = { ...read, texts: read.texts ?? [] };
      let embedder: Awaited<ReturnType<Accel["loadEmbedder"]>>;
      try {
        embedder = await accel.loadEmbedder(o.model, {
          ...(o.precision ? { precision: o.precision } : {}),
          threads: o.threads,
        });
      } catch (e) {
        if (e instanceof accel.ModelFolderError) throw new UsageError(e.message);
        throw e;
      }
      const bar = createProgress({
        label: `embedding ${dataset.texts.length} texts`,
        total: dataset.texts.length,
        unit: "rows",
        stream: ctx.stderr,
      });
      const start = performance.now();
      let m: Awaited<ReturnType<typeof embedder.embed>>;
      try {
        m = await embedder.embed(dataset.texts, {
          batchSize: o.batchSize,
          signal: ctx.signal,
          onProgress: (done) => bar.update(done),
        });
      } catch (e) {
        if (ctx.signal.aborted) throw new VoxIoError("ABORTED", { path: o.out }, "interrupted");
        throw e;
      } finally {
        bar.finish();
        await embedder.dispose();
      }
      const seconds = (performance.now() - start) / 1000;
      await writeNpy(o.out, { data: m.data, shape: [m.rows, m.cols] });
      const result = {
        data,
        out: o.out,
        rows: m.rows,
        cols: m.cols,
        model: embedder.dir,
        precision: embedder.precision,
        seconds,
        textsPerSecond: m.rows / seconds,
      };
      if (o.json) return printJson(ctx, result);
      ctx.stdout.write(
        `wrote ${o.out}: ${m.rows} × ${m.cols} float32 (${embedder.precision} model ${o.model}) ` +
          `in ${fmt(seconds, 1)} s, ${fmt(result.textsPerSecond, 0)} texts/s\n`,
      );
    });
}
