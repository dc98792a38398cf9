import { assertInteger } from "../../errors/assert.js";
import type { StopDecision } from "./types.js";

/** Budget: stop once `used` labels (or judgments) reach `budget`. */
export function budgetStop(used: number, budget: number): StopDecision {
  assertInteger(used, "used", { min: 0 });
  assertInteger(budget, "budget", { min: 0 });
  return { stop: used >= budget, value: used, threshold: budget, reason: `${used} of ${budget} labels used` };
}
