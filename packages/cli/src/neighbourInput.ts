// Input of the neighbour-based commands (outliers, near-dups): DATA and/or a features .npy, and the vectors to
// search, made with learning.ts's dataset readers and feature makers.
import type { Features } from "@vox/core";
import { createProgress, type Progress } from "@vox/io";
import type { CliContext } from "./context.js";
import { UsageError } from "./context.js";
import {
  checkAborted,
  type FeatureCliOptions,
  featureSpec,
  fitFeatures,
  type LoadedData,
  loadData,
} from "./learning.js";

/** Rows (ids, texts, labels) and the vectors to search. */
export interface NeighbourInput {
  data: LoadedData;
  /** Absent when the caller asked for no vectors (`vectors: false`) and DATA is not a .npy. */
  features?: Features;
  /** What the vectors are: "npy", "tfidf", "hashing", "embed:DIR". */
  source: string;
}

const isNpyPath = (s: string) => s.toLowerCase().endsWith(".npy") && !s.startsWith("npy:");

/**
 * Resolves `DATA` and `--features`: `--features F.npy` alone makes F.npy the data (rows = vectors); beside DATA it
 * means `npy:F.npy` (vectors aligned with DATA's rows); otherwise --features says how DATA's texts become vectors
 * (none are made with `o.vectors === false`).
 */
export async function loadNeighbourInput(
  data: string | undefined,
  o: FeatureCliOptions & { vectors?: boolean },
  ctx: CliContext,
): Promise<NeighbourInput> {
  let path = data;
  if (isNpyPath(o.features)) {
    if (path === undefined) {
      path = o.features;
      o.features = "tfidf";
    } else o.features = `npy:${o.features}`;
  }
  if (path === undefined) throw new UsageError("give the data: a dataset file, or --features F.npy");
  const loaded = await loadData(path, o, ctx);
  if (o.vectors === false && !loaded.matrix) return { data: loaded, source: "none" };
  const fitted = await fitFeatures(featureSpec(o), loaded, { ctx });
  return { data: loaded, features: fitted.x, source: loaded.matrix ? "npy" : o.features };
}

/** A TTY-only progress line over rows, as the core neighbour searches report it. */
export function rowProgress(ctx: CliContext, label: string, total: number): Progress {
  return createProgress({ label, total, unit: "rows", stream: ctx.stderr });
}

/**
 * For a neighbour search's `.catch`: Ctrl-C becomes the CLI's "interrupted" error (nothing written to `path`), a
 * core RangeError (bad k, metric for sparse rows) a usage error (exit 2); anything else is rethrown.
 */
export function rethrowSearchError(ctx: CliContext, path: string): (e: unknown) => never {
  return (e) => {
    checkAborted(ctx, path);
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  };
}
