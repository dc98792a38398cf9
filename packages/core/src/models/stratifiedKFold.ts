import { groupBy } from "../data/groupBy.js";
import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import { createRng, type Seed } from "../random/rng.js";

/** Rows in class order, each class's rows shuffled (the order stratified splits deal from). */
function stratifiedOrder(y: Int32Array, seed: Seed): Int32Array {
  let k = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i]! < 0) throw new RangeError(`labels[${i}] must be ≥ 0 (got ${y[i]})`);
    k = Math.max(k, y[i]! + 1);
  }
  const { offsets, order } = groupBy(y, k);
  const rng = createRng(seed);
  for (let c = 0; c < k; c++) rng.shuffle(order.subarray(offsets[c]!, offsets[c + 1]!));
  return order;
}

/**
 * Assigns each row to one of `folds` folds so every fold holds each class in (nearly) the same proportion and the
 * folds differ in size by at most one row: each class's rows are shuffled and dealt round-robin, continuing
 * across classes. O(n). (Same guarantees as scikit-learn's StratifiedKFold(shuffle=True), not the same folds.)
 */
export function stratifiedKFold(y: Int32Array, options: { folds?: number; seed?: Seed } = {}): Int32Array {
  const { folds = 5, seed = 0 } = options;
  assertInteger(folds, "folds", { min: 2 });
  if (folds > y.length)
    throw new RangeError(`folds (${folds}) cannot exceed the number of rows (${y.length})`);
  const order = stratifiedOrder(y, seed);
  const fold = new Int32Array(y.length);
  for (let t = 0; t < order.length; t++) fold[order[t]!] = t % folds;
  return fold;
}

/**
 * A stratified hold-out mask (1 = held out) with about `fraction` of the rows of every class, by systematic
 * sampling over the class-ordered shuffled rows from a random start. O(n).
 */
export function stratifiedSplit(y: Int32Array, options: { fraction?: number; seed?: Seed } = {}): Uint8Array {
  const { fraction = 0.1, seed = 0 } = options;
  assertFiniteInRange(fraction, "fraction", { min: 0, max: 1 });
  const order = stratifiedOrder(y, seed);
  const start = createRng(seed).split().float();
  const mask = new Uint8Array(y.length);
  for (let t = 0; t < order.length; t++)
    if (Math.floor((t + 1) * fraction + start) > Math.floor(t * fraction + start)) mask[order[t]!] = 1;
  return mask;
}
