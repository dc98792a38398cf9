import { badgeStrategy } from "./badge.js";
import { baldStrategy } from "./bald.js";
import { batchBaldStrategy } from "./batchBald.js";
import { classBalancedStrategy } from "./classBalanced.js";
import { clusterMarginStrategy } from "./clusterMargin.js";
import { coldStartStrategy } from "./coldStart.js";
import { consensusKlStrategy } from "./consensusKl.js";
import { contrastiveStrategy } from "./contrastive.js";
import { coreSetStrategy } from "./coreSet.js";
import { discriminativeStrategy } from "./discriminative.js";
import { entropyStrategy } from "./entropy.js";
import { expectedGradientLengthStrategy } from "./expectedGradientLength.js";
import { informationDensityStrategy } from "./informationDensity.js";
import { leastConfidenceStrategy } from "./leastConfidence.js";
import { marginStrategy } from "./margin.js";
import { randomStrategy } from "./random.js";
import type { QueryStrategy } from "./types.js";
import { voteEntropyStrategy } from "./voteEntropy.js";

/**
 * Every query strategy of vox by registry name (what `vox select --strategy` and `vox simulate --strategies`
 * accept). The conformance suite runs each entry.
 */
export const queryStrategies: Readonly<Record<string, QueryStrategy>> = Object.freeze(
  Object.fromEntries(
    [
      randomStrategy,
      leastConfidenceStrategy,
      marginStrategy,
      entropyStrategy,
      voteEntropyStrategy,
      consensusKlStrategy,
      baldStrategy,
      coreSetStrategy,
      badgeStrategy,
      expectedGradientLengthStrategy,
      batchBaldStrategy,
      informationDensityStrategy,
      clusterMarginStrategy,
      contrastiveStrategy,
      discriminativeStrategy,
      coldStartStrategy,
      classBalancedStrategy,
    ].map((s) => [s.name, s]),
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
