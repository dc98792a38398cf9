// The loop every loss shares: stable log-softmax per row, weights, per-row losses and gradient bookkeeping.
import type { Matrix } from "../../linalg/matrix.js";
import type { LossFunction, LossOptions } from "./types.js";

/** What a loss computes for one row, from its probabilities and log-probabilities. */
export type RowLoss = (row: {
  /** Softmax probabilities of the row (length K; read-only). */
  p: Float64Array;
  /** log p_c, computed as z_c − logsumexp(z) (exact for tiny p_c). */
  logp: Float64Array;
  /** The row's label. */
  y: number;
  /** Receives ∂ℓ/∂z_c (unweighted); zero on entry. Only read when the caller wants gradients. */
  grad: Float64Array;
  /** Whether the gradient is wanted. */
  wantGrad: boolean;
}) => number;

/**
 * The loss function that runs `row` over every row of the logits: it returns Σ_i w_i·ℓ_i, overwrites the logits
 * with probabilities, and writes w_i·∂ℓ_i/∂z_i into `options.grad` and ℓ_i into `options.losses` when given.
 * O(rows · K) plus the row's work.
 */
export function rowLoss(row: RowLoss): LossFunction {
  return (logits, y, options) => driveRows({ logits, y, options }, row);
}

function driveRows(
  call: { logits: Matrix; y: ArrayLike<number>; options: LossOptions | undefined },
  row: RowLoss,
): number {
  const { logits, y, options } = call;
  const { rows, cols: k, data } = logits;
  const { weight, grad, losses } = options ?? {};
  const p = new Float64Array(k);
  const logp = new Float64Array(k);
  const g = new Float64Array(k);
  const wantGrad = grad !== undefined;
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (data[base + c]! > max) max = data[base + c]!;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(data[base + c]! - max);
    const lse = max + Math.log(sum);
    for (let c = 0; c < k; c++) {
      logp[c] = data[base + c]! - lse;
      p[c] = Math.exp(logp[c]!);
      data[base + c] = p[c]!;
    }
    if (wantGrad) g.fill(0);
    const li = row({ p, logp, y: y[i]!, grad: g, wantGrad });
    const wi = weight ? weight[i]! : 1;
    if (losses) losses[i] = li;
    // A zero weight contributes nothing, even when its loss is infinite.
    if (wi !== 0) total += wi * li;
    if (grad) for (let c = 0; c < k; c++) grad[base + c] = wi * g[c]!;
  }
  return total;
}

/** Writes s·(p − onehot(y)) into `grad`: the gradient shape of every loss that depends on p_y only. */
export function scaledResidual(row: { grad: Float64Array; p: Float64Array; y: number }, s: number): void {
  const { grad, p, y } = row;
  for (let c = 0; c < p.length; c++) grad[c] = s * p[c]!;
  grad[y]! -= s;
}
