import { goldProbabilities, type TrainingDynamics } from "./trainingDynamics.js";

/** Forgetting statistics per example. */
export interface ForgettingEvents {
  /** Transitions correct → incorrect between consecutive epochs; the number of epochs if never learned. */
  forgetting: Int32Array;
  /** First epoch (0-based) predicted correctly; −1 if never. */
  firstLearned: Int32Array;
  /** 1 + the last epoch predicted incorrectly (0 if always correct): epochs needed until learned for good. */
  presentationsNeeded: Int32Array;
  /** 1 where the example was never predicted correctly. */
  neverLearned: Uint8Array;
}

/**
 * Forgetting events (Toneva et al. 2019, "An Empirical Study of Example Forgetting during Deep Neural Network
 * Learning"): an example is forgotten when it is classified correctly at one epoch and incorrectly at the next.
 * Never-learned examples count as forgotten every epoch, as in the authors' ranking. Unforgettable examples can
 * usually be dropped; frequently forgotten or never-learned ones are often mislabeled. O(E·N·K).
 */
export function forgettingEvents(d: TrainingDynamics): ForgettingEvents {
  const { epochs, examples: n } = d;
  const { correct } = goldProbabilities(d);
  const forgetting = new Int32Array(n);
  const firstLearned = new Int32Array(n).fill(-1);
  const presentationsNeeded = new Int32Array(n);
  const neverLearned = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let events = 0;
    for (let e = 0; e < epochs; e++) {
      const ok = correct[e * n + i]!;
      if (ok && firstLearned[i] === -1) firstLearned[i] = e;
      if (!ok) presentationsNeeded[i] = e + 1;
      if (e > 0 && correct[(e - 1) * n + i] === 1 && !ok) events++;
    }
    neverLearned[i] = firstLearned[i] === -1 ? 1 : 0;
    forgetting[i] = neverLearned[i] ? epochs : events;
  }
  return { forgetting, firstLearned, presentationsNeeded, neverLearned };
}
