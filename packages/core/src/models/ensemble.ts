import { assertInteger } from "../errors/assert.js";
import { type Features, selectRows } from "../linalg/csr.js";
import type { Matrix } from "../linalg/matrix.js";
import { createRng, type Seed } from "../random/rng.js";
import type { Learner } from "./learner.js";
import { type Model, predictProba } from "./predict.js";
import { checkTrainingInput, checkWidth, pickRows } from "./shared.js";

/** Several fitted models whose probabilities are averaged (a bootstrap ensemble or a committee). */
export interface EnsembleModel {
  readonly kind: "ensemble";
  readonly classes: number;
  readonly features: number;
  readonly members: readonly Model[];
}

/** Each member's probabilities and their mean. */
export interface EnsemblePrediction {
  /** Mean of the members' probabilities (rows × classes). */
  mean: Matrix;
  /** Each member's probabilities, for vote entropy, KL-to-mean and other disagreement measures. */
  members: Matrix[];
}

/** Every member's probabilities and their mean. O(members × prediction). */
export function ensembleMembers(model: EnsembleModel, x: Features): EnsemblePrediction {
  checkWidth(x, model.features);
  const members = model.members.map((m) => predictProba(m, x));
  const mean = new Float64Array(x.rows * model.classes);
  for (const p of members) for (let q = 0; q < mean.length; q++) mean[q]! += p.data[q]! / members.length;
  return { mean: { rows: x.rows, cols: model.classes, data: mean }, members };
}

/** Result of `bootstrapEnsemble`. */
export interface BootstrapEnsembleResult {
  model: EnsembleModel;
  /** Per member, how many times each row was drawn (0 = out of bag). members × rows, row-major. */
  draws: Int32Array;
  /** Mean out-of-bag probabilities (rows × classes); NaN rows for rows that were in every bag. */
  outOfBag: Matrix;
}

/**
 * Bagging (Breiman 1996): `members` models, each fitted on n rows drawn with replacement (seeded), averaged. Also
 * returns out-of-bag probabilities: for each row, the mean over the members that did not see it. O(members × fit).
 */
export function bootstrapEnsemble(
  x: Features,
  y: Int32Array,
  options: { learner: Learner; members?: number; classes?: number; seed?: Seed },
): BootstrapEnsembleResult {
  const classes = checkTrainingInput(x, y, options);
  const { learner, members = 10, seed = 0 } = options;
  assertInteger(members, "members", { min: 1 });
  const n = x.rows;
  const rng = createRng(seed);
  const draws = new Int32Array(members * n);
  const fitted: Model[] = [];
  const oob = new Float64Array(n * classes);
  const oobCount = new Int32Array(n);
  for (let m = 0; m < members; m++) {
    const rows = new Int32Array(n);
    for (let t = 0; t < n; t++) {
      rows[t] = rng.int(n);
      draws[m * n + rows[t]!]!++;
    }
    rows.sort();
    const model = learner(selectRows(x, rows), pickRows(y, rows), { classes, seed: rng.uint32() });
    fitted.push(model);
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (draws[m * n + i] === 0) out.push(i);
    if (out.length > 0) {
      const p = predictProba(model, selectRows(x, out));
      out.forEach((i, t) => {
        oobCount[i]!++;
        for (let c = 0; c < classes; c++) oob[i * classes + c]! += p.data[t * classes + c]!;
      });
    }
  }
  for (let i = 0; i < n; i++)
    for (let c = 0; c < classes; c++)
      oob[i * classes + c] = oobCount[i]! > 0 ? oob[i * classes + c]! / oobCount[i]! : Number.NaN;
  return {
    model: { kind: "ensemble", classes, features: x.cols, members: fitted },
    draws,
    outOfBag: { rows: n, cols: classes, data: oob },
  };
}

/**
 * A committee for query-by-committee (Seung, Opper & Sompolinsky 1992): each learner fitted on all rows (or, with
 * `bootstrap`, on its own bootstrap sample, as in query-by-bagging, Abe & Mamitsuka 1998). O(Σ fits).
 */
export function committee(
  x: Features,
  y: Int32Array,
  options: { learners: readonly Learner[]; bootstrap?: boolean; classes?: number; seed?: Seed },
): { model: EnsembleModel } {
  const classes = checkTrainingInput(x, y, options);
  const { learners, bootstrap = false, seed = 0 } = options;
  if (learners.length === 0) throw new RangeError("a committee needs at least one learner");
  const rng = createRng(seed);
  const members = learners.map((learner) => {
    if (!bootstrap) return learner(x, y, { classes, seed: rng.uint32() });
    const rows = new Int32Array(x.rows);
    for (let t = 0; t < x.rows; t++) rows[t] = rng.int(x.rows);
    return learner(selectRows(x, rows), pickRows(y, rows), { classes, seed: rng.uint32() });
  });
  return { model: { kind: "ensemble", classes, features: x.cols, members } };
}
