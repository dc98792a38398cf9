import type { EpochHook } from "./shared.js";

/** Every row's logits at the end of every epoch (what data maps, AUM and forgetting statistics are computed from). */
export interface TrainingDynamics {
  /** Rows × classes logits per epoch, float32 (as cartography stores them), in epoch order. */
  readonly logits: Float32Array[];
  /** Epoch number of each entry of `logits`. */
  readonly epochs: number[];
  rows: number;
  classes: number;
}

/**
 * A hook for any model's `onEpoch` that records every training row's logits at the end of each epoch (training
 * dynamics: Swayamdipta et al. 2020 data maps; Pleiss et al. 2020 AUM; Toneva et al. 2019 forgetting). Memory:
 * epochs × rows × classes float32 values. `next` is called after recording (chain a progress or stop hook).
 */
export function recordTrainingDynamics(next?: EpochHook): { onEpoch: EpochHook; dynamics: TrainingDynamics } {
  const dynamics: TrainingDynamics = { logits: [], epochs: [], rows: 0, classes: 0 };
  const onEpoch: EpochHook = (info) => {
    const l = info.logits();
    dynamics.rows = l.rows;
    dynamics.classes = l.cols;
    dynamics.logits.push(Float32Array.from(l.data));
    dynamics.epochs.push(info.epoch);
    return next?.(info);
  };
  return { onEpoch, dynamics };
}

/** One row of a cartography `dynamics_epoch_E.jsonl` file (allenai/cartography's training-dynamics format). */
export interface CartographyRecord {
  guid: string | number;
  gold: number;
  [logitsKey: `logits_epoch_${number}`]: number[];
}

/**
 * The cartography-format records of one recorded epoch: `{"guid", "logits_epoch_E": [K floats], "gold"}` per row,
 * ready to be written one JSON object per line as `training_dynamics/dynamics_epoch_E.jsonl`.
 */
export function cartographyRecords(
  dynamics: TrainingDynamics,
  entry: number,
  rows: { ids: readonly (string | number)[]; gold: Int32Array },
): CartographyRecord[] {
  const logits = dynamics.logits[entry];
  if (!logits) throw new RangeError(`no recorded epoch at entry ${entry} (have ${dynamics.logits.length})`);
  const { ids, gold } = rows;
  if (ids.length !== dynamics.rows || gold.length !== dynamics.rows)
    throw new RangeError(
      `ids and gold must have ${dynamics.rows} entries (got ${ids.length} and ${gold.length})`,
    );
  const epoch = dynamics.epochs[entry]!;
  const k = dynamics.classes;
  const out: CartographyRecord[] = [];
  for (let i = 0; i < dynamics.rows; i++) {
    // Key order as cartography writes it: guid, logits, gold.
    out.push({
      guid: ids[i]!,
      [`logits_epoch_${epoch}`]: Array.from(logits.subarray(i * k, (i + 1) * k)),
      gold: gold[i]!,
    } as CartographyRecord);
  }
  return out;
}
