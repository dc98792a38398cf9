import {
  argmaxRows,
  createRng,
  dedupeTexts,
  distinctN,
  type FloatArray,
  type Matrix,
  modelAffinity,
  selfBleu,
} from "@vox/core";
import { z } from "zod";
import type { LlmClient } from "./client.js";
import type { LabeledText } from "./fewShot.js";

/**
 * A classifier trained on the real data scores candidates (LAMBADA's filter). Returns a matrix of class
 * probabilities, one row per text, columns in the order of `classes`.
 */
export type ScoreTexts = (texts: readonly string[]) => Promise<Matrix<FloatArray>> | Matrix<FloatArray>;

/** Options for `generateExamples`. */
export interface GenerateOptions {
  client: LlmClient;
  model: string;
  /** What the data is for ("movie review sentences labelled by sentiment"). */
  task: string;
  classes: readonly string[];
  /** Examples wanted per class (after deduplication and filtering). */
  perClass: number;
  /** Real labelled examples: shown in prompts, and never repeated by the generated data. */
  examples?: readonly LabeledText[];
  /** Examples of the class shown per prompt. Default 5. */
  shots?: number;
  /** Texts asked for per request. Default 10. */
  batchSize?: number;
  /** Default 1.0 (diversity matters more than precision here). */
  temperature?: number;
  /** Character 3-gram Jaccard similarity from which two texts are near-duplicates. Default 0.8. */
  nearDuplicate?: number;
  /** Requests per class before giving up on reaching `perClass`. Default ⌈perClass / batchSize⌉ · 3 + 2. */
  maxRequestsPerClass?: number;
  /** LAMBADA filtering: keep the candidates the classifier assigns to their class, most confident first. */
  filter?: {
    score: ScoreTexts;
    /** Candidates generated per kept example. Default 2. */
    overgenerate?: number;
    /**
     * Held-out real labelled examples (not the classifier's training data): scored too, for model-based affinity
     * (Gontijo-Lopes et al. 2020). Without them only the accuracy on the generated candidates is reported.
     */
    heldOut?: readonly LabeledText[];
  };
  seed?: number;
  signal?: AbortSignal | undefined;
  onProgress?: (kept: number, total: number) => void;
}

/** Per-class accounting of a run. */
export interface ClassReport {
  label: string;
  requests: number;
  /** Texts the model returned. */
  generated: number;
  /** Dropped as exact, normalised or near duplicates (of each other or of the real examples). */
  duplicates: number;
  /** Dropped by the filter. */
  filtered: number;
  kept: number;
  /** With a filter: candidates the classifier assigned to their intended class, before the top-N cut. */
  agreed?: number;
}

/** Model-based affinity of the generated data: how a classifier trained on real data sees it. */
export interface GeneratedAffinity {
  /** Accuracy of the classifier on every deduplicated candidate (before filtering) against its intended class. */
  generatedAccuracy: number;
  generatedRows: number;
  /** Accuracy on the held-out real examples, and the difference generatedAccuracy − realAccuracy. */
  realAccuracy?: number;
  realRows?: number;
  affinity?: number;
}

/** Diversity of a set of texts (embedding-free measures). */
export interface Diversity {
  count: number;
  distinct1: number;
  distinct2: number;
  /** Self-BLEU-4: lower is more diverse. */
  selfBleu: number;
}

/** Generated data and how it was made. */
export interface GenerateResult {
  examples: LabeledText[];
  classes: ClassReport[];
  /** Of the generated examples, and of the real ones for comparison. */
  diversity: { generated: Diversity; real?: Diversity };
  /** With a filter: the classifier's view of the candidates (and of held-out real data when given). */
  affinity?: GeneratedAffinity;
}

/** distinct-1/2 and Self-BLEU of texts. */
export function diversityOf(texts: readonly string[]): Diversity {
  return {
    count: texts.length,
    distinct1: distinctN(texts, 1).ratio,
    distinct2: distinctN(texts, 2).ratio,
    selfBleu: selfBleu(texts).score,
  };
}

const Batch = z.object({ examples: z.array(z.string().min(1)) });

/** The class-conditioned prompt: the task, real examples of the class, and a request for `count` new ones. */
export function generationPrompt(o: {
  task: string;
  label: string;
  classes: readonly string[];
  shown: readonly string[];
  count: number;
}): string {
  const examples =
    o.shown.length > 0 ? `\nExamples of "${o.label}":\n${o.shown.map((t) => `- ${t}`).join("\n")}\n` : "";
  return (
    `Task: ${o.task}\nLabels: ${o.classes.join(", ")}\n${examples}\n` +
    `Write ${o.count} new, varied examples whose label is "${o.label}". Do not copy the examples. ` +
    `Reply with JSON: {"examples": ["…", …]}.`
  );
}

/**
 * LLM as generator, class-conditioned (LAMBADA: Anaby-Tavor et al. 2020, "Do Not Have Enough Data? Deep Learning to
 * the Rescue!", AAAI, here with a chat model prompted by label and examples instead of a fine-tuned GPT-2):
 * batches of candidates per class as validated JSON, deduplicated (exact, normalised, near-duplicate by character
 * n-gram Jaccard) against each other and the real data, optionally filtered by a classifier trained on the real
 * data (LAMBADA's filter: the top `perClass` candidates by the classifier's probability of their intended class,
 * among those it assigns to that class), and described by distinct-n and Self-BLEU and, with the classifier, by
 * model-based affinity (Gontijo-Lopes et al. 2020: its accuracy on the candidates vs on held-out real data).
 */
export async function generateExamples(options: GenerateOptions): Promise<GenerateResult> {
  const {
    client,
    model,
    task,
    classes,
    perClass,
    examples = [],
    shots = 5,
    batchSize = 10,
    temperature = 1,
    nearDuplicate = 0.8,
    filter,
    seed = 0,
    signal,
  } = options;
  const target = filter ? perClass * (filter.overgenerate ?? 2) : perClass;
  const maxRequests = options.maxRequestsPerClass ?? Math.ceil(target / batchSize) * 3 + 2;
  const rng = createRng(seed);
  const realTexts = examples.map((e) => e.text);
  const out: LabeledText[] = [];
  const reports: ClassReport[] = [];
  let keptTotal = 0;
  // Every scored candidate's intended class and probabilities, for model-based affinity.
  const scoredLabels: number[] = [];
  const scoredProbs: number[] = [];
  for (const label of classes) {
    const pool = examples.filter((e) => e.label === label).map((e) => e.text);
    const report: ClassReport = { label, requests: 0, generated: 0, duplicates: 0, filtered: 0, kept: 0 };
    let candidates: string[] = [];
    const reference = [...realTexts, ...out.map((e) => e.text)];
    while (candidates.length < target && report.requests < maxRequests) {
      signal?.throwIfAborted();
      const shown = rng.shuffle(pool.slice()).slice(0, shots);
      const count = Math.min(batchSize, target - candidates.length);
      const prompt = generationPrompt({ task, label, classes, shown, count });
      const { value } = await client.json(
        { model, messages: [{ role: "user", content: prompt }], temperature, seed: seed + report.requests },
        Batch,
        { signal, sample: report.requests },
      );
      report.requests++;
      report.generated += value.examples.length;
      const merged = [...candidates, ...value.examples.map((t) => t.trim())];
      const d = dedupeTexts(merged, { reference, threshold: nearDuplicate });
      const next = merged.filter((_, i) => d.keep[i] === 1);
      report.duplicates += merged.length - next.length;
      candidates = next.slice(0, target);
    }
    if (filter && candidates.length > 0) {
      const probs = await filter.score(candidates);
      const k = classes.indexOf(label);
      const argmax = argmaxRows(probs);
      const ranked = candidates
        .map((text, i) => ({ text, p: probs.data[i * probs.cols + k]!, ok: argmax[i] === k }))
        .filter((c) => c.ok)
        .sort((a, b) => b.p - a.p);
      const kept = ranked.slice(0, perClass).map((c) => c.text);
      report.agreed = ranked.length;
      for (let i = 0; i < candidates.length; i++) {
        scoredLabels.push(k);
        for (let c = 0; c < probs.cols; c++) scoredProbs.push(probs.data[i * probs.cols + c]!);
      }
      report.filtered = candidates.length - kept.length;
      candidates = kept;
    }
    candidates = candidates.slice(0, perClass);
    report.kept = candidates.length;
    for (const text of candidates) out.push({ text, label });
    keptTotal += candidates.length;
    options.onProgress?.(keptTotal, perClass * classes.length);
    reports.push(report);
  }
  let affinity: GeneratedAffinity | undefined;
  if (filter && scoredLabels.length > 0) {
    const generated = {
      labels: Int32Array.from(scoredLabels),
      probs: { rows: scoredLabels.length, cols: classes.length, data: Float64Array.from(scoredProbs) },
    };
    const heldOut = (filter.heldOut ?? []).filter((e) => classes.includes(e.label));
    // Without held-out data, score the generated rows against themselves to get their accuracy alone.
    const real =
      heldOut.length > 0
        ? {
            labels: Int32Array.from(heldOut, (e) => classes.indexOf(e.label)),
            probs: await filter.score(heldOut.map((e) => e.text)),
          }
        : generated;
    const a = modelAffinity(generated, real);
    affinity = {
      generatedAccuracy: a.generatedAccuracy,
      generatedRows: a.generatedRows,
      ...(heldOut.length > 0
        ? { realAccuracy: a.realAccuracy, realRows: a.realRows, affinity: a.affinity }
        : {}),
    };
  }
  return {
    examples: out,
    classes: reports,
    diversity: {
      generated: diversityOf(out.map((e) => e.text)),
      ...(realTexts.length > 0 ? { real: diversityOf(realTexts) } : {}),
    },
    ...(affinity ? { affinity } : {}),
  };
}
