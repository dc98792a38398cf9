# Anchors for bench/models.ts, run with Debian's python3 (python3-sklearn 1.2.1): the same runs in scikit-learn.
# Prints one JSON object {seconds, peakRssMiB, ...} on the last line.
import json
import resource
import sys
import time

import numpy as np
import sklearn
from sklearn.feature_extraction.text import HashingVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

mode, args = sys.argv[1], sys.argv[2:]
res = {"sklearn": sklearn.__version__, "numpy": np.__version__}
if mode == "softmax-lbfgs":
    x = np.load(args[0])
    y = np.load(args[1])
    t0 = time.perf_counter()
    m = LogisticRegression(multi_class="multinomial", solver="lbfgs", C=1.0, max_iter=int(args[2]))
    m.fit(x, y)
    res["seconds"] = time.perf_counter() - t0
    res["iterations"] = int(m.n_iter_[0])
    res["converged"] = bool(m.n_iter_[0] < int(args[2]))
    res["logLoss"] = log_loss(y, m.predict_proba(x))
else:
    with open(args[0], encoding="utf8") as f:
        docs = f.read().split("\n")
    if docs and docs[-1] == "":
        docs.pop()
    n = int(args[1]) if len(args) > 1 else 1
    t0 = time.perf_counter()
    if mode == "tfidf":
        m = TfidfVectorizer(ngram_range=(1, n)).fit_transform(docs)
    else:
        m = HashingVectorizer(n_features=2**20, ngram_range=(1, n)).fit_transform(docs)
    res["seconds"] = time.perf_counter() - t0
    res.update({"docs": len(docs), "columns": m.shape[1], "nnz": int(m.nnz)})
res["peakRssMiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(res))
