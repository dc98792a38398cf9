export type {
  DistanceMetric,
  GemmOptions,
  LinalgBackend,
  PairwiseOptions,
  RadiusOptions,
  RadiusResult,
  SpmmOptions,
  TopKOptions,
  TopKResult,
} from "./backend.js";
export {
  type CsrMatrix,
  csrFromDense,
  csrMatrix,
  csrNormalizeRows,
  csrToDense,
  type Features,
  isCsr,
  selectRows,
} from "./csr.js";
export { assertMetric, assertRowSets } from "./distanceTiles.js";
export { type GemmShape, gemm, gemmOutput, gemmShape, scaleInPlace } from "./gemm.js";
export {
  argmaxRows,
  colSums,
  type FloatArray,
  fromRows,
  logSumExp,
  type Matrix,
  matmul,
  matrix,
  normalizeRows,
  row,
  rowSums,
  softmaxRows,
  toRows,
  transpose,
  zeros,
} from "./matrix.js";
export { NeighbourHeap } from "./neighbourHeap.js";
export { type ResolvedTopK, resolveRadius, resolveTopK } from "./neighbourOptions.js";
export { pairwiseDistances } from "./pairwiseDistances.js";
export { pureBackend } from "./pureBackend.js";
export { RadiusCollector, radiusNeighbours } from "./radiusNeighbours.js";
export { type ChunkedRadiusOptions, radiusNeighboursInChunks } from "./radiusNeighboursInChunks.js";
export { getBackend, listBackends, registerBackend, setBackend } from "./registry.js";
export { spmm } from "./spmm.js";
export { topKNeighbours } from "./topKNeighbours.js";
export { type ChunkedTopKOptions, topKNeighboursInChunks } from "./topKNeighboursInChunks.js";
