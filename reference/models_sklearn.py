#!/usr/bin/python3
"""Reference numbers for packages/core/src/models and metrics, from Debian's python3-sklearn (1.2.1 when committed).

Run from the repository root: /usr/bin/python3 reference/models_sklearn.py > reference/models_sklearn.json
The datasets are defined by closed formulas (no random generator), repeated in the TypeScript tests
(packages/core/src/models/fixtures.ts), so both sides fit exactly the same numbers.
"""
import json
import math

import numpy as np
import scipy
import sklearn
from scipy import optimize
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, log_loss
from sklearn.naive_bayes import MultinomialNB


def formula_dataset(n, d, k):
    """x_ij = sin(0.7 i + 1.3 j + 0.1 i j)·(1 + j/5); y_i = argmax_c (A_c · x_i + 1.5 cos(2.3 i + c))."""
    x = np.array([[math.sin(0.7 * i + 1.3 * j + 0.1 * i * j) * (1 + j / 5) for j in range(d)] for i in range(n)])
    a = np.array([[math.cos(1.0 + c * d + j) for j in range(d)] for c in range(k)])
    y = np.array([int(np.argmax([a[c] @ x[i] + 1.5 * math.cos(2.3 * i + c) for c in range(k)])) for i in range(n)])
    return x, y


def weights_formula(n):
    """w_i = 0.5 + (i mod 4) / 2."""
    return np.array([0.5 + (i % 4) / 2 for i in range(n)])


def objective(theta, x, y, C, w):
    """scikit-learn 1.2.1's lbfgs objective: sum_i w_i CE_i + |W|^2 / (2C), intercept unpenalised; and its gradient."""
    n, d = x.shape
    k = theta.size // (d + 1)
    W = theta[: k * d].reshape(k, d)
    z = x @ W.T + theta[k * d :]
    m = z.max(1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(1))
    f = (w * (lse - z[np.arange(n), y])).sum() + (W**2).sum() / (2 * C)
    r = np.exp(z - lse[:, None])
    r[np.arange(n), y] -= 1
    r *= w[:, None]
    return f, np.concatenate([(r.T @ x + W / C).ravel(), r.sum(0)])


def fit(x, y, C, sample_weight=None):
    m = LogisticRegression(multi_class="multinomial", solver="lbfgs", C=C, tol=1e-12, max_iter=100000)
    m.fit(x, y, sample_weight=sample_weight)
    p = m.predict_proba(x)
    # sklearn's L-BFGS-B also stops on a relative objective change of 2.2e-9 (factr), so its answer sits slightly
    # off the optimum; record how far, by re-solving the same objective with scipy at ftol = 0.
    k = max(2, len(m.classes_))
    w = np.ones(len(y)) if sample_weight is None else sample_weight
    tight = optimize.minimize(
        objective, np.zeros(k * (x.shape[1] + 1)), args=(x, y, C, w), jac=True, method="L-BFGS-B",
        options={"gtol": 1e-13, "ftol": 0, "maxiter": 100000},
    )
    coef_full = m.coef_ if k > 2 else np.vstack([-m.coef_, m.coef_])
    inter_full = m.intercept_ if k > 2 else np.concatenate([-m.intercept_, m.intercept_])
    sk = np.concatenate([coef_full.ravel(), inter_full])
    return {
        "C": C,
        "coef": m.coef_.tolist(),
        "intercept": m.intercept_.tolist(),
        "log_loss": log_loss(y, p, sample_weight=sample_weight),
        "proba_first_rows": p[:3].tolist(),
        "n_iter": int(m.n_iter_[0]),
        "sklearn_gradient_max": float(np.abs(objective(sk, x, y, C, w)[1]).max()),
        "sklearn_distance_to_tight_optimum": float(np.abs(tight.x - sk).max()),
    }


out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__}
x, y = formula_dataset(300, 5, 3)
out["logreg_3class"] = {
    "class_counts": np.bincount(y).tolist(),
    "fits": [fit(x, y, 1.0), fit(x, y, 0.1), fit(x, y, 1.0, weights_formula(300))],
}
xb, yb = formula_dataset(200, 4, 2)
out["logreg_binary"] = {"class_counts": np.bincount(yb).tolist(), "fits": [fit(xb, yb, 0.5)]}

# Multinomial naive Bayes on counts: c_ij = floor(3·(1 + sin(1.1 i + 0.9 j))) for 40 rows × 6 terms, y_i = i mod 3.
counts = np.array([[math.floor(3 * (1 + math.sin(1.1 * i + 0.9 * j))) for j in range(6)] for i in range(40)])
ynb = np.array([i % 3 for i in range(40)])
nb_out = {}
for alpha in (1.0, 0.5):
    nb = MultinomialNB(alpha=alpha).fit(counts, ynb)
    nb_out[str(alpha)] = {
        "feature_log_prob": nb.feature_log_prob_.tolist(),
        "class_log_prior": nb.class_log_prior_.tolist(),
        "proba_first_rows": nb.predict_proba(counts[:4]).tolist(),
    }
out["multinomial_nb"] = nb_out

# Metrics on a fixed prediction: y_true_i = i mod 4 (i < 30), probabilities from p_ic ∝ exp(cos(i + 2c)).
yt = np.array([i % 4 for i in range(30)])
logits = np.array([[math.cos(i + 2 * c) for c in range(4)] for i in range(30)])
pm = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
yp = pm.argmax(axis=1)
out["metrics"] = {
    "accuracy": accuracy_score(yt, yp),
    "macro_f1": f1_score(yt, yp, average="macro"),
    "log_loss": log_loss(yt, pm),
    "confusion": confusion_matrix(yt, yp, labels=[0, 1, 2, 3]).tolist(),
    "y_pred": yp.tolist(),
}
print(json.dumps(out, indent=1))
