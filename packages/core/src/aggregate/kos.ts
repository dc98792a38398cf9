import type { Annotations } from "../data/annotations.js";
import { createRng } from "../random/rng.js";
import { asMatrix, byItem, checkTies, clampKnown, decide, iterationOptions } from "./internal.js";
import type { AggregateResult, CategoricalOptions } from "./types.js";

/** Options for `kos`. */
export interface KosOptions extends CategoricalOptions {
  /** Message-passing rounds. Default 100 (crowd-kit's n_iter). */
  maxIterations?: number;
  /** Stop when the normalised messages move less than this (max abs change). Default 1e-9. */
  tolerance?: number;
  /**
   * Initial rater→item messages, one per judgment in the annotations' order. Default: drawn from N(1, 1) with the
   * seeded generator, as the paper prescribes.
   */
  initialMessages?: Float64Array;
}

/**
 * KOS (Karger, Oh & Shah 2011, "Iterative learning for reliable crowdsourcing systems"; Operations Research 2014):
 * belief-propagation-like message passing on the item–rater graph for two classes. Answers are ±1 (class 0 = +1);
 * item→rater messages x sum the other raters' answers weighted by their reliability messages y, and y sums the
 * rater's other answers weighted by x. The label is the sign of Σ answer · y. Messages are rescaled every round
 * (their scale does not matter, only signs), so unlike crowd-kit nothing overflows. KOS gives no calibrated
 * probabilities: posteriors are one-hot (0.5/0.5 on an exact tie). `raters.skill` is each rater's final
 * reliability message sum, scaled to [−1, 1]. Two classes only (one class is trivial). O(n) per round.
 */
export function kos(a: Annotations, options: KosOptions = {}): AggregateResult {
  checkTies(options.ties);
  const { seed = 0, initialMessages } = options;
  const { maxIterations, tolerance } = iterationOptions(options, { maxIterations: 100, tolerance: 1e-9 });
  const d = byItem(a, options);
  const { I, R, K, n, offsets, rater, label, order } = d;
  if (K > 2) throw new RangeError(`KOS is for two classes (got ${K}: ${a.classes.join(", ")})`);
  if (initialMessages && initialMessages.length !== n) {
    throw new RangeError(
      `initialMessages must have one value per judgment (got ${initialMessages.length} for ${n})`,
    );
  }
  const known = d.known;
  // Answers as ±1; a known item acts as a perfectly reliable extra vote for its class.
  const answer = new Float64Array(n);
  for (let k = 0; k < n; k++) answer[k] = label[k] === 0 ? 1 : -1;
  const y = new Float64Array(n);
  if (initialMessages) for (let k = 0; k < n; k++) y[k] = initialMessages[order[k]!]!;
  else {
    const rng = createRng(seed);
    const draws = new Float64Array(n);
    for (let j = 0; j < n; j++) draws[j] = rng.normal(1, 1);
    for (let k = 0; k < n; k++) y[k] = draws[order[k]!]!;
  }
  const x = new Float64Array(n);
  const raterSum = new Float64Array(R);
  let iterations = 0;
  let converged = false;
  for (let it = 0; it < maxIterations && K === 2; it++) {
    iterations++;
    // Item → rater: the other answers on the item, weighted by their raters' reliability messages.
    let xmax = 0;
    for (let i = 0; i < I; i++) {
      let s = 0;
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) s += answer[k]! * y[k]!;
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
        x[k] = s - answer[k]! * y[k]!;
        xmax = Math.max(xmax, Math.abs(x[k]!));
      }
    }
    // A known item sends the strongest message there is for its class.
    if (known) {
      for (let i = 0; i < I; i++) {
        if (known[i]! < 0) continue;
        const sign = known[i] === 0 ? 1 : -1;
        for (let k = offsets[i]!; k < offsets[i + 1]!; k++) x[k] = sign * xmax;
      }
    }
    // Rater → item: the rater's other answers, weighted by the item messages; rescaled to max |y| = 1.
    raterSum.fill(0);
    for (let k = 0; k < n; k++) raterSum[rater[k]!]! += answer[k]! * x[k]!;
    let scale = 0;
    for (let k = 0; k < n; k++) scale = Math.max(scale, Math.abs(raterSum[rater[k]!]! - answer[k]! * x[k]!));
    let moved = 0;
    for (let k = 0; k < n; k++) {
      const v = scale > 0 ? (raterSum[rater[k]!]! - answer[k]! * x[k]!) / scale : 0;
      moved = Math.max(moved, Math.abs(v - y[k]!));
      y[k] = v;
    }
    if (moved < tolerance) {
      converged = true;
      break;
    }
  }
  const post = new Float64Array(I * K);
  for (let i = 0; i < I; i++) {
    let s = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) s += answer[k]! * y[k]!;
    if (K === 1) post[i] = 1;
    else if (s > 0) post[2 * i] = 1;
    else if (s < 0) post[2 * i + 1] = 1;
    else post.fill(0.5, 2 * i, 2 * i + 2);
  }
  clampKnown(post, known, K);
  let top = 0;
  for (const v of raterSum) top = Math.max(top, Math.abs(v));
  const skill = raterSum.map((v) => (top > 0 ? v / top : 0));
  return {
    method: "kos",
    labels: decide(post, d, options),
    posteriors: asMatrix(post, I, K),
    raters: { skill, judgments: d.perRater },
    logLikelihood: new Float64Array(0),
    iterations,
    converged: converged || K < 2,
  };
}
