// Numbers a test measures (correlations, AUROC, precision) printed on stderr, so a run shows what was reached, not
// only that a bound held. Node-only (test-support), so core tests may call it despite core's no-console rule.

/** Prints "[measured] NAME: VALUE" on stderr and returns the value. */
export function reportMeasured(name: string, value: number): number {
  process.stderr.write(`[measured] ${name}: ${Number.isFinite(value) ? value.toFixed(4) : String(value)}\n`);
  return value;
}
