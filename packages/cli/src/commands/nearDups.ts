import {
  duplicateSets,
  exactDuplicateRows,
  exactDuplicateTexts,
  type Features,
  nearDuplicatePairs,
  type RadiusResult,
} from "@vox/core";
import { writeTable } from "@vox/io";
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
import { addFeatureOptions, encodeLabels, type FeatureCliOptions } from "../learning.js";
import { loadNeighbourInput, rethrowSearchError, rowProgress } from "../neighbourInput.js";

interface NearDupsOptions extends FeatureCliOptions {
  texts?: string;
  threshold: number;
  k: number;
  seed: number;
  top: number;
  out?: string;
  json?: boolean;
}

const SNIPPET = 80;

/** `vox near-dups`: exact and near-duplicate sets, with the sets whose labels disagree. */
export function registerNearDups(program: Command, ctx: CliContext): void {
  const cmd = program
    .command("near-dups")
    .summary("find exact and near-duplicate rows and the duplicate sets whose labels conflict")
    .description(
      "Exact duplicates: texts equal after Unicode NFKC, case and whitespace folding (seeded hashing, linear time),\n" +
        "or identical feature rows. Near duplicates: cosine similarity >= --threshold between the rows' vectors\n" +
        "(--features tfidf [default with --texts], hashing, embed:DIR, F.npy aligned with the texts, or none for\n" +
        "exact only). Links are merged into sets (union-find); a set whose rows carry different labels is flagged\n" +
        "conflicting: the same example labelled two ways, so at least one label is wrong. Labels come from DATA's\n" +
        "label column or --labels FILE. `--features F.npy` alone searches embeddings without texts. See docs/quality.md.",
    )
    .option("--texts <data>", "dataset with a text column (JSONL, CSV/TSV, label<TAB>text)")
    .option(
      "--threshold <s>",
      "cosine similarity at or above which two rows are near duplicates (1 = exact only)",
      numberOption("--threshold", { min: -1, max: 1 }),
      0.95,
    )
    .option(
      "--k <n>",
      "sparse (tf-idf) vectors: nearest rows examined per row",
      intOption("--k", { min: 1 }),
      10,
    )
    .option(
      "--seed <n>",
      "seed of the text hash (results do not depend on it)",
      intOption("--seed", { min: 0 }),
      0,
    )
    .option("--top <n>", "sets to show", intOption("--top", { min: 0 }), 10)
    .option(
      "--out <file>",
      "write one row per member of each set, conflicting sets first (CSV, TSV or JSONL)",
    );
  addFeatureOptions(cmd)
    .option("--json", "print JSON on stdout")
    .action(async (o: NearDupsOptions) => {
      const started = Date.now();
      const vectors = o.features !== "none";
      if (!vectors) o.features = "tfidf";
      if (!o.texts && !vectors)
        throw new UsageError("--features none needs --texts DATA (exact text duplicates)");
      const input = await loadNeighbourInput(o.texts, { ...o, vectors }, ctx);
      const { ids, texts } = input.data;
      const n = ids.length;
      const group = texts
        ? exactDuplicateTexts(texts, o.seed)
        : input.features && exactDuplicateRows(input.features, o.seed);
      let near: RadiusResult | undefined;
      if (input.features && o.threshold < 1) near = await search(input.features, o, ctx);
      const labelCodes = input.data.labels ? encodeLabels(input.data.labels).codes : undefined;
      const found = duplicateSets({
        rows: n,
        ...(group ? { group } : {}),
        ...(near ? { near } : {}),
        ...(labelCodes ? { labels: labelCodes } : {}),
      });
      const labels = input.data.labels;
      let exactDuplicates = 0;
      let exactGroups = 0;
      if (group)
        for (let i = 0; i < n; i++) {
          if (group[i] !== i) exactDuplicates++;
          else if (
            found.setOf[i]! >= 0 &&
            found.sets[found.setOf[i]!]!.some((j) => j !== i && group[j] === i)
          )
            exactGroups++;
        }
      // conflicting sets first, then larger sets, then by first row
      const setOrder = Array.from(found.sets.keys()).sort(
        (a, b) =>
          found.conflicting[b]! - found.conflicting[a]! ||
          found.sets[b]!.length - found.sets[a]!.length ||
          found.sets[a]![0]! - found.sets[b]![0]!,
      );
      const snippet = (i: number) => {
        const t = texts?.[i] ?? "";
        return t.length > SNIPPET ? `${t.slice(0, SNIPPET - 1)}…` : t;
      };
      if (o.out) {
        const header = [
          "set",
          "set_size",
          "conflicting",
          "exact_of",
          "row",
          "id",
          "label",
          ...(texts ? ["text"] : []),
        ];
        const rows = function* () {
          for (const s of setOrder)
            for (const i of found.sets[s]!)
              yield [
                s,
                found.sets[s]!.length,
                found.conflicting[s]!,
                group && group[i] !== i ? group[i]! : "",
                i,
                ids[i]!,
                labels?.[i] ?? "",
                ...(texts ? [texts[i]!] : []),
              ];
        };
        await writeTable(o.out, { header, rows: rows() }, { signal: ctx.signal });
        log(
          ctx,
          `wrote ${found.sets.reduce((s, m) => s + m.length, 0)} rows (${found.sets.length} sets) to ${o.out}`,
        );
      }
      const conflicting = found.conflicting.reduce((s, v) => s + v, 0);
      const rowsInSets = found.sets.reduce((s, m) => s + m.length, 0);
      let rowsInConflicting = 0;
      found.sets.forEach((m, s) => {
        if (found.conflicting[s]) rowsInConflicting += m.length;
      });
      const top = setOrder.slice(0, o.top).map((s) => ({
        set: s,
        size: found.sets[s]!.length,
        conflicting: found.conflicting[s] === 1,
        exact: found.exact[s] === 1,
        members: Array.from(found.sets[s]!.subarray(0, 10), (i) => ({
          row: i,
          id: ids[i]!,
          ...(labels ? { label: labels[i]! } : {}),
          ...(texts ? { text: snippet(i) } : {}),
        })),
      }));
      const result = {
        rows: n,
        vectors: input.source,
        threshold: o.threshold,
        exactDuplicates,
        exactGroups,
        nearPairs: near ? countPairs(near) : 0,
        sets: found.sets.length,
        rowsInSets,
        exactSets: found.exact.reduce((s, v) => s + v, 0),
        conflictingSets: conflicting,
        rowsInConflictingSets: rowsInConflicting,
        labelled: labels !== undefined,
        seconds: (Date.now() - started) / 1000,
        top,
        ...(o.out ? { out: o.out } : {}),
      };
      if (o.json) return printJson(ctx, result);
      ctx.stdout.write(
        `${n} rows: ${exactDuplicates} exact duplicates of an earlier row${texts ? " (case/whitespace folded)" : ""}` +
          `${near ? `, ${result.nearPairs} pairs with cosine similarity >= ${o.threshold} (${input.source})` : ""}; ` +
          `${found.sets.length} duplicate sets holding ${rowsInSets} rows` +
          `${labels ? `, ${conflicting} with conflicting labels (${rowsInConflicting} rows)` : ""}.\n`,
      );
      if (top.length) {
        ctx.stdout.write(`\n${labels ? "Conflicting and largest" : "Largest"} sets:\n`);
        ctx.stdout.write(
          table(
            [
              "set",
              "size",
              ...(labels ? ["conflict"] : []),
              "rows (id: label)",
              ...(texts ? ["first text"] : []),
            ],
            top.map((t) => [
              t.set,
              t.size,
              ...(labels ? [t.conflicting ? "yes" : ""] : []),
              t.members
                .slice(0, 5)
                .map((m) => (labels ? `${m.id}: ${m.label}` : m.id))
                .join(", ") + (t.size > 5 ? ", …" : ""),
              ...(texts ? [t.members[0]!.text ?? ""] : []),
            ]),
          ),
        );
      }
      log(ctx, `took ${fmt(result.seconds, 2)} s`);
    });
}

async function search(features: Features, o: NearDupsOptions, ctx: CliContext): Promise<RadiusResult> {
  if (features.rows < 2)
    return {
      indptr: new Int32Array(features.rows + 1),
      indices: new Int32Array(),
      distances: new Float64Array(),
    };
  const progress = rowProgress(ctx, "near duplicates", features.rows);
  try {
    return await nearDuplicatePairs(features, {
      similarity: o.threshold,
      k: Math.min(o.k, features.rows - 1),
      signal: ctx.signal,
      onProgress: (done) => progress.update(done),
    }).catch(rethrowSearchError(ctx, o.out ?? "near-dups"));
  } finally {
    progress.finish();
  }
}

/** Unordered pairs {i, j} linked in either direction (sparse searches need not be symmetric). */
function countPairs(near: RadiusResult): number {
  const n = near.indptr.length - 1;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++)
    for (let p = near.indptr[i]!; p < near.indptr[i + 1]!; p++) {
      const j = near.indices[p]!;
      seen.add(Math.min(i, j) * n + Math.max(i, j));
    }
  return seen.size;
}
