/** Where progress goes: anything with `write`, and `isTTY` when it is a terminal. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** A progress line on a terminal: `update` at any rate, redrawn at most every `intervalMs`. */
export interface Progress {
  /** Reports `done` of `total` units (total 0 = unknown). */
  update(done: number): void;
  /** Clears the line. */
  finish(): void;
}

/** Options for `createProgress`. */
export interface ProgressOptions {
  /** What is being done ("reading answers.csv"). */
  label: string;
  /** Total units (bytes, rows); 0 when unknown. */
  total?: number;
  /** How units are shown. Default "bytes". */
  unit?: "bytes" | "rows" | "replicates";
  /** Default: process.stderr. Progress is drawn only when this is a terminal. */
  stream?: ProgressStream;
  /** Minimum time between redraws. Default 200 ms. */
  intervalMs?: number;
}

const NOOP: Progress = { update() {}, finish() {} };

function fmt(n: number, unit: "bytes" | "rows" | "replicates"): string {
  if (unit !== "bytes") return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M ${unit}` : `${Math.round(n)} ${unit}`;
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  return `${(n / 1024).toFixed(0)} KiB`;
}

/**
 * A progress reporter that writes to stderr only when stderr is a terminal, so pipes and logs stay clean.
 * Returns a no-op reporter otherwise.
 */
export function createProgress(options: ProgressOptions): Progress {
  const { label, total = 0, unit = "bytes", stream = process.stderr, intervalMs = 200 } = options;
  if (!stream.isTTY) return NOOP;
  const start = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(done) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      const secs = (now - start) / 1000;
      const pct = total > 0 ? ` ${((100 * done) / total).toFixed(0)}%` : "";
      const rate = secs > 0 ? ` ${fmt(done / secs, unit)}/s` : "";
      stream.write(
        `\r\x1b[2K${label}:${pct} ${fmt(done, unit)}${total > 0 ? ` of ${fmt(total, unit)}` : ""}${rate}`,
      );
      drawn = true;
    },
    finish() {
      if (drawn) stream.write("\r\x1b[2K");
    },
  };
}
