import { createRng } from "../random/rng.js";
import { defineStrategy } from "./context.js";

/** Passive learning's baseline: a uniformly random batch of the pool (seeded). O(batch) expected. */
export const randomStrategy = defineStrategy({
  name: "random",
  summary: "uniformly random rows of the pool (the baseline every strategy must beat)",
  reference: "Settles 2009, Active learning literature survey, §1 (passive learning baseline)",
  requires: [],
  choose(context) {
    const picks = createRng(context.seed).sample(context.pool.length, context.take);
    const indices = new Int32Array(picks.length);
    for (let t = 0; t < picks.length; t++) indices[t] = context.pool[picks[t]!]!;
    return { indices, scores: new Float64Array(picks.length).fill(Number.NaN) };
  },
});
