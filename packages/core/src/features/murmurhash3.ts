const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/**
 * MurmurHash3, x86 32-bit variant (Appleby 2011), of the bytes `data[0..length)`, as a signed 32-bit integer: the
 * hash scikit-learn's `murmurhash3_32(key, seed, positive=False)` computes. O(length).
 */
export function murmurhash3(data: Uint8Array, seed = 0, length = data.length): number {
  let h = seed | 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= data[blocks + 2]! << 16;
    if (tail >= 2) k ^= data[blocks + 1]! << 8;
    k ^= data[blocks]!;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(256);

/** MurmurHash3 (x86, 32-bit, signed) of a string's UTF-8 bytes, as scikit-learn hashes features. */
export function murmurhash3String(text: string, seed = 0): number {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return murmurhash3(scratch, seed, written);
}
