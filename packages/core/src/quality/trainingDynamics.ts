import { assertCodes, assertInteger } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";

/**
 * Logits recorded at the end of every training epoch for every example: `logits[(e·examples + i)·classes + c]`
 * is epoch e, example i, class c. `gold` is the label each example was trained with. This is what data maps,
 * forgetting events and AUM read; a model's per-epoch hook fills it through `DynamicsRecorder`, and
 * cartography-format files are read into it by @vox/io.
 */
export interface TrainingDynamics {
  readonly epochs: number;
  readonly examples: number;
  readonly classes: number;
  readonly logits: FloatArray;
  readonly gold: Int32Array;
  /** Example ids (cartography's guids), when known. */
  readonly ids?: readonly string[] | undefined;
}

/** Checks the pieces of a TrainingDynamics (sizes, gold codes) and returns it. */
export function trainingDynamics(parts: TrainingDynamics): TrainingDynamics {
  const { epochs, examples, classes, logits, gold, ids } = parts;
  assertInteger(epochs, "epochs", { min: 1 });
  assertInteger(examples, "examples", { min: 1 });
  assertInteger(classes, "classes", { min: 2 });
  if (logits.length !== epochs * examples * classes) {
    throw new RangeError(
      `logits must hold epochs × examples × classes = ${epochs * examples * classes} values (got ${logits.length})`,
    );
  }
  if (gold.length !== examples)
    throw new RangeError(`gold must have one label per example (got ${gold.length})`);
  assertCodes(gold, classes, "gold");
  if (ids && ids.length !== examples)
    throw new RangeError(`ids must have one id per example (got ${ids.length})`);
  return parts;
}

/** What a model's epoch hook passes (structurally the `EpochInfo` of the models): the epoch's logits. */
export interface EpochLogits {
  logits: () => Matrix<FloatArray>;
}

/**
 * Collects per-epoch logits into a TrainingDynamics. Pass `recorder.hook` as a model's `onEpoch` (it never asks
 * training to stop), or call `add(matrix)` once per epoch yourself. Memory: epochs × examples × classes floats
 * (Float32 unless `float64`).
 */
export class DynamicsRecorder {
  private readonly chunks: FloatArray[] = [];
  private readonly classes: number;
  private readonly float64: boolean;
  readonly gold: Int32Array;

  /** `gold`: the label each example is trained with; `classes`: default max(gold) + 1. */
  constructor(
    gold: Int32Array,
    options: { classes?: number; float64?: boolean; ids?: readonly string[] } = {},
  ) {
    let max = 0;
    for (const g of gold) max = Math.max(max, g);
    this.classes = options.classes ?? max + 1;
    this.float64 = options.float64 ?? false;
    this.gold = gold;
    this.ids = options.ids;
  }

  readonly ids: readonly string[] | undefined;

  /** Records one epoch's logits (examples × classes, examples in the order of `gold`). */
  add(logits: Matrix<FloatArray>): void {
    if (logits.rows !== this.gold.length || logits.cols !== this.classes) {
      throw new RangeError(
        `epoch logits must be ${this.gold.length} × ${this.classes} (got ${logits.rows} × ${logits.cols})`,
      );
    }
    this.chunks.push(this.float64 ? Float64Array.from(logits.data) : Float32Array.from(logits.data));
  }

  /** An epoch hook for the models: records `info.logits()` and lets training continue. */
  readonly hook = (info: EpochLogits): undefined => {
    this.add(info.logits());
    return undefined;
  };

  /** Epochs recorded so far. */
  get epochs(): number {
    return this.chunks.length;
  }

  /** The dynamics recorded so far. */
  build(): TrainingDynamics {
    if (this.chunks.length === 0) throw new RangeError("no epochs recorded");
    const per = this.gold.length * this.classes;
    const logits = this.float64
      ? new Float64Array(per * this.chunks.length)
      : new Float32Array(per * this.chunks.length);
    this.chunks.forEach((c, e) => {
      logits.set(c, e * per);
    });
    return trainingDynamics({
      epochs: this.chunks.length,
      examples: this.gold.length,
      classes: this.classes,
      logits,
      gold: this.gold,
      ids: this.ids,
    });
  }
}

/** p(gold) at every epoch (epochs × examples, softmax in float64) and whether argmax = gold (first max wins). */
export function goldProbabilities(d: TrainingDynamics): { prob: Float64Array; correct: Uint8Array } {
  const { epochs, examples, classes: k, logits, gold } = d;
  const prob = new Float64Array(epochs * examples);
  const correct = new Uint8Array(epochs * examples);
  for (let e = 0; e < epochs; e++) {
    for (let i = 0; i < examples; i++) {
      const base = (e * examples + i) * k;
      let max = -Infinity;
      let arg = 0;
      for (let c = 0; c < k; c++) {
        if (logits[base + c]! > max) {
          max = logits[base + c]!;
          arg = c;
        }
      }
      let s = 0;
      for (let c = 0; c < k; c++) s += Math.exp(logits[base + c]! - max);
      const g = gold[i]!;
      prob[e * examples + i] = Math.exp(logits[base + g]! - max) / s;
      correct[e * examples + i] = arg === g ? 1 : 0;
    }
  }
  return { prob, correct };
}

/** One row of a cartography `dynamics_epoch_E.jsonl` file (allenai/cartography's training-dynamics format). */
export interface CartographyRecord {
  guid: string | number;
  gold: number;
  [logitsKey: `logits_epoch_${number}`]: number[];
}

/**
 * The cartography-format records of epoch `epoch` (0-based): `{"guid", "logits_epoch_E": [K floats], "gold"}` per
 * example, in the key order cartography writes, ready to be written one JSON object per line as
 * `training_dynamics/dynamics_epoch_E.jsonl`. Examples without ids get their index as guid. O(examples × classes).
 */
export function cartographyRecords(d: TrainingDynamics, epoch: number): CartographyRecord[] {
  if (!(Number.isInteger(epoch) && epoch >= 0 && epoch < d.epochs)) {
    throw new RangeError(`no recorded epoch ${epoch} (have ${d.epochs})`);
  }
  const { examples, classes: k, logits, gold, ids } = d;
  const out: CartographyRecord[] = [];
  for (let i = 0; i < examples; i++) {
    const base = (epoch * examples + i) * k;
    out.push({
      guid: ids ? ids[i]! : i,
      [`logits_epoch_${epoch}`]: Array.from(logits.subarray(base, base + k)),
      gold: gold[i]!,
    } as CartographyRecord);
  }
  return out;
}
