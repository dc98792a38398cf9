/**
 * Rows grouped by a code, as compressed sparse rows: the rows with code c are `order[offsets[c]]` …
 * `order[offsets[c + 1] − 1]`, in their original order.
 */
export interface Groups {
  readonly offsets: Int32Array;
  readonly order: Int32Array;
}

/**
 * Groups row indices by `codes` (each in [0, size)) with one counting sort: O(n + size) time, two Int32Arrays.
 * Stable, so rows keep their file order inside a group.
 */
export function groupBy(codes: Int32Array, size: number): Groups {
  const offsets = new Int32Array(size + 1);
  for (let j = 0; j < codes.length; j++) offsets[codes[j]! + 1]!++;
  for (let c = 0; c < size; c++) offsets[c + 1]! += offsets[c]!;
  const cursor = offsets.slice(0, size);
  const order = new Int32Array(codes.length);
  for (let j = 0; j < codes.length; j++) order[cursor[codes[j]!]!++] = j;
  return { offsets, order };
}
