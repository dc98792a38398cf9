// Private helper of quality/: grouping items that are equal, by hash buckets confirmed with an exact comparison.

/**
 * `group[i]` = the first index j ≤ i with equal(j, i), among items bucketed by `hash` (equal items must hash
 * equally); collisions are resolved by `equal`, so they never merge distinct items. Expected O(n) calls of each.
 */
export function hashGroups(
  n: number,
  hash: (i: number) => number,
  equal: (first: number, i: number) => boolean,
): Int32Array {
  const group = new Int32Array(n);
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const h = hash(i);
    const firsts = buckets.get(h);
    const first = firsts?.find((f) => equal(f, i)) ?? -1;
    if (first >= 0) group[i] = first;
    else {
      group[i] = i;
      if (firsts) firsts.push(i);
      else buckets.set(h, [i]);
    }
  }
  return group;
}
