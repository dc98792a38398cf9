import { entropyStrategy } from "./entropy.js";
import { leastConfidenceStrategy } from "./leastConfidence.js";
import { marginStrategy } from "./margin.js";
import { randomStrategy } from "./random.js";
import type { QueryStrategy } from "./types.js";

/**
 * Every query strategy of vox by registry name (what `vox select --strategy` and `vox simulate --strategies`
 * accept). The conformance suite runs each entry.
 */
export const queryStrategies: Readonly<Record<string, QueryStrategy>> = Object.freeze(
  Object.fromEntries(
    [randomStrategy, leastConfidenceStrategy, marginStrategy, entropyStrategy].map((s) => [s.name, s]),
  ),
);

/** The strategy registered under `name`; the error lists the known names. */
export function getQueryStrategy(name: string): QueryStrategy {
  const strategy = Object.hasOwn(queryStrategies, name) ? queryStrategies[name] : undefined;
  if (!strategy)
    throw new RangeError(
      `unknown query strategy "${name}" (known: ${Object.keys(queryStrategies).join(", ")})`,
    );
  return strategy;
}
