import Table from "cli-table3";

/** Where a command writes: JSON or tables on stdout, logs and progress on stderr. */
export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

/** What every command receives besides its own options. */
export interface CliContext extends CliIo {
  /** Fires on Ctrl-C; long work passes it down and stops cleanly. */
  signal: AbortSignal;
}

/**
 * A problem with what the user asked for (bad option value, impossible combination): exit code 2 with the message.
 * Files with bad content raise VoxIoError instead, which also exits 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Prints a value as JSON on stdout (NaN and ±Infinity become null, as JSON has no such numbers). */
export function printJson(ctx: CliIo, value: unknown): void {
  ctx.stdout.write(
    `${JSON.stringify(value, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
}

/** Prints a line to stderr (logs, warnings: never mixed into stdout's data). */
export function log(ctx: CliIo, message: string): void {
  ctx.stderr.write(`${message}\n`);
}

/** Formats a number for people: integers as is, others with `digits` significant decimals. */
export function fmt(x: number, digits = 3): string {
  if (Number.isNaN(x)) return "–";
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(digits);
}

/** Renders rows as a plain text table for stdout. */
export function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const none = { top: "", "top-mid": "", "top-left": "", "top-right": "", bottom: "", "bottom-mid": "" };
  const t = new Table({
    head: [...head],
    style: { head: [], border: [], compact: true, "padding-left": 0, "padding-right": 2 },
    chars: {
      ...none,
      "bottom-left": "",
      "bottom-right": "",
      left: "",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "",
    },
  });
  for (const r of rows) t.push(r.map((c) => (typeof c === "number" ? fmt(c) : c)));
  return `${t
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")}\n`;
}

/** Parses an integer option value, or throws a UsageError naming the option. */
export function intOption(name: string, range: { min?: number; max?: number } = {}): (v: string) => number {
  return (v) => {
    const n = Number(v);
    const { min = -Infinity, max = Infinity } = range;
    if (!/^[-+]?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      const bounds = max === Infinity ? `≥ ${min}` : `between ${min} and ${max}`;
      throw new UsageError(`${name} must be an integer ${bounds} (got ${JSON.stringify(v)})`);
    }
    return n;
  };
}

/** Parses a number option value in [min, max], or throws a UsageError naming the option. */
export function numberOption(
  name: string,
  range: { min?: number; max?: number } = {},
): (v: string) => number {
  return (v) => {
    const n = Number(v);
    const { min = -Infinity, max = Infinity } = range;
    if (v.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
      throw new UsageError(`${name} must be a number between ${min} and ${max} (got ${JSON.stringify(v)})`);
    }
    return n;
  };
}

/** Parses one of a fixed set of choices, or throws a UsageError listing them. */
export function choiceOption<T extends string>(name: string, choices: readonly T[]): (v: string) => T {
  return (v) => {
    if (!(choices as readonly string[]).includes(v)) {
      throw new UsageError(`${name} must be one of ${choices.join(", ")} (got ${JSON.stringify(v)})`);
    }
    return v as T;
  };
}
