import type { Annotations } from "../data/annotations.js";
import { groupBy } from "../data/groupBy.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import { createRng } from "../random/rng.js";
import { argmaxRow, pairwiseSum } from "./numeric.js";

/** How `crowdlab` picks each item's consensus label. */
export type ConsensusMethod = "best_quality" | "majority_vote";
/** How `crowdlab` scores consensus and annotator quality. */
export type MultiannotatorQualityMethod = "crowdlab" | "agreement";

/** Options for `crowdlab`. */
export interface CrowdlabOptions {
  /**
   * "best_quality" (default): the class with the highest CROWDLAB posterior (majority vote where that ties);
   * "majority_vote": the majority vote, ties broken by the model's probabilities, then rarer class, then the
   * annotators' agreement with the untied majority, then at random (seeded).
   */
  consensusMethod?: ConsensusMethod;
  /**
   * "crowdlab" (default): the posterior mixes the model's probabilities with every annotator's vote, weighted by
   * estimated reliability; "agreement": the posterior is the share of annotators choosing each class, and
   * consensus and annotator quality are plain agreement shares.
   */
  qualityMethod?: MultiannotatorQualityMethod;
  /** Seed for the last-resort random tie-break of the majority vote. Default 0. */
  seed?: number;
}

/** Statistics of one annotator (rater). */
export interface AnnotatorStats {
  /** The rater code. */
  rater: number;
  /** Overall quality in [0, 1]: a weighted mix of their labels' quality and their agreement with consensus. */
  quality: number;
  /** Share of their labels equal to the consensus label. */
  agreementWithConsensus: number;
  /** The class they most often get wrong (lowest agreement with consensus among the classes they used). */
  worstClass: number;
  /** Items they labeled. */
  numLabeled: number;
  /** Their weight in the CROWDLAB posterior (NaN for quality "agreement"). */
  weight: number;
}

/** CROWDLAB estimates for a multi-annotator dataset. */
export interface CrowdlabResult {
  /** Consensus class per item. */
  consensusLabel: Int32Array;
  /** Quality of each consensus label in [0, 1] (posterior probability of it, or the agreement share). */
  consensusQuality: Float64Array;
  /** Share of an item's annotators who chose the consensus label. */
  annotatorAgreement: Float64Array;
  /** Judgments per item. */
  numAnnotations: Int32Array;
  /** The majority-vote label per item (the starting point of best_quality). */
  majorityVote: Int32Array;
  /** Posterior class probabilities per item (items × K). */
  posterior: Matrix;
  /** Quality of every individual judgment (aligned with the judgments of `annotations`). */
  labelQuality: Float64Array;
  /** One entry per rater, lowest quality first (then lowest agreement; stable). */
  annotators: AnnotatorStats[];
  /** The model's weight in the posterior (NaN for quality "agreement"). */
  modelWeight: number;
  /** Each rater's weight in the posterior, indexed by rater code (NaN for quality "agreement"). */
  annotatorWeight: Float64Array;
}

const CLIP_LOW = 1e-6;

/**
 * CROWDLAB (Goh, Gupta & Mueller 2022, "CROWDLAB: Supervised learning to infer consensus labels and quality
 * scores for data with multiple annotators"): consensus labels, their quality, every judgment's quality and every
 * annotator's quality from several labels per item plus a model's out-of-sample probabilities (rows = items,
 * columns = class codes). Follows cleanlab 2.9's `get_label_quality_multiannotator`, on long-format judgments:
 * O(J + N·K) time for J judgments, nothing quadratic in items or raters.
 */
export function crowdlab(
  annotations: Annotations,
  probs: Matrix<FloatArray>,
  options: CrowdlabOptions = {},
): CrowdlabResult {
  const consensusMethod: ConsensusMethod = options.consensusMethod ?? "best_quality";
  const qualityMethod: MultiannotatorQualityMethod = options.qualityMethod ?? "crowdlab";
  const n = annotations.items.length;
  const k = probs.cols;
  const m = annotations.raters.length;
  const { item, rater, label } = annotations;
  if (probs.rows !== n) {
    throw new RangeError(`probabilities must have one row per item (got ${probs.rows} rows for ${n} items)`);
  }
  if (k < 2) throw new RangeError(`probabilities need at least 2 classes (columns), got ${k}`);
  for (let j = 0; j < label.length; j++) {
    if (!(label[j]! >= 0 && label[j]! < k)) {
      throw new RangeError(`label code ${label[j]} of judgment ${j} has no probability column (K = ${k})`);
    }
  }
  const groups = groupBy(item, n);
  const numAnnotations = new Int32Array(n);
  let multi = 0;
  for (let i = 0; i < n; i++) {
    numAnnotations[i] = groups.offsets[i + 1]! - groups.offsets[i]!;
    if (numAnnotations[i] === 0) throw new RangeError(`item "${annotations.items[i]}" has no judgments`);
    if (numAnnotations[i]! > 1) multi++;
  }
  if (multi === 0) throw new RangeError("CROWDLAB needs at least one item with two or more judgments");
  const ctx: Ctx = { n, k, m, item, rater, label, groups, numAnnotations, probs, qualityMethod };
  const majorityVote = majorityVoteLabel(ctx, options.seed ?? 0);
  let stats = consensusStats(ctx, majorityVote);
  let consensus = majorityVote;
  if (consensusMethod === "best_quality") {
    consensus = new Int32Array(n);
    const p = stats.posterior.data;
    for (let i = 0; i < n; i++) {
      let best = -Infinity;
      let arg = -1;
      let ties = 0;
      for (let c = 0; c < k; c++) {
        const v = p[i * k + c]!;
        if (v > best) {
          best = v;
          arg = c;
          ties = 1;
        } else if (v === best) ties++;
      }
      consensus[i] = ties === 1 ? arg : majorityVote[i]!;
    }
    stats = consensusStats(ctx, consensus);
  }
  // Quality of each judgment: the posterior probability of the class it chose.
  const post = stats.posterior.data;
  const labelQuality = new Float64Array(label.length);
  for (let j = 0; j < label.length; j++) labelQuality[j] = post[item[j]! * k + label[j]!]!;
  const annotators = annotatorStats(ctx, { consensus, labelQuality, stats });
  return {
    consensusLabel: consensus,
    consensusQuality: stats.quality,
    annotatorAgreement: stats.agreement,
    numAnnotations,
    majorityVote,
    posterior: stats.posterior,
    labelQuality,
    annotators,
    modelWeight: stats.modelWeight,
    annotatorWeight: stats.annotatorWeight,
  };
}

interface Ctx {
  n: number;
  k: number;
  m: number;
  item: Int32Array;
  rater: Int32Array;
  label: Int32Array;
  groups: { offsets: Int32Array; order: Int32Array };
  numAnnotations: Int32Array;
  probs: Matrix<FloatArray>;
  qualityMethod: MultiannotatorQualityMethod;
}

interface Stats {
  agreement: Float64Array;
  quality: Float64Array;
  posterior: Matrix;
  modelWeight: number;
  annotatorWeight: Float64Array;
}

/** Majority vote with cleanlab's tie-breaks: model probability, rarer class, annotator agreement, random. */
function majorityVoteLabel(ctx: Ctx, seed: number): Int32Array {
  const { n, k, m, label, rater, groups, probs } = ctx;
  const counts = new Float64Array(n * k);
  for (let j = 0; j < label.length; j++) counts[ctx.item[j]! * k + label[j]!]!++;
  const out = new Int32Array(n).fill(-1);
  const tied: number[][] = [];
  const tiedItems: number[] = [];
  for (let i = 0; i < n; i++) {
    let max = -1;
    for (let c = 0; c < k; c++) max = Math.max(max, counts[i * k + c]!);
    const modes: number[] = [];
    for (let c = 0; c < k; c++) if (counts[i * k + c] === max) modes.push(c);
    if (modes.length === 1) out[i] = modes[0]!;
    else {
      tied.push(modes);
      tiedItems.push(i);
    }
  }
  if (tiedItems.length === 0) return out;
  const keepBest = (modes: number[], score: (c: number) => number, wantMax: boolean): number[] => {
    let best = wantMax ? -Infinity : Infinity;
    for (const c of modes) best = wantMax ? Math.max(best, score(c)) : Math.min(best, score(c));
    return modes.filter((c) => score(c) === best);
  };
  // 1: the model's probability
  for (let t = 0; t < tied.length; t++) {
    const i = tiedItems[t]!;
    tied[t] = keepBest(tied[t]!, (c) => probs.data[i * k + c]!, true);
  }
  // 2: the rarer class overall
  const classTotals = new Float64Array(k);
  for (let j = 0; j < label.length; j++) classTotals[label[j]!]!++;
  for (let t = 0; t < tied.length; t++)
    if (tied[t]!.length > 1) tied[t] = keepBest(tied[t]!, (c) => classTotals[c]!, false);
  // 3: mean agreement (with the untied majority) of the annotators who chose each class
  if (tied.some((modes) => modes.length > 1)) {
    const hits = new Float64Array(m);
    const seen = new Float64Array(m);
    for (let j = 0; j < label.length; j++) {
      const mv = out[ctx.item[j]!]!;
      if (mv < 0) continue; // only items whose majority was untied to begin with
      seen[rater[j]!]!++;
      if (label[j] === mv) hits[rater[j]!]!++;
    }
    const agree = new Float64Array(m);
    let sum = 0;
    let count = 0;
    for (let r = 0; r < m; r++) {
      agree[r] = seen[r]! > 0 ? hits[r]! / seen[r]! : Number.NaN;
      if (seen[r]! > 0) {
        sum += agree[r]!;
        count++;
      }
    }
    for (let r = 0; r < m; r++) if (Number.isNaN(agree[r]!)) agree[r] = sum / count;
    for (let t = 0; t < tied.length; t++) {
      if (tied[t]!.length <= 1) continue;
      const i = tiedItems[t]!;
      const score = (c: number) => {
        let s = 0;
        let cnt = 0;
        for (let o = groups.offsets[i]!; o < groups.offsets[i + 1]!; o++) {
          const j = groups.order[o]!;
          if (label[j] === c) {
            s += agree[rater[j]!]!;
            cnt++;
          }
        }
        return s / cnt;
      };
      tied[t] = keepBest(tied[t]!, score, true);
    }
  }
  // 4: at random, seeded
  const rng = createRng(seed);
  for (let t = 0; t < tied.length; t++) {
    const modes = tied[t]!;
    out[tiedItems[t]!] = modes.length === 1 ? modes[0]! : modes[rng.int(modes.length)]!;
  }
  return out;
}

/** Agreement with a consensus, the posterior, weights and consensus quality (cleanlab's `_get_consensus_stats`). */
function consensusStats(ctx: Ctx, consensus: Int32Array): Stats {
  const { n, k, m, item, rater, label, numAnnotations, probs } = ctx;
  const agreement = new Float64Array(n);
  for (let j = 0; j < label.length; j++) if (label[j] === consensus[item[j]!]) agreement[item[j]!]!++;
  for (let i = 0; i < n; i++) agreement[i]! /= numAnnotations[i]!;
  const posterior = new Float64Array(n * k);
  if (ctx.qualityMethod === "agreement") {
    // The share of annotators choosing each class (cleanlab intends this; see crowdlabRef.test.ts for its bug).
    for (let j = 0; j < label.length; j++) posterior[item[j]! * k + label[j]!]!++;
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) posterior[i * k + c]! /= numAnnotations[i]!;
    return {
      agreement,
      quality: agreement,
      posterior: { rows: n, cols: k, data: posterior },
      modelWeight: Number.NaN,
      annotatorWeight: new Float64Array(m).fill(Number.NaN),
    };
  }
  {
    // Items with several annotations estimate how often annotators and the model agree with consensus.
    const multiAgreement: number[] = [];
    const subsetCounts = new Float64Array(k);
    let subset = 0;
    let modelWrong = 0;
    for (let i = 0; i < n; i++) {
      if (numAnnotations[i] === 1) continue;
      multiAgreement.push(agreement[i]!);
      subsetCounts[consensus[i]!]!++;
      subset++;
      if (argmaxRow(probs.data, i, k) !== consensus[i]) modelWrong++;
    }
    const consensusLikelihood = pairwiseSum(multiAgreement) / multiAgreement.length;
    const nonConsensusLikelihood = (1 - consensusLikelihood) / (k - 1);
    let mostLikely = 0;
    for (let c = 1; c < k; c++) if (subsetCounts[c]! > subsetCounts[mostLikely]!) mostLikely = c;
    const mostLikelyClassError = Math.max((subset - subsetCounts[mostLikely]!) / subset, CLIP_LOW);
    const withOthers = agreementWithAnnotators(ctx);
    const annotatorWeight = withOthers.map((a) => Math.max(1 - (1 - a) / mostLikelyClassError, CLIP_LOW));
    const meanAnnotations = pairwiseSum(Float64Array.from(numAnnotations)) / n;
    const modelWeight =
      Math.max(1 - modelWrong / subset / mostLikelyClassError, CLIP_LOW) * Math.sqrt(meanAnnotations);
    const total = new Float64Array(n).fill(0);
    for (let j = 0; j < label.length; j++) total[item[j]!]! += annotatorWeight[rater[j]!]!;
    for (let i = 0; i < n; i++) {
      total[i]! += modelWeight;
      for (let c = 0; c < k; c++) posterior[i * k + c] = probs.data[i * k + c]! * modelWeight;
    }
    for (let j = 0; j < label.length; j++) {
      const w = annotatorWeight[rater[j]!]!;
      const base = item[j]! * k;
      for (let c = 0; c < k; c++) {
        posterior[base + c]! += c === label[j] ? w * consensusLikelihood : w * nonConsensusLikelihood;
      }
    }
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) posterior[i * k + c]! /= total[i]!;
    const quality = new Float64Array(n);
    for (let i = 0; i < n; i++) quality[i] = posterior[i * k + consensus[i]!]!;
    return {
      agreement,
      quality,
      posterior: { rows: n, cols: k, data: posterior },
      modelWeight,
      annotatorWeight,
    };
  }
}

/**
 * Each annotator's agreement with the other annotators of the same items: Σ (others choosing the same label) /
 * Σ (others), over their items with two or more annotations; the mean of the others where an annotator shares no
 * item.
 */
function agreementWithAnnotators(ctx: Ctx): Float64Array {
  const { n, k, m, item, rater, label, numAnnotations } = ctx;
  const counts = new Float64Array(n * k);
  for (let j = 0; j < label.length; j++) counts[item[j]! * k + label[j]!]!++;
  const agreeSum = new Float64Array(m);
  const weightSum = new Float64Array(m);
  for (let j = 0; j < label.length; j++) {
    const i = item[j]!;
    const others = numAnnotations[i]! - 1;
    if (others === 0) continue;
    const same = counts[i * k + label[j]!]! - 1;
    agreeSum[rater[j]!]! += (same / others) * others;
    weightSum[rater[j]!]! += others;
  }
  const out = new Float64Array(m);
  let sum = 0;
  let count = 0;
  for (let r = 0; r < m; r++) {
    out[r] = weightSum[r]! > 0 ? agreeSum[r]! / weightSum[r]! : Number.NaN;
    if (weightSum[r]! > 0) {
      sum += out[r]!;
      count++;
    }
  }
  for (let r = 0; r < m; r++) if (Number.isNaN(out[r]!)) out[r] = sum / count;
  return out;
}

/** Per-annotator quality, agreement, worst class and counts (cleanlab's `_get_annotator_stats`). */
function annotatorStats(
  ctx: Ctx,
  s: { consensus: Int32Array; labelQuality: Float64Array; stats: Stats },
): AnnotatorStats[] {
  const { n, k, m, item, rater, label, numAnnotations } = ctx;
  const { consensus, labelQuality, stats } = s;
  const numLabeled = new Float64Array(m);
  const agreeAll = new Float64Array(m);
  const qualitySum = new Float64Array(m);
  const multiSeen = new Float64Array(m);
  const multiAgree = new Float64Array(m);
  // per (rater, class): judgments, agreements and consensus-quality sums, for the worst class
  const classSeen = new Float64Array(m * k);
  const classAgree = new Float64Array(m * k);
  const classQuality = new Float64Array(m * k);
  for (let j = 0; j < label.length; j++) {
    const r = rater[j]!;
    const i = item[j]!;
    const ok = label[j] === consensus[i] ? 1 : 0;
    numLabeled[r]!++;
    agreeAll[r]! += ok;
    qualitySum[r]! += labelQuality[j]!;
    if (numAnnotations[i] !== 1) {
      multiSeen[r]!++;
      multiAgree[r]! += ok;
    }
    const rc = r * k + label[j]!;
    classSeen[rc]!++;
    classAgree[rc]! += ok;
    classQuality[rc]! += stats.quality[i]!;
  }
  let weightTotal = 0;
  for (let r = 0; r < m; r++) weightTotal += stats.annotatorWeight[r]!;
  const meanAnnotations = pairwiseSum(Float64Array.from(numAnnotations)) / n;
  const adjustedWeight = weightTotal * (meanAnnotations / m);
  const w = stats.modelWeight / (stats.modelWeight + adjustedWeight);
  const out: AnnotatorStats[] = [];
  for (let r = 0; r < m; r++) {
    const agreementMulti = multiSeen[r]! > 0 ? multiAgree[r]! / multiSeen[r]! : Number.NaN;
    const quality =
      ctx.qualityMethod === "agreement"
        ? agreementMulti
        : w * (qualitySum[r]! / numLabeled[r]!) + (1 - w) * agreementMulti;
    // worst class: lowest accuracy; then most labels of that class; then highest mean consensus quality; then first
    let worst = -1;
    for (let c = 0; c < k; c++) {
      const rc = r * k + c;
      if (classSeen[rc] === 0) continue;
      if (worst < 0) {
        worst = c;
        continue;
      }
      const rw = r * k + worst;
      const acc = classAgree[rc]! / classSeen[rc]!;
      const accW = classAgree[rw]! / classSeen[rw]!;
      if (acc !== accW) {
        if (acc < accW) worst = c;
        continue;
      }
      if (classSeen[rc] !== classSeen[rw]) {
        if (classSeen[rc]! > classSeen[rw]!) worst = c;
        continue;
      }
      if (classQuality[rc]! / classSeen[rc]! > classQuality[rw]! / classSeen[rw]!) worst = c;
    }
    out.push({
      rater: r,
      quality,
      agreementWithConsensus: numLabeled[r]! > 0 ? agreeAll[r]! / numLabeled[r]! : Number.NaN,
      worstClass: worst,
      numLabeled: numLabeled[r]!,
      weight: stats.annotatorWeight[r]!,
    });
  }
  // ascending quality, then agreement; NaN last (as pandas sorts)
  const key = (x: number) => (Number.isNaN(x) ? Infinity : x);
  return out.sort(
    (a, b) =>
      key(a.quality) - key(b.quality) || key(a.agreementWithConsensus) - key(b.agreementWithConsensus),
  );
}
