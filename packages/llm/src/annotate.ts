import {
  applyTemperature,
  createRng,
  expectedCalibrationError,
  histogramBinning,
  temperatureScalingOfProbabilities,
} from "@vox/core";
import type { LlmClient } from "./client.js";
import { drawFewShot, formatExamples, type LabeledText } from "./fewShot.js";
import { classProbabilities, parseLabel } from "./labels.js";
import { renderTemplate } from "./template.js";

/** How an annotation's confidence is measured. */
export type ConfidenceMethod = "logprobs" | "self-consistency" | "none";

/** A prompt that works with most instruction-tuned models; a prompt file replaces it. */
export const DEFAULT_LABEL_TEMPLATE = `Classify the text into exactly one of these labels: {{labels}}.
Answer with the label only.

{{examples}}

Text: {{text}}
Label:`;

/** Options for `annotate`. */
export interface AnnotateOptions {
  client: LlmClient;
  model: string;
  classes: readonly string[];
  /** Placeholders: {{text}} and {{labels}} (required), {{examples}} (optional). Default DEFAULT_LABEL_TEMPLATE. */
  template?: string;
  /** Labelled pool for few-shot examples (drawn once per run, seeded, spread over classes). */
  examples?: readonly LabeledText[];
  /** Few-shot examples per prompt. Default 4. */
  shots?: number;
  /** Default "logprobs". */
  confidence?: ConfidenceMethod;
  /** Answers per item for self-consistency. Default 5. */
  samples?: number;
  /** Sampling temperature: default 0, or 0.7 for self-consistency. */
  temperature?: number;
  /** Alternatives per token for logprobs. Default 10. */
  topLogprobs?: number;
  /** Largest answer in tokens. Default 16. */
  maxTokens?: number;
  seed?: number;
  signal?: AbortSignal | undefined;
  /** Called after each item. */
  onProgress?: (done: number, total: number) => void;
}

/** One item's annotation. */
export interface ItemAnnotation {
  /** The class the model chose (majority for self-consistency), or null when its answer named none. */
  label: string | null;
  /** Probability per class (aligned with `classes`): label-token probabilities or vote shares. */
  distribution: Float64Array;
  /** Probability of `label` (0 when null). */
  confidence: number;
  /** The model's raw answer (first sample). */
  answer: string;
  promptTokens: number;
  completionTokens: number;
  /** Answers served from the cache. */
  cached: number;
}

/** Annotations of all items. */
export interface AnnotateResult {
  items: ItemAnnotation[];
  /** The few-shot examples used. */
  shots: LabeledText[];
  /** Items whose logprobs were missing or named no class (confidence then falls back to 1 for a parsed label). */
  missingLogprobs: number;
}

/**
 * LLM as annotator (Wang et al. 2021, "Want To Reduce Labeling Cost? GPT-3 Can Help", Findings of EMNLP): each
 * item is labelled from a prompt template with few-shot examples, and given a confidence from the label-token
 * probabilities (logprobs) or from self-consistency (Wang et al. 2023: k samples at temperature > 0, the majority's
 * share). Requests go through the client (cache, retries, limits); items run concurrently up to its limit.
 */
export async function annotate(texts: readonly string[], options: AnnotateOptions): Promise<AnnotateResult> {
  const {
    client,
    model,
    classes,
    template = DEFAULT_LABEL_TEMPLATE,
    examples = [],
    shots = 4,
    confidence = "logprobs",
    samples = 5,
    maxTokens = 16,
    topLogprobs = 10,
    seed = 0,
    signal,
  } = options;
  const temperature = options.temperature ?? (confidence === "self-consistency" ? 0.7 : 0);
  const drawn = examples.length > 0 ? drawFewShot(examples, { shots, classes, seed }) : [];
  const block = formatExamples(drawn);
  const k = confidence === "self-consistency" ? samples : 1;
  const rng = createRng(seed);
  const tieBreak = Array.from({ length: texts.length }, () => rng.uint32());
  let missingLogprobs = 0;
  let done = 0;
  const one = async (text: string, i: number): Promise<ItemAnnotation> => {
    const prompt = renderTemplate(template, { text, labels: classes.join(", "), examples: block }, [
      "examples",
    ]);
    const request = {
      model,
      messages: [{ role: "user" as const, content: prompt }],
      temperature,
      maxTokens,
      ...(confidence === "logprobs" ? { logprobs: true, topLogprobs } : {}),
    };
    const answers = await Promise.all(
      Array.from({ length: k }, (_, s) => client.chat({ ...request, seed: seed + s }, { signal, sample: s })),
    );
    let distribution: Float64Array = new Float64Array(classes.length);
    const first = answers[0]!;
    const parsed = answers.map((a) => parseLabel(a.text, classes));
    let label: string | null = parsed[0] ?? null;
    if (confidence === "self-consistency") {
      for (const p of parsed) if (p !== null) distribution[classes.indexOf(p)]! += 1 / k;
      let best = -1;
      let bestShare = 0;
      const offset = tieBreak[i]! % classes.length;
      for (let c = 0; c < classes.length; c++) {
        const j = (c + offset) % classes.length; // seeded tie-break between equally voted classes
        if (distribution[j]! > bestShare) {
          bestShare = distribution[j]!;
          best = j;
        }
      }
      label = best >= 0 ? classes[best]! : null;
    } else if (confidence === "logprobs") {
      const p = classProbabilities(first.logprobs, classes);
      if (p) {
        distribution = p;
        if (label === null) label = classes[p.indexOf(Math.max(...p))]!;
      } else {
        missingLogprobs++;
        if (label !== null) distribution[classes.indexOf(label)] = 1;
      }
    } else if (label !== null) distribution[classes.indexOf(label)] = 1;
    done++;
    options.onProgress?.(done, texts.length);
    return {
      label,
      distribution,
      confidence: label === null ? 0 : distribution[classes.indexOf(label)]!,
      answer: first.text,
      promptTokens: answers.reduce((s, a) => s + (a.cached ? 0 : a.usage.promptTokens), 0),
      completionTokens: answers.reduce((s, a) => s + (a.cached ? 0 : a.usage.completionTokens), 0),
      cached: answers.filter((a) => a.cached).length,
    };
  };
  const items = await Promise.all(texts.map((t, i) => one(t, i)));
  return { items, shots: drawn, missingLogprobs };
}

/** How confidences are calibrated against gold labels. */
export type CalibrationMethod = "temperature" | "histogram" | "none";

/** Calibration of annotation confidences. */
export interface CalibrationReport {
  method: CalibrationMethod;
  /** Items with a gold label. */
  gold: number;
  /** Share of gold items the model labelled right. */
  accuracy: number;
  /** ECE of the raw confidences on gold items. */
  eceBefore: number;
  /** ECE of calibrated confidences, cross-fitted: each fold calibrated by a map fitted on the other folds. */
  eceAfter: number;
  /** Fitted temperature (temperature scaling on all gold items). */
  temperature?: number;
  /** Calibrated confidence of every item (map fitted on all gold items). */
  confidence: Float64Array;
}

/**
 * Calibrates annotation confidences against gold (temperature scaling, Guo et al. 2017, or histogram binning,
 * Zadrozny & Elkan 2001) and reports ECE before and after. The "after" is cross-fitted over `folds` seeded folds so
 * it is not measured on the items it was fitted to.
 */
export function calibrateAnnotations(
  result: AnnotateResult,
  gold: readonly (string | null)[],
  options: {
    classes: readonly string[];
    method?: CalibrationMethod;
    folds?: number;
    bins?: number;
    seed?: number;
  },
): CalibrationReport {
  const { classes, method = "temperature", folds = 5, bins = 15, seed = 0 } = options;
  const n = result.items.length;
  const raw = Float64Array.from(result.items, (it) => it.confidence);
  const goldIdx: number[] = [];
  for (let i = 0; i < n; i++) if (gold[i] != null && classes.includes(gold[i]!)) goldIdx.push(i);
  const correct = (i: number) => (result.items[i]!.label === gold[i] ? 1 : 0);
  const ece = (conf: ArrayLike<number>, idx: readonly number[]) =>
    expectedCalibrationError(
      idx.map((i) => conf[i]!),
      idx.map(correct),
      { bins },
    ).ece;
  // Fits on `fit` items and returns calibrated confidences for all items.
  const calibrate = (fit: readonly number[]): { conf: Float64Array; temperature?: number } => {
    if (method === "none" || fit.length === 0) return { conf: raw };
    if (method === "histogram") {
      const h = histogramBinning(
        fit.map((i) => raw[i]!),
        fit.map(correct),
        { bins: Math.min(bins, 10) },
      );
      const conf = h.apply(raw);
      for (let i = 0; i < n; i++) if (result.items[i]!.label === null) conf[i] = 0;
      return { conf };
    }
    const c = classes.length;
    const probs = { rows: n, cols: c, data: new Float64Array(n * c) };
    for (const [i, it] of result.items.entries()) probs.data.set(it.distribution, i * c);
    const labels = new Int32Array(n).fill(-1);
    for (const i of fit) labels[i] = classes.indexOf(gold[i]!);
    const t = temperatureScalingOfProbabilities(probs, labels).temperature;
    const scaled = applyTemperature(probs, t);
    const conf = new Float64Array(n);
    result.items.forEach((it, i) => {
      conf[i] = it.label === null ? 0 : scaled.data[i * c + classes.indexOf(it.label)]!;
    });
    return { conf, temperature: t };
  };
  const all = calibrate(goldIdx);
  const rng = createRng(seed);
  const order = rng.shuffle(goldIdx.slice());
  const crossFitted = new Float64Array(n);
  const k = Math.max(2, Math.min(folds, order.length));
  for (let f = 0; f < k; f++) {
    const test = order.filter((_, j) => j % k === f);
    const fit = order.filter((_, j) => j % k !== f);
    const conf = calibrate(fit).conf;
    for (const i of test) crossFitted[i] = conf[i]!;
  }
  return {
    method,
    gold: goldIdx.length,
    accuracy: goldIdx.length ? goldIdx.reduce((s, i) => s + correct(i), 0) / goldIdx.length : Number.NaN,
    eceBefore: ece(raw, goldIdx),
    eceAfter: method === "none" ? ece(raw, goldIdx) : ece(crossFitted, goldIdx),
    ...(all.temperature !== undefined ? { temperature: all.temperature } : {}),
    confidence: all.conf,
  };
}
