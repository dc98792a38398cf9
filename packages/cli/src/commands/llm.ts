import { readFileSync } from "node:fs";
import { predictProba } from "@vox/core";
import { readGold, readTextDataset, type TextExample, writeTable, writeTextDataset } from "@vox/io";
import {
  annotate,
  type CalibrationMethod,
  type ConfidenceMethod,
  calibrateAnnotations,
  generateExamples,
  type LabeledText,
} from "@vox/llm";
import type { Command } from "commander";
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
import { loadPipeline, transformFeatures } from "../learning.js";
import { addLlmOptions, itemProgress, type LlmCliOptions, llmClientFor, usageReport } from "../llmOptions.js";

interface LabelOptions extends LlmCliOptions {
  prompt: string;
  classes?: string;
  examples?: string;
  shots: number;
  confidence: ConfidenceMethod;
  samples: number;
  temperature?: number;
  gold?: string;
  calibration: CalibrationMethod;
  threshold: number;
  rater?: string;
  review?: string;
  humanCost?: number;
  seed: number;
  out: string;
  json?: boolean;
}

interface GenerateCliOptions extends LlmCliOptions {
  classes: string;
  perClass: number;
  task?: string;
  taskFile?: string;
  examples?: string;
  shots: number;
  batch: number;
  temperature: number;
  nearDuplicate: number;
  filterModel?: string;
  overgenerate: number;
  affinityData?: string;
  seed: number;
  out: string;
  json?: boolean;
}

/**
 * LAMBADA's filter from a model file saved by `vox train`: a scorer giving the probabilities of `classes` (in that
 * order; classes the model knows but that are not generated are left out) for new texts.
 */
async function filterScorer(path: string, classes: readonly string[], ctx: CliContext) {
  const pipeline = await loadPipeline(path);
  const model = pipeline.model;
  if (model.kind === "multiAnnotator")
    throw new UsageError(`--filter-model: ${path} is a multi-annotator model; train one with vox train`);
  if (
    pipeline.features.source.kind !== "tfidf" &&
    pipeline.features.source.kind !== "hashing" &&
    pipeline.features.source.kind !== "provider"
  )
    throw new UsageError(
      `--filter-model: ${path} was trained on .npy features; it needs a model that reads text`,
    );
  const cols = classes.map((c) => pipeline.classes.indexOf(c));
  const unknown = classes.filter((_, i) => cols[i]! < 0);
  if (unknown.length > 0)
    throw new UsageError(
      `--filter-model: ${path} knows the classes ${pipeline.classes.join(", ")}, not ${unknown.join(", ")}`,
    );
  return async (texts: readonly string[]) => {
    const ids = texts.map((_, i) => String(i + 1));
    const x = await transformFeatures(
      pipeline.features,
      { path: "(generated texts)", ids, texts: [...texts] },
      ctx,
    );
    const p = predictProba(model, x, { temperature: pipeline.temperature });
    const k = classes.length;
    const data = new Float64Array(texts.length * k);
    for (let i = 0; i < texts.length; i++)
      for (let c = 0; c < k; c++) data[i * k + c] = p.data[i * p.cols + cols[c]!]!;
    return { rows: texts.length, cols: k, data };
  };
}

const splitList = (s: string) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

function readPromptFile(path: string, flag: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`${flag}: cannot read ${path} (${(e as NodeJS.ErrnoException).code})`);
  }
}

/** The labelled examples of a dataset file (rows without a label are skipped). */
async function readLabeled(path: string, ctx: CliContext): Promise<LabeledText[]> {
  const d = await readTextDataset(path, { progress: ctx.stderr, signal: ctx.signal });
  if (!d.labels) throw new UsageError(`--examples: ${path} has no labels`);
  return d.texts.flatMap((text, i) => (d.labels![i] ? [{ text, label: d.labels![i]! }] : []));
}

/** `vox llm label` and `vox llm generate`. */
export function registerLlm(program: Command, ctx: CliContext): void {
  const llm = program
    .command("llm")
    .summary("label or generate data with a chat model (OpenAI-compatible or Ollama)")
    .description(
      "Chat models as annotators and generators. Point vox at a server with\n" +
        "--provider, --base-url and --model, or VOX_LLM_PROVIDER, VOX_LLM_BASE_URL,\n" +
        "VOX_LLM_MODEL and VOX_LLM_API_KEY (docs/llm.md). Answers are cached in\n" +
        ".vox-cache/llm, so a re-run costs nothing.",
    );

  const label = llm
    .command("label")
    .summary("label a text dataset; the model becomes one more rater")
    .description(
      "Labels every text of IN with a prompt template: {{text}}, {{labels}} and\n" +
        "optionally {{examples}} (--shots labelled examples drawn from --examples).\n" +
        "Confidence comes from the label token's probabilities (logprobs) or from\n" +
        "self-consistency (--samples answers at temperature > 0). With --gold,\n" +
        "confidences are calibrated (temperature scaling or histogram binning) and\n" +
        "ECE is reported before and after (cross-fitted). Items below --threshold\n" +
        "are marked needs_human. OUT holds long-format annotations (item, rater,\n" +
        "label, confidence, needs_human) with rater = the model: one more rater to\n" +
        "aggregate with people's.",
    )
    .argument("<in>", "texts to label (JSON Lines with id and text, or label<TAB>text)")
    .requiredOption("--prompt <file>", "prompt template file")
    .option("--classes <a,b,…>", "the labels (default: those of --examples, else of --gold)")
    .option("--examples <file>", "labelled examples for few-shot prompts")
    .option("--shots <k>", "few-shot examples per prompt", intOption("--shots", { min: 0, max: 100 }), 4)
    .option(
      "--confidence <method>",
      "logprobs, self-consistency or none",
      choiceOption("--confidence", ["logprobs", "self-consistency", "none"] as const),
      "logprobs",
    )
    .option(
      "--samples <k>",
      "answers per item for self-consistency",
      intOption("--samples", { min: 2, max: 100 }),
      5,
    )
    .option(
      "--temperature <t>",
      "sampling temperature (default 0; 0.7 for self-consistency)",
      numberOption("--temperature", { min: 0, max: 2 }),
    )
    .option("--gold <file>", "gold labels (item,label) to calibrate against and score")
    .option(
      "--calibration <method>",
      "temperature, histogram or none (needs --gold)",
      choiceOption("--calibration", ["temperature", "histogram", "none"] as const),
      "temperature",
    )
    .option(
      "--threshold <p>",
      "route items below this confidence to people",
      numberOption("--threshold", { min: 0, max: 1 }),
      0.7,
    )
    .option("--rater <name>", "rater id in OUT (default: llm:MODEL)")
    .option("--review <file>", "also write the items routed to people (id, text, llm_label, confidence)")
    .option(
      "--human-cost <usd>",
      "cost of one human label, to compare",
      numberOption("--human-cost", { min: 0 }),
    )
    .option("--seed <n>", "random seed (few-shot draw, sampling)", intOption("--seed"), 0)
    .requiredOption("--out <file>", "annotations to write (.csv, .tsv or .jsonl)");
  addLlmOptions(label)
    .option("--json", "print JSON on stdout")
    .action(async (input: string, o: LabelOptions) => {
      const template = readPromptFile(o.prompt, "--prompt");
      const data = await readTextDataset(input, { progress: ctx.stderr, signal: ctx.signal });
      const examples = o.examples ? await readLabeled(o.examples, ctx) : [];
      const goldPairs = o.gold
        ? (await readGold(o.gold, { progress: ctx.stderr, signal: ctx.signal })).pairs
        : [];
      const classes = o.classes
        ? splitList(o.classes)
        : [...new Set([...examples.map((e) => e.label), ...goldPairs.map(([, l]) => l)])];
      if (classes.length < 2) throw new UsageError("need at least two classes: pass --classes or --examples");
      const { client, model } = llmClientFor(o, ctx, o.seed);
      const bar = itemProgress(ctx, `labelling ${input}`, data.texts.length);
      const result = await annotate(data.texts, {
        client,
        model,
        classes,
        template,
        examples,
        shots: o.shots,
        confidence: o.confidence,
        samples: o.samples,
        ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
        seed: o.seed,
        signal: ctx.signal,
        onProgress: (done) => bar.update(done),
      });
      bar.finish();
      const goldMap = new Map(goldPairs);
      const gold = data.ids.map((id) => goldMap.get(id) ?? null);
      const unmatched = goldPairs.filter(([id]) => !data.ids.includes(id)).length;
      if (unmatched > 0) log(ctx, `vox: ${unmatched} gold items are not in ${input}`);
      const calibration =
        o.gold && o.calibration !== "none"
          ? calibrateAnnotations(result, gold, { classes, method: o.calibration, seed: o.seed })
          : undefined;
      const confidence = calibration?.confidence ?? Float64Array.from(result.items, (it) => it.confidence);
      const rater = o.rater ?? `llm:${model}`;
      const needsHuman = result.items.map((it, i) => it.label === null || confidence[i]! < o.threshold);
      await writeTable(
        o.out,
        {
          header: ["item", "rater", "label", "confidence", "needs_human"],
          rows: result.items.flatMap((it, i) =>
            it.label === null ? [] : [[data.ids[i]!, rater, it.label, confidence[i]!, needsHuman[i]!]],
          ),
        },
        { signal: ctx.signal },
      );
      if (o.review) {
        const rows: TextExample[] = [];
        result.items.forEach((it, i) => {
          if (needsHuman[i])
            rows.push({
              id: data.ids[i]!,
              text: data.texts[i]!,
              llm_label: it.label,
              confidence: confidence[i]!,
            });
        });
        await writeTextDataset(o.review, rows, {
          columns: ["id", "text", "llm_label", "confidence"],
          signal: ctx.signal,
        });
      }
      const usage = usageReport(client.meter.summary(), data.texts.length);
      const labeled = result.items.filter((it) => it.label !== null).length;
      const routed = needsHuman.filter(Boolean).length;
      const summary = {
        input,
        output: o.out,
        model,
        rater,
        classes,
        items: data.texts.length,
        labeled,
        unparsed: data.texts.length - labeled,
        needsHuman: routed,
        threshold: o.threshold,
        confidence: o.confidence,
        missingLogprobs: result.missingLogprobs,
        shots: result.shots.length,
        ...(calibration
          ? {
              calibration: {
                method: calibration.method,
                gold: calibration.gold,
                accuracy: calibration.accuracy,
                eceBefore: calibration.eceBefore,
                eceAfter: calibration.eceAfter,
                ...(calibration.temperature !== undefined ? { temperature: calibration.temperature } : {}),
              },
            }
          : {}),
        usage,
        ...(o.humanCost !== undefined && usage.costPerItem !== null
          ? {
              humanCostPerItem: o.humanCost,
              costRatio: usage.costPerItem > 0 ? o.humanCost / usage.costPerItem : null,
            }
          : {}),
      };
      if (o.json) return printJson(ctx, summary);
      ctx.stdout.write(
        `${model} labelled ${labeled} of ${summary.items} items (${summary.unparsed} answers named no class); ` +
          `${routed} go to people (confidence < ${o.threshold}).\n`,
      );
      if (o.confidence === "logprobs" && result.missingLogprobs > 0)
        log(
          ctx,
          `vox: ${result.missingLogprobs} answers had no usable logprobs (the server may not offer them)`,
        );
      if (calibration)
        ctx.stdout.write(
          table(
            ["gold items", "accuracy", "ECE before", `ECE after (${calibration.method})`],
            [[calibration.gold, calibration.accuracy, calibration.eceBefore, calibration.eceAfter]],
          ),
        );
      ctx.stdout.write(
        table(
          ["calls", "cached", "tokens in", "tokens out", "tokens/item", "cost", "cost/item"],
          [
            [
              usage.calls,
              usage.cachedCalls,
              usage.promptTokens,
              usage.completionTokens,
              usage.tokensPerItem,
              usage.cost === null ? "– (no --prices)" : `$${usage.cost.toFixed(4)}`,
              usage.costPerItem === null ? "–" : `$${usage.costPerItem.toPrecision(3)}`,
            ],
          ],
        ),
      );
      if ("costRatio" in summary && summary.costRatio)
        ctx.stdout.write(
          `A human label at $${o.humanCost} costs ${fmt(summary.costRatio, 1)}× the model's.\n`,
        );
      ctx.stdout.write(`wrote ${o.out}${o.review ? ` and ${o.review}` : ""}\n`);
    });

  const generate = llm
    .command("generate")
    .summary("generate labelled examples per class")
    .description(
      "Asks the model for --per-class new examples of each class, LAMBADA-style:\n" +
        "the task, real examples of the class (--examples) and a request for new ones\n" +
        "as JSON. Drops exact, normalised and near duplicates (character 3-gram\n" +
        "Jaccard >= --near-duplicate), also of the real examples, and reports the\n" +
        "diversity of what it kept (distinct-1/2, Self-BLEU) beside the real data's.\n" +
        "--filter-model MODEL (saved by `vox train` on the real data) is LAMBADA's filter:\n" +
        "--overgenerate x more candidates are made and the --per-class the model is most\n" +
        "confident belong to their class are kept; it also reports the model's accuracy on\n" +
        "the candidates vs on real data (affinity, Gontijo-Lopes et al. 2020).\n" +
        "OUT: .jsonl (id, text, label, source) or .tsv (label<TAB>text).",
    )
    .requiredOption("--classes <a,b,…>", "the labels to generate")
    .requiredOption(
      "--per-class <n>",
      "examples per class",
      intOption("--per-class", { min: 1, max: 100_000 }),
    )
    .option("--task <text>", 'what the data is (e.g. "movie review sentences labelled by sentiment")')
    .option("--task-file <file>", "the task description from a file")
    .option("--examples <file>", "real labelled examples to show and to deduplicate against")
    .option("--shots <k>", "examples of the class per prompt", intOption("--shots", { min: 0, max: 100 }), 5)
    .option("--batch <n>", "examples asked for per request", intOption("--batch", { min: 1, max: 100 }), 10)
    .option("--temperature <t>", "sampling temperature", numberOption("--temperature", { min: 0, max: 2 }), 1)
    .option(
      "--near-duplicate <j>",
      "Jaccard similarity from which texts are near-duplicates (1: exact and normalised only)",
      numberOption("--near-duplicate", { min: 0, max: 1 }),
      0.8,
    )
    .option(
      "--filter-model <file>",
      "model file from `vox train` on the real data: LAMBADA's classifier filter",
    )
    .option(
      "--overgenerate <x>",
      "with --filter-model: candidates made per kept example",
      numberOption("--overgenerate", { min: 1, max: 100 }),
      2,
    )
    .option(
      "--affinity-data <file>",
      "with --filter-model: held-out real labelled examples for affinity (default: --examples)",
    )
    .option("--seed <n>", "random seed", intOption("--seed"), 0)
    .requiredOption("--out <file>", "generated dataset (.jsonl or .tsv)");
  addLlmOptions(generate)
    .option("--json", "print JSON on stdout")
    .action(async (o: GenerateCliOptions) => {
      const classes = splitList(o.classes);
      if (classes.length < 1) throw new UsageError("--classes needs at least one label");
      const task = o.taskFile ? readPromptFile(o.taskFile, "--task-file").trim() : o.task;
      if (!task) throw new UsageError("describe the data with --task TEXT or --task-file FILE");
      const examples = o.examples ? await readLabeled(o.examples, ctx) : [];
      if (o.affinityData && !o.filterModel) throw new UsageError("--affinity-data needs --filter-model");
      const heldOut = o.affinityData ? await readLabeled(o.affinityData, ctx) : examples;
      const filter = o.filterModel
        ? { score: await filterScorer(o.filterModel, classes, ctx), overgenerate: o.overgenerate, heldOut }
        : undefined;
      const { client, model } = llmClientFor(o, ctx, o.seed);
      const bar = itemProgress(ctx, "generating", o.perClass * classes.length);
      const r = await generateExamples({
        client,
        model,
        task,
        classes,
        perClass: o.perClass,
        examples,
        shots: o.shots,
        batchSize: o.batch,
        temperature: o.temperature,
        nearDuplicate: o.nearDuplicate,
        ...(filter ? { filter } : {}),
        seed: o.seed,
        signal: ctx.signal,
        onProgress: (kept) => bar.update(kept),
      });
      bar.finish();
      const counters = new Map<string, number>();
      const rows: TextExample[] = r.examples.map((e) => {
        const k = (counters.get(e.label) ?? 0) + 1;
        counters.set(e.label, k);
        return { id: `gen-${e.label}-${k}`, text: e.text, label: e.label, source: `llm:${model}` };
      });
      await writeTextDataset(o.out, rows, { columns: ["id", "text", "label", "source"], signal: ctx.signal });
      const usage = usageReport(client.meter.summary(), rows.length);
      const short = r.classes.filter((c) => c.kept < o.perClass);
      const summary = {
        output: o.out,
        model,
        perClass: o.perClass,
        classes: r.classes,
        diversity: r.diversity,
        ...(r.affinity
          ? {
              affinity: {
                ...r.affinity,
                model: o.filterModel,
                realData: o.affinityData ?? o.examples ?? null,
              },
            }
          : {}),
        usage,
      };
      if (o.json) return printJson(ctx, summary);
      ctx.stdout.write(
        table(
          filter
            ? ["class", "requests", "generated", "duplicates", "model agrees", "filtered", "kept"]
            : ["class", "requests", "generated", "duplicates", "kept"],
          r.classes.map((c) =>
            filter
              ? [c.label, c.requests, c.generated, c.duplicates, c.agreed ?? 0, c.filtered, c.kept]
              : [c.label, c.requests, c.generated, c.duplicates, c.kept],
          ),
        ),
      );
      ctx.stdout.write("\n");
      const d = r.diversity;
      ctx.stdout.write(
        table(
          ["data", "texts", "distinct-1", "distinct-2", "Self-BLEU-4 (lower = more diverse)"],
          [
            [
              "generated",
              d.generated.count,
              d.generated.distinct1,
              d.generated.distinct2,
              d.generated.selfBleu,
            ],
            ...(d.real
              ? [["real (--examples)", d.real.count, d.real.distinct1, d.real.distinct2, d.real.selfBleu]]
              : []),
          ],
        ),
      );
      const a = r.affinity;
      if (a) {
        ctx.stdout.write(
          `\nModel-based affinity (${o.filterModel}): accuracy ${fmt(a.generatedAccuracy)} on the ${a.generatedRows} candidates` +
            (a.realAccuracy !== undefined
              ? `, ${fmt(a.realAccuracy)} on ${a.realRows} real examples (${o.affinityData ?? o.examples}): affinity ${fmt(a.affinity!)}.\n`
              : "; give --affinity-data (or --examples) for the real-data side.\n"),
        );
        if (!o.affinityData && o.examples)
          log(
            ctx,
            "vox: affinity compares with --examples; if the model was trained on them, pass held-out data with --affinity-data",
          );
      }
      if (short.length > 0)
        log(
          ctx,
          `vox: fewer than ${o.perClass} kept for ${short.map((c) => c.label).join(", ")} (${filter ? "too many duplicates or filtered out" : "too many duplicates"})`,
        );
      ctx.stdout.write(`tokens ${usage.promptTokens} in, ${usage.completionTokens} out; wrote ${o.out}\n`);
    });
}
