#!/usr/bin/python3
"""Reference values for the noise-robust losses in packages/core/src/models/losses (Debian's python3-numpy).

Run from the repository root: /usr/bin/python3 reference/robust/losses.py > reference/robust/losses.json

Each loss is written straight from its paper's formula on probabilities (not in log space, unlike vox), and its
gradient with respect to the logits is taken by complex-step differentiation (Squire & Trapp 1998), which is exact
to rounding and independent of the analytic gradients vox implements.
"""
import json

import numpy as np

logits = np.array(
    [
        [0.3, -1.2, 2.0],
        [1.5, 0.2, -0.7],
        [-2.0, 3.1, 0.4],
        [0.0, 0.0, 0.0],
        [4.0, -3.0, 1.0],
    ]
)
labels = np.array([2, 1, 0, 1, 0])
weights = np.array([1.0, 0.5, 2.0, 1.5, 0.25])
K = logits.shape[1]
T = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.25, 0.25, 0.5]])


def softmax(z):
    e = np.exp(z - z.real.max())
    return e / e.sum()


def ce(z, y):  # cross-entropy, -log p_y
    return -np.log(softmax(z)[y])


def gce(z, y, q=0.7):  # Zhang & Sabuncu 2018, eq. 6: (1 - p_y^q) / q
    return (1 - softmax(z)[y] ** q) / q


def mae(z, y):  # Ghosh et al. 2017: ||e_y - p||_1 = (1 - p_y) + sum_{c != y} p_c for p in the simplex
    p = softmax(z)
    return (1 - p[y]) + sum(p[c] for c in range(len(p)) if c != y)


def sce(z, y, alpha=0.1, beta=1.0, A=-4.0):  # Wang et al. 2019, eq. 4-6: alpha CE + beta RCE, log 0 := A
    p = softmax(z)
    logq = np.array([0.0 if c == y else A for c in range(len(p))])
    rce = -np.sum(p * logq)
    return alpha * -np.log(p[y]) + beta * rce


def forward(z, y):  # Patrini et al. 2017, Theorem 2: -log (T^T p)_y
    return -np.log(T.T.dot(softmax(z))[y])


def smoothing(z, y, eps=0.1):  # Szegedy et al. 2016: CE against (1 - eps) onehot + eps / K
    p = softmax(z)
    t = np.full(len(p), eps / len(p))
    t[y] += 1 - eps
    return -np.sum(t * np.log(p))


def complex_step_grad(f, z, y, h=1e-30):
    g = np.zeros(len(z))
    for c in range(len(z)):
        zc = z.astype(complex)
        zc[c] += 1j * h
        g[c] = f(zc, y).imag / h
    return g


out = {
    "logits": logits.tolist(),
    "labels": labels.tolist(),
    "weights": weights.tolist(),
    "transition": T.tolist(),
    "numpy": np.__version__,
    "losses": {},
}
for name, f in [("ce", ce), ("gce", gce), ("mae", mae), ("sce", sce), ("forward", forward), ("smoothing", smoothing)]:
    rows = [float(f(z, y).real) for z, y in zip(logits, labels)]
    grads = [complex_step_grad(f, z, y).tolist() for z, y in zip(logits, labels)]
    out["losses"][name] = {
        "rows": rows,
        "weighted": float(np.dot(weights, rows)),
        "grads": grads,
    }
print(json.dumps(out, indent=1))
