#!/usr/bin/env python3
"""Reference outputs for packages/core/src/random/rng.test.ts.

A direct transcription of Blackman & Vigna's splitmix64.c and xoshiro128starstar.c with Python's unbounded
integers masked to 32/64 bits. Run: python3 reference/xoshiro128ss.py (standard library only).
"""
M32 = 0xFFFFFFFF
M64 = (1 << 64) - 1


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


def next32(s):
    result = (rotl((s[1] * 5) & M32, 7) * 9) & M32
    t = (s[1] << 9) & M32
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    return result


def splitmix64(seed):
    x = seed & M64

    def step():
        nonlocal x
        x = (x + 0x9E3779B97F4A7C15) & M64
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    return step


def seeded(seed):
    step = splitmix64(seed)
    a, b = step(), step()
    return [a & M32, a >> 32, b & M32, b >> 32]


def jump(s):
    t = [0, 0, 0, 0]
    for word in (0x8764000B, 0xF542D2D3, 0x6FA035C3, 0x77F2DB5B):
        for b in range(32):
            if (word >> b) & 1:
                t = [t[i] ^ s[i] for i in range(4)]
            next32(s)
    return t


s = [1, 2, 3, 4]
print("state [1,2,3,4]:", [next32(s) for _ in range(6)])
for seed in (0, 42):
    s = seeded(seed)
    print(f"seed {seed}:", [next32(s) for _ in range(5)])
s = jump([1, 2, 3, 4])
print("jump state:", list(s))
print("then:", [next32(s) for _ in range(3)])
