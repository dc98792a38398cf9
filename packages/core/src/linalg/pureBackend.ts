import type { LinalgBackend } from "./backend.js";
import { gemm } from "./gemm.js";
import { pairwiseDistances } from "./pairwiseDistances.js";
import { radiusNeighbours } from "./radiusNeighbours.js";
import { spmm } from "./spmm.js";
import { topKNeighbours } from "./topKNeighbours.js";

/**
 * The pure TypeScript linalg backend: always registered, runs anywhere (browser included), the reference every
 * other backend is tested against. Priority 0, so any registered accelerator wins by default.
 */
export const pureBackend: LinalgBackend = Object.freeze({
  name: "pure-ts",
  priority: 0,
  gemm,
  spmm,
  pairwiseDistances,
  topKNeighbours,
  radiusNeighbours,
});
