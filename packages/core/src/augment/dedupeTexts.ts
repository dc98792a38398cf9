import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { normalizeForDedupe } from "./normalizeForDedupe.js";

/** Why a text was dropped, as stored in `DedupeResult.reason`. */
export const DEDUPE_REASONS = ["unique", "exact", "normalized", "near"] as const;

/** Options for `dedupeTexts`. */
export interface DedupeOptions {
  /** Texts already held (the real examples): a text matching one of them is a duplicate too. Default none. */
  reference?: readonly string[];
  /** Character n-gram Jaccard similarity at or above which two texts are near-duplicates. Default 0.8; 1 disables. */
  threshold?: number;
  /** Length of the character n-grams (shingles). Default 3. */
  ngram?: number;
  /** MinHash bands × rows (signature length bands·rows); more bands find lower similarities. Default 32 × 4. */
  bands?: number;
  /** Default 4. */
  rows?: number;
}

/** Which texts to keep and why the others go. */
export interface DedupeResult {
  /** 1 = keep (first occurrence), 0 = duplicate. */
  keep: Uint8Array;
  /** Index into `DEDUPE_REASONS`. */
  reason: Uint8Array;
  /**
   * What a dropped text duplicates: an index into `texts` (≥ 0), or −2 − k for `reference[k]`; −1 for kept texts.
   */
  duplicateOf: Int32Array;
  /** Jaccard similarity to that text (1 for exact and normalised duplicates, 0 for kept texts). */
  similarity: Float64Array;
}

const EMPTY = new Uint32Array(0);

/** FNV-1a of a string, 32 bits. */
function fnv1a(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A 32-bit mixer (the murmur3 finaliser) for the MinHash family h_k(x) = mix(x ⊕ salt_k). */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Sorted distinct hashes of the character n-grams of ` text ` (a short text is one shingle). */
function shingles(text: string, n: number): Uint32Array {
  const s = ` ${text} `;
  if (s.length <= n) return Uint32Array.of(fnv1a(s, 0, s.length));
  const out = new Uint32Array(s.length - n + 1);
  for (let i = 0; i + n <= s.length; i++) out[i] = fnv1a(s, i, i + n);
  out.sort();
  let w = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[w++] = out[i]!;
  return out.slice(0, w);
}

/** |A ∩ B| / |A ∪ B| of two sorted distinct arrays, by merging. */
function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      both++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  const union = a.length + b.length - both;
  return union === 0 ? 1 : both / union;
}

/**
 * Removes repeated texts in three passes, keeping the first of each group: exact repeats, repeats after
 * `normalizeForDedupe`, and near-duplicates whose character n-gram Jaccard similarity reaches `threshold`. Near
 * duplicates are found with MinHash and locality-sensitive hashing (Broder 1997; Indyk & Motwani 1998; bands of
 * rows as in Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3) and every candidate pair is checked
 * with the exact Jaccard similarity, so no pair below the threshold is ever dropped; a pair above it can be missed
 * with small probability (≈ (1 − s^rows)^bands for similarity s: 3·10⁻⁸ at s = 0.8 with the defaults).
 * O(total characters · bands · rows) plus the candidate checks; deterministic (no seed).
 */
export function dedupeTexts(texts: readonly string[], options: DedupeOptions = {}): DedupeResult {
  const { reference = [], threshold = 0.8, ngram = 3, bands = 32, rows = 4 } = options;
  assertFiniteInRange(threshold, "threshold", { min: 0, max: 1 });
  assertInteger(ngram, "ngram", { min: 1, max: 64 });
  assertInteger(bands, "bands", { min: 1, max: 1024 });
  assertInteger(rows, "rows", { min: 1, max: 64 });
  const m = texts.length;
  const keep = new Uint8Array(m);
  const reason = new Uint8Array(m);
  const duplicateOf = new Int32Array(m).fill(-1);
  const similarity = new Float64Array(m);
  const salts = new Uint32Array(bands * rows);
  for (let k = 0; k < salts.length; k++) salts[k] = mix(0x9e3779b9 + k * 0x7f4a7c15);
  const exact = new Map<string, number>();
  const normal = new Map<string, number>();
  const buckets = new Map<string, number[]>();
  const sets: Uint32Array[] = [];
  const near = threshold < 1;
  // Entries: references first (id −2 − k), then kept texts (id i); sets[] is indexed by entry order.
  const entryId: number[] = [];
  const signature = new Uint32Array(bands * rows);
  const bandKeys = (set: Uint32Array): string[] => {
    signature.fill(0xffffffff);
    for (let s = 0; s < set.length; s++) {
      const x = set[s]!;
      for (let k = 0; k < signature.length; k++) {
        const h = mix(x ^ salts[k]!);
        if (h < signature[k]!) signature[k] = h;
      }
    }
    const keys: string[] = [];
    for (let b = 0; b < bands; b++)
      keys.push(`${b}:${signature.subarray(b * rows, (b + 1) * rows).join(",")}`);
    return keys;
  };
  const add = (
    id: number,
    e: { text: string; normalized: string; set: Uint32Array; keys: string[] },
  ): void => {
    const { text, normalized, set, keys } = e;
    if (!exact.has(text)) exact.set(text, id);
    if (!normal.has(normalized)) normal.set(normalized, id);
    if (!near) return;
    const entry = sets.length;
    sets.push(set);
    entryId.push(id);
    for (const key of keys) {
      const list = buckets.get(key);
      if (list) list.push(entry);
      else buckets.set(key, [entry]);
    }
  };
  reference.forEach((text, k) => {
    const normalized = normalizeForDedupe(text);
    const set = near ? shingles(normalized, ngram) : EMPTY;
    add(-2 - k, { text, normalized, set, keys: near ? bandKeys(set) : [] });
  });
  for (let i = 0; i < m; i++) {
    const text = texts[i]!;
    const e = exact.get(text);
    if (e !== undefined) {
      reason[i] = 1;
      duplicateOf[i] = e;
      similarity[i] = 1;
      continue;
    }
    const normalized = normalizeForDedupe(text);
    const nn = normal.get(normalized);
    if (nn !== undefined) {
      reason[i] = 2;
      duplicateOf[i] = nn;
      similarity[i] = 1;
      continue;
    }
    const set = near ? shingles(normalized, ngram) : EMPTY;
    const keys = near ? bandKeys(set) : [];
    let best = -1;
    let bestSim = -1;
    const seen = new Set<number>();
    for (const key of keys) {
      for (const entry of buckets.get(key) ?? []) {
        if (seen.has(entry)) continue;
        seen.add(entry);
        const sim = jaccard(set, sets[entry]!);
        if (sim >= threshold && sim > bestSim) {
          bestSim = sim;
          best = entry;
        }
      }
    }
    if (best >= 0) {
      reason[i] = 3;
      duplicateOf[i] = entryId[best]!;
      similarity[i] = bestSim;
      continue;
    }
    keep[i] = 1;
    add(i, { text, normalized, set, keys });
  }
  return { keep, reason, duplicateOf, similarity };
}
