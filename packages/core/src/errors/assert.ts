/**
 * Shared input checks for core. Each throws a `RangeError` or `TypeError` with a precise, stable message so
 * callers (the CLI, the server) can show it to a user unchanged.
 */

/** Throws a `RangeError` unless `value` is an integer in [min, max]. */
export function assertInteger(value: number, name: string, range: { min?: number; max?: number } = {}): void {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer (got ${value})`);
  if (value < min || value > max) {
    throw new RangeError(`${name} must be between ${min} and ${max} (got ${value})`);
  }
}

/** Throws a `RangeError` unless `value` is a finite number in [min, max]. */
export function assertFiniteInRange(
  value: number,
  name: string,
  range: { min?: number; max?: number } = {},
): void {
  const { min = -Infinity, max = Infinity } = range;
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number (got ${value})`);
  if (value < min || value > max) {
    throw new RangeError(`${name} must be between ${min} and ${max} (got ${value})`);
  }
}

/** Throws a `RangeError` unless the two lengths are equal. */
export function assertSameLength(a: { length: number }, b: { length: number }, what: string): void {
  if (a.length !== b.length) {
    throw new RangeError(`${what} must have the same length (got ${a.length} and ${b.length})`);
  }
}

/** Throws a `RangeError` unless every code in `codes` lies in [0, size). */
export function assertCodes(codes: ArrayLike<number>, size: number, name: string): void {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (!(c >= 0 && c < size) || !Number.isInteger(c)) {
      throw new RangeError(`${name}[${i}] must be an integer code in [0, ${size}) (got ${c})`);
    }
  }
}
