# Anchor for bench/neighbours.ts: scikit-learn (Debian python3-sklearn 1.2.1) brute-force cosine neighbours on the
# same float32 rows, the search cleanlab's Datalab runs (NearestNeighbors(metric="cosine"), brute force).
#   knn FILE QUERIES K      -> kneighbors of the first QUERIES rows (K + 1 neighbours: the row itself comes back)
#   radius FILE QUERIES R   -> radius_neighbors of the first QUERIES rows within cosine distance R
# Prints one JSON object on its last line: seconds (search only), peak RSS, the first 100 rows' K neighbours.
import json
import resource
import sys
import time

import numpy as np
import sklearn
from sklearn.neighbors import NearestNeighbors


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    mode, path, q, arg = sys.argv[1:]
    x = np.load(path)
    q = int(q)
    nn = NearestNeighbors(algorithm="brute", metric="cosine").fit(x)
    t0 = time.perf_counter()
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__}
    if mode == "knn":
        k = int(arg)
        _, idx = nn.kneighbors(x[:q], n_neighbors=k + 1)
        # drop each row itself (ties with exact copies may put it second: remove it wherever it is)
        first = [[int(j) for j in row if j != i][:k] for i, row in enumerate(idx[:100])]
        out["first"] = [j for row in first for j in row]
    else:
        ind = nn.radius_neighbors(x[:q], radius=float(arg), return_distance=False)
        out["links"] = int(sum(len(r) - 1 for r in ind))
    out["seconds"] = time.perf_counter() - t0
    out["peakRssMiB"] = peak_mib()
    out["queries"] = q
    print(json.dumps(out))
