#!/usr/bin/python3
"""Reference outputs for packages/core/src/semisupervised, from Debian's python3-sklearn (1.2.1 when committed).

Run from the repository root: /usr/bin/python3 reference/ssl_sklearn.py > reference/ssl_sklearn.json
The dataset (three Gaussian blobs in 4-D, numpy RandomState(7)) is written into the JSON with full float precision,
so the TypeScript tests read exactly the numbers scikit-learn saw.
"""
import json
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.semi_supervised import LabelPropagation, LabelSpreading, SelfTrainingClassifier


def blobs():
    rng = np.random.RandomState(7)
    centers = np.array([[0.0, 0.0, 0.0, 0.0], [2.5, 0.5, -1.0, 0.0], [0.5, 2.5, 1.0, -1.5]])
    x = np.vstack([c + rng.normal(size=(30, 4)) for c in centers])
    y = np.repeat(np.arange(3), 30)
    perm = rng.permutation(90)
    x, y = x[perm], y[perm]
    partial = np.full(90, -1)
    for c in range(3):
        partial[np.nonzero(y == c)[0][:3]] = c
    return x, y, partial


def run_graph(model, x, partial):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x, partial)
    return {
        "label_distributions": model.label_distributions_.tolist(),
        "transduction": model.transduction_.tolist(),
        "n_iter": int(model.n_iter_),
    }


def run_self_training(x, partial, **kw):
    base = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000)
    m = SelfTrainingClassifier(base, **kw).fit(x, partial)
    return {
        "params": kw,
        "transduction": m.transduction_.tolist(),
        "labeled_iter": m.labeled_iter_.tolist(),
        "n_iter": int(m.n_iter_),
        "termination": m.termination_condition_,
        "proba": m.predict_proba(x).tolist(),
    }


def main():
    x, y, partial = blobs()
    out = {
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "x": x.tolist(),
        "y": y.tolist(),
        "partial": partial.tolist(),
        "propagation_knn": run_graph(LabelPropagation(kernel="knn", n_neighbors=7), x, partial),
        "propagation_rbf": run_graph(LabelPropagation(kernel="rbf", gamma=0.5), x, partial),
        "spreading_knn": run_graph(LabelSpreading(kernel="knn", n_neighbors=7, alpha=0.2), x, partial),
        "spreading_rbf": run_graph(LabelSpreading(kernel="rbf", gamma=0.5, alpha=0.2), x, partial),
        "spreading_knn_alpha08": run_graph(
            LabelSpreading(kernel="knn", n_neighbors=5, alpha=0.8, max_iter=100), x, partial
        ),
        "self_training_threshold": run_self_training(x, partial, threshold=0.75),
        "self_training_k_best": run_self_training(x, partial, criterion="k_best", k_best=10, max_iter=4),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
