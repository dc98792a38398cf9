import { selectRows } from "../linalg/csr.js";
import { createLearner } from "../models/learner.js";
import { predictProba } from "../models/predict.js";
import { createRng } from "../random/rng.js";
import { defineStrategy } from "./context.js";
import { topByScore } from "./rank.js";

/**
 * Discriminative active learning, DAL (Gissin & Shalev-Shwartz 2019, "Discriminative active learning",
 * arXiv:1907.06347, Algorithm 1): fit a classifier to tell labeled rows (class 1) from pool rows (class 0) on the
 * features, and choose the pool rows it is surest are unlabeled, i.e. least like the labeled set. As in the paper
 * the batch is chosen in `options.subBatches` steps (default min(batch, 4)), the discriminator refitted after each
 * with the rows chosen so far counted as labeled. Classes are weighted to balance (each class's weights sum to half).
 * The discriminator is the context's learner (default: softmax regression). O(sub-batches × fit on labeled + pool).
 */
export const discriminativeStrategy = defineStrategy({
  name: "dal",
  summary: "the pool rows a labeled-vs-unlabeled classifier is surest are unlabeled (unlike the labeled set)",
  reference: "Gissin & Shalev-Shwartz 2019, Discriminative active learning (arXiv:1907.06347), Algorithm 1",
  requires: ["features", "labeled"],
  choose(context) {
    const { pool, labeled, take, seed } = context;
    const features = context.features!;
    const learner = context.learner ?? createLearner({ model: "logreg" });
    const rng = createRng(seed);
    const steps = Math.max(1, Math.min(take, context.options?.subBatches ?? 4));
    const inLabeled = new Uint8Array(pool.length);
    const indices: number[] = [];
    const scores: number[] = [];
    for (let s = 0; s < steps; s++) {
      const want = Math.round(((s + 1) * take) / steps) - indices.length;
      const rest: number[] = [];
      for (let t = 0; t < pool.length; t++) if (!inLabeled[t]) rest.push(t);
      const chosenRows = indices;
      const nLab = labeled.length + chosenRows.length;
      const rows = new Int32Array(nLab + rest.length);
      rows.set(labeled);
      rows.set(chosenRows, labeled.length);
      rest.forEach((t, u) => {
        rows[nLab + u] = pool[t]!;
      });
      const y = new Int32Array(rows.length);
      y.fill(1, 0, nLab);
      const weight = new Float64Array(rows.length);
      weight.fill(rows.length / (2 * nLab), 0, nLab);
      weight.fill(rows.length / (2 * rest.length), nLab);
      const model = learner(selectRows(features, rows), y, {
        classes: 2,
        seed: rng.uint32(),
        sampleWeight: weight,
      });
      const restRows = Int32Array.from(rest, (t) => pool[t]!);
      const p = predictProba(model, selectRows(features, restRows));
      const unlabeledness = Float64Array.from(rest, (_, u) => p.data[u * 2]!);
      const top = topByScore(Int32Array.from(rest), unlabeledness, { take: want, rng });
      for (let u = 0; u < top.indices.length; u++) {
        inLabeled[top.indices[u]!] = 1;
        indices.push(pool[top.indices[u]!]!);
        scores.push(top.scores[u]!);
      }
    }
    return { indices: Int32Array.from(indices), scores: Float64Array.from(scores) };
  },
});
