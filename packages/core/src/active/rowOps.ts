import { type Features, isCsr } from "../linalg/csr.js";

/** into += scale · x[row] for dense or CSR features. O(d) dense, O(nnz of the row) sparse. */
export function addRowTo(x: Features, target: { row: number; into: Float64Array; scale?: number }): void {
  const { row: i, into, scale = 1 } = target;
  if (isCsr(x)) {
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) into[x.indices[p]!]! += scale * x.data[p]!;
    return;
  }
  for (let j = 0; j < x.cols; j++) into[j]! += scale * x.data[i * x.cols + j]!;
}
