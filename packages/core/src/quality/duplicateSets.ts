import type { RadiusResult } from "../linalg/backend.js";

/** Inputs of `duplicateSets`: links between rows, from any mix of sources. */
export interface DuplicateLinks {
  /** Number of rows. */
  rows: number;
  /** Exact-duplicate groups: `group[i]` = first index of i's group (`exactDuplicateTexts`, `exactDuplicateRows`). */
  group?: Int32Array;
  /** Pairs within a radius (`radiusNeighbours` of the rows against themselves). */
  near?: RadiusResult;
  /** Class codes per row (−1 = unlabelled): sets holding two different labels are flagged as conflicting. */
  labels?: Int32Array;
}

/** Duplicate sets: connected components of the links with more than one row. */
export interface DuplicateSets {
  /** Set index of each row, −1 when the row duplicates nothing. */
  setOf: Int32Array;
  /** Member rows of each set in ascending order; sets ordered by their first member. */
  sets: Int32Array[];
  /** Per set: 1 when its members carry different labels (a label issue: the same example labelled two ways). */
  conflicting: Uint8Array;
  /** Per set: 1 when every member is an exact duplicate of one row (a single `group`). */
  exact: Uint8Array;
}

function find(parent: Int32Array, x: number): number {
  let r = x;
  while (parent[r] !== r) r = parent[r]!;
  // path compression
  while (parent[x] !== r) {
    const next = parent[x]!;
    parent[x] = r;
    x = next;
  }
  return r;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  // the smaller index becomes the root, so roots are each set's first member
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}

/**
 * Merges exact-duplicate groups and near-duplicate pairs into sets (union–find, near-linear: O((N + links)·α(N))),
 * so a chain a ≈ b ≈ c is one set even when a and c are beyond the radius. With labels, flags the sets whose
 * members disagree: the same (or nearly the same) example carrying two labels means at least one is wrong.
 */
export function duplicateSets(links: DuplicateLinks): DuplicateSets {
  const { rows: n, group, near, labels } = links;
  for (const [name, a] of [
    ["group", group],
    ["labels", labels],
  ] as const)
    if (a && a.length !== n) throw new RangeError(`${name} has ${a.length} entries for ${n} rows`);
  if (near && near.indptr.length !== n + 1)
    throw new RangeError(`near has ${near.indptr.length - 1} query rows for ${n} rows`);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  if (group)
    for (let i = 0; i < n; i++) {
      const g = group[i]!;
      if (!(g >= 0 && g < n)) throw new RangeError(`group[${i}] = ${g} is not a row index`);
      union(parent, g, i);
    }
  if (near)
    for (let i = 0; i < n; i++)
      for (let p = near.indptr[i]!; p < near.indptr[i + 1]!; p++) {
        const j = near.indices[p]!;
        if (!(j >= 0 && j < n)) throw new RangeError(`near neighbour ${j} of row ${i} is not a row index`);
        union(parent, i, j);
      }
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) size[find(parent, i)]!++;
  const setOf = new Int32Array(n).fill(-1);
  const setIndexOfRoot = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  for (let i = 0; i < n; i++) {
    const r = find(parent, i);
    if (size[r]! < 2) continue;
    if (setIndexOfRoot[r] === -1) {
      setIndexOfRoot[r] = members.length;
      members.push([]);
    }
    const s = setIndexOfRoot[r]!;
    setOf[i] = s;
    members[s]!.push(i);
  }
  const sets = members.map((m) => Int32Array.from(m));
  const conflicting = new Uint8Array(sets.length);
  const exact = new Uint8Array(sets.length);
  sets.forEach((m, s) => {
    if (group) exact[s] = m.every((i) => group[i] === group[m[0]!]) ? 1 : 0;
    if (!labels) return;
    let seen = -1;
    for (const i of m) {
      const l = labels[i]!;
      if (l < 0) continue;
      if (seen === -1) seen = l;
      else if (l !== seen) {
        conflicting[s] = 1;
        break;
      }
    }
  });
  return { setOf, sets, conflicting, exact };
}
