# Anchor for bench/kernels.ts: numpy (Debian python3-numpy, OpenBLAS) on the same shapes as vox's kernels.
#   matmul M K N REPS        -> float32 and float64 GFLOP/s of A(M×K) · B(K×N), median of REPS runs
#   knn NQ NR D K            -> exact top-K squared-Euclidean neighbours of NQ float32 queries among NR rows,
#                               in query blocks (‖q‖² + ‖r‖² − 2 q·r, argpartition, then sort the K): what a
#                               numpy user writes to avoid the NQ × NR matrix
# Prints one JSON object on its last line. Run with /usr/bin/python3.
import json
import resource
import sys
import time

import numpy as np


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def matmul(m, k, n, reps):
    out = {"numpy": np.__version__}
    rng = np.random.default_rng(1)
    for dtype in (np.float32, np.float64):
        a = rng.random((m, k)).astype(dtype)
        b = rng.random((k, n)).astype(dtype)
        a @ b  # warm-up
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            a @ b
            times.append(time.perf_counter() - t0)
        s = float(np.median(times))
        out[np.dtype(dtype).name] = {"seconds": s, "gflops": 2 * m * k * n / s / 1e9}
    return out


def knn(nq, nr, d, k):
    rng = np.random.default_rng(2)
    q = rng.random((nq, d), dtype=np.float32)
    r = rng.random((nr, d), dtype=np.float32)
    t0 = time.perf_counter()
    rn = (r * r).sum(axis=1)
    block = max(1, (1 << 24) // nr)
    idx = np.empty((nq, k), dtype=np.int64)
    for i0 in range(0, nq, block):
        qb = q[i0 : i0 + block]
        dist = rn[None, :] - 2 * (qb @ r.T)
        dist += (qb * qb).sum(axis=1)[:, None]
        np.maximum(dist, 0, out=dist)
        part = np.argpartition(dist, k - 1, axis=1)[:, :k]
        order = np.take_along_axis(dist, part, axis=1).argsort(axis=1, kind="stable")
        idx[i0 : i0 + block] = np.take_along_axis(part, order, axis=1)
    s = time.perf_counter() - t0
    return {"numpy": np.__version__, "seconds": s, "peakRssMiB": peak_mib()}


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    nums = [int(x) for x in args]
    print(json.dumps(matmul(*nums) if mode == "matmul" else knn(*nums)))
