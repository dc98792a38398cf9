import { assertFiniteInRange, assertInteger } from "../errors/assert.js";
import type { FloatArray, Matrix } from "../linalg/matrix.js";
import {
  type DeepSslOptions,
  type DeepSslResult,
  DistributionAlignment,
  runDeepSsl,
  type StepContext,
  sharpen,
} from "./deepSsl.js";

/** Options for `mixMatch`. */
export interface MixMatchOptions extends DeepSslOptions {
  /** Sharpening temperature T of the guessed labels. Default 0.5. */
  temperature?: number;
  /** mixup's Beta(α, α). Default 0.75. */
  alpha?: number;
  /** Augmentations averaged to guess a label (K in the paper). Default 2. */
  guesses?: number;
  /** ReMixMatch's distribution alignment of the guesses. Default false. */
  distributionAlignment?: boolean;
}

/** The settings of one MixMatch step (shared with DivideMix). */
export interface MixMatchStep {
  temperature: number;
  alpha: number;
  guesses: number;
  align?: DistributionAlignment | undefined;
}

/**
 * One MixMatch step (Berthelot et al. 2019, "MixMatch: a holistic approach to semi-supervised learning", NeurIPS,
 * algorithm 1): guess labels for the unlabeled rows (mean prediction over `guesses` weak augmentations, optionally
 * aligned, sharpened), mix every labeled and unlabeled row with a row of the shuffled union using
 * λ' = max(λ, 1 − λ), λ ~ Beta(α, α), and add the cross-entropy on the mixed labeled rows plus ctx.weight × the
 * squared error on the mixed unlabeled rows. `labeledX`/`labeledTargets` are the (augmented) labeled rows and their
 * soft targets (one-hot, or DivideMix's refined labels). Returns the two terms.
 */
export function mixMatchStep(
  ctx: StepContext,
  batch: { labeledX: Matrix; labeledTargets: Float64Array; unlabeledRows: Int32Array },
  s: MixMatchStep,
): { supervised: number; unlabeled: number } {
  const k = ctx.options.classes;
  const { labeledX, labeledTargets, unlabeledRows } = batch;
  const nl = labeledX.rows;
  const nu = unlabeledRows.length;
  const d = labeledX.cols;
  const views: Matrix[] = [];
  const guess: Matrix = { rows: nu, cols: k, data: new Float64Array(nu * k) };
  for (let g = 0; g < s.guesses; g++) {
    const v = ctx.weak(unlabeledRows);
    views.push(v);
    const p = ctx.predict(v);
    for (let q = 0; q < guess.data.length; q++) guess.data[q]! += p.data[q]! / s.guesses;
  }
  if (s.align) s.align.apply(guess);
  sharpen(guess, s.temperature);
  // The union: labeled rows, then every guess view of the unlabeled rows (each with the same guessed target).
  const total = nl + nu * s.guesses;
  const xs = new Float64Array(total * d);
  const ys = new Float64Array(total * k);
  xs.set(labeledX.data.subarray(0, nl * d));
  ys.set(labeledTargets.subarray(0, nl * k));
  for (let g = 0; g < s.guesses; g++) {
    xs.set(views[g]!.data, (nl + g * nu) * d);
    ys.set(guess.data, (nl + g * nu) * k);
  }
  const partner = ctx.rng.permutation(total);
  const raw = ctx.rng.beta(s.alpha, s.alpha);
  const lambda = Math.max(raw, 1 - raw);
  const mixedX = new Float64Array(total * d);
  const mixedY = new Float64Array(total * k);
  for (let i = 0; i < total; i++) {
    const j = partner[i]!;
    for (let c = 0; c < d; c++) mixedX[i * d + c] = lambda * xs[i * d + c]! + (1 - lambda) * xs[j * d + c]!;
    for (let c = 0; c < k; c++) mixedY[i * k + c] = lambda * ys[i * k + c]! + (1 - lambda) * ys[j * k + c]!;
  }
  const supervised = ctx.addLoss(
    { rows: nl, cols: d, data: mixedX.subarray(0, nl * d) },
    { kind: "softCe", targets: mixedY.subarray(0, nl * k) },
  );
  let unlabeled = 0;
  if (nu > 0 && ctx.weight > 0) {
    // addLoss averages over its rows; the paper averages the unlabeled term over the unlabeled rows too.
    unlabeled = ctx.addLoss(
      { rows: total - nl, cols: d, data: mixedX.subarray(nl * d) },
      { kind: "mse", targets: mixedY.subarray(nl * k) },
      { scale: ctx.weight },
    );
  }
  return { supervised, unlabeled };
}

/** Checks MixMatch's settings and fills the defaults. */
export function mixMatchSettings(o: {
  temperature?: number;
  alpha?: number;
  guesses?: number;
}): MixMatchStep {
  const { temperature = 0.5, alpha = 0.75, guesses = 2 } = o;
  assertFiniteInRange(temperature, "temperature", { min: 1e-3, max: 10 });
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`alpha must be > 0 (got ${alpha})`);
  assertInteger(guesses, "guesses", { min: 1 });
  return { temperature, alpha, guesses };
}

/** One-hot rows for labels. */
export function oneHot(labels: Int32Array, classes: number): Float64Array {
  const out = new Float64Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]!] = 1;
  return out;
}

/**
 * MixMatch (Berthelot et al. 2019) with `mixMatchStep` as every training step. Default λ_u 75 (their CIFAR-10
 * value, for the squared error averaged over classes), ramped up over the first 30% of the steps.
 */
export function mixMatch(
  x: Matrix<FloatArray>,
  labels: Int32Array,
  options: MixMatchOptions = {},
): DeepSslResult {
  const settings = mixMatchSettings(options);
  let pending = 0;
  return runDeepSsl(x, labels, {
    options,
    method: {
      lambda: 75,
      rampUp: 0.3,
      supervised: (ctx) => {
        if (options.distributionAlignment && !settings.align)
          settings.align = new DistributionAlignment(ctx.labeledPrior);
        const r = mixMatchStep(
          ctx,
          {
            labeledX: ctx.weak(ctx.labeledRows),
            labeledTargets: oneHot(ctx.labeledY, ctx.options.classes),
            unlabeledRows: ctx.unlabeledRows,
          },
          settings,
        );
        pending = r.unlabeled;
        return r.supervised;
      },
      // The unlabeled term's gradient was added with the supervised one; this only reports its value.
      unlabeled: () => pending,
    },
  });
}
