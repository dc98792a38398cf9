/** Hyperparameters of Adam (defaults from Kingma & Ba 2015). */
export interface AdamOptions {
  /** Step size. Default 0.001. */
  learningRate?: number;
  /** Decay of the first-moment estimate. Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment estimate. Default 0.999. */
  beta2?: number;
  /** Added to the root of the second moment. Default 1e-8. */
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba 2015, "Adam: a method for stochastic optimization", algorithm 1) over a fixed list of parameter
 * arrays, updated in place from gradients of the same shapes. O(parameters) per step.
 */
export class Adam {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  private t = 0;
  private readonly lr: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;

  constructor(
    private readonly params: readonly Float64Array[],
    options: AdamOptions = {},
  ) {
    const { learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
    if (!(learningRate > 0)) throw new RangeError(`learningRate must be > 0 (got ${learningRate})`);
    this.lr = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = epsilon;
    this.m = params.map((p) => new Float64Array(p.length));
    this.v = params.map((p) => new Float64Array(p.length));
  }

  /** One update from `grads` (same order and shapes as the parameters). */
  step(grads: readonly Float64Array[]): void {
    this.t++;
    const { beta1, beta2, eps } = this;
    const step = (this.lr * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k]!;
      const g = grads[k]!;
      const m = this.m[k]!;
      const v = this.v[k]!;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]!;
        m[i] = beta1 * m[i]! + (1 - beta1) * gi;
        v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
        p[i]! -= (step * m[i]!) / (Math.sqrt(v[i]!) + eps);
      }
    }
  }
}
