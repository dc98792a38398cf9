"""Reference values for vox's aggregators, computed independently with numpy/scipy (own code, no crowd-kit).

Run with Debian's python3 (numpy 1.24, scipy 1.10, pandas 1.5) from the repository root:
    /usr/bin/python3 reference/aggregate/models.py ../shared/data/crowd > reference/aggregate/models.json

What it computes (each a different route to the same estimate than vox's code, so agreement checks both):
- mace: MACE (Hovy et al. 2013) by VB and EM, crowd-kit 1.4.1's update equations and starting values, with the
  strategy counts indexed consistently; and the same with crowd-kit's index mix-up (strategy counts grouped by
  sorted worker/label names but read back by first-appearance codes), which reproduces crowd-kit's fixture output.
- glad: GLAD (Whitehill et al. 2009) by EM whose M-step is solved to optimality by L-BFGS (scipy), N(1,1) priors on
  alpha and log beta, uniform fixed class prior, iterated until the posteriors stop moving.
- biasPrecision: the per-rater bias/precision model (priors: item values N(mean, 100 v), biases N(0, v), precisions
  Gamma(2, rate = pooled within-item variance), v = variance of all values), maximising the closed-form log posterior (item values
  integrated out) directly with L-BFGS over (b, log tau), on a seeded synthetic dataset stored here.
- crowdBt / bt: Crowd-BT and regularised Bradley-Terry log posteriors maximised directly with L-BFGS on seeded
  synthetic comparisons stored here, and on crowd-kit's three-item example.
"""
import json
import sys

import numpy as np
import pandas as pd
import scipy.stats as sps
from scipy.optimize import minimize
from scipy.special import digamma, expit, log_expit

root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/crowd"
out = {}


def mace(df, method, mixup, n_iter=50):
    workers, wn = pd.factorize(df.worker)
    labels, ln = pd.factorize(df.label)
    tasks, tn = pd.factorize(df.task)
    W, L, T = len(wn), len(ln), len(tn)
    spam = sps.uniform(1, 1.5).rvs(size=(W, 2), random_state=0)
    th = sps.uniform(1, 1.5).rvs(size=(W, L), random_state=0)
    spam /= spam.sum(1, keepdims=True)
    th /= th.sum(1, keepdims=True)

    def estep():
        A = spam[workers, 0] * th[workers, labels]
        B = A + spam[workers, 1]
        logg = np.full((T, L), -np.log(L))
        for c in range(L):
            np.add.at(logg[:, c], tasks, np.log(np.where(labels == c, B, A)))
        m = logg.max(1, keepdims=True)
        g = np.exp(logg - m)
        z = g.sum(1)
        ll = float((np.log(z) + m[:, 0]).sum())
        post = g / z[:, None]
        p = post[tasks, labels]
        spamming = p * A / B + (1 - p)
        strat = np.zeros((W, L))
        np.add.at(strat, (workers, labels), spamming)
        if mixup:
            wo = np.argsort(np.array(wn, dtype=str))
            lo = np.argsort(np.array(ln, dtype=str))
            strat = strat[wo][:, lo]
        know = np.zeros((W, 2))
        np.add.at(know[:, 0], workers, spamming)
        np.add.at(know[:, 1], workers, 1 - spamming)
        return ll, post, strat, know

    ll, post, strat, know = estep()
    for _ in range(n_iter):
        if method == "vb":
            a = know + 0.5
            spam = np.exp(digamma(a) - digamma(a.sum(1))[:, None])
            b = strat + 10.0
            th = np.exp(digamma(b) - digamma(b.sum(1))[:, None])
        else:
            s = 0.01 / L
            spam = (know + s) / (know + s).sum(1, keepdims=True)
            th = (strat + s) / (strat + s).sum(1, keepdims=True)
        ll, post, strat, know = estep()
    return {"tasks": list(tn), "labels": list(ln), "probas": post.tolist(), "logLikelihood": ll}


def glad(df):
    workers, wn = pd.factorize(df.worker)
    labels, ln = pd.factorize(df.label)
    tasks, tn = pd.factorize(df.task)
    W, L, T = len(wn), len(ln), len(tn)
    x = np.concatenate([np.ones(W), np.ones(T)])
    post = np.full((T, L), 1.0 / L)
    for _ in range(2000):
        a, b = x[:W], x[W:]
        z = a[workers] * np.exp(b[tasks])
        right = log_expit(z)
        wrong = log_expit(-z) - np.log(L - 1)
        lp = np.full((T, L), -np.log(L))
        for c in range(L):
            np.add.at(lp[:, c], tasks, np.where(labels == c, right, wrong))
        new = np.exp(lp - lp.max(1, keepdims=True))
        new /= new.sum(1, keepdims=True)
        moved = np.abs(new - post).max()
        post = new
        pi = post[tasks, labels]

        def f(v):
            a, b = v[:W], v[W:]
            z = a[workers] * np.exp(b[tasks])
            q = pi * log_expit(z) + (1 - pi) * log_expit(-z)
            val = q.sum() - 0.5 * ((a - 1) ** 2).sum() - 0.5 * ((b - 1) ** 2).sum()
            g = pi - expit(z)
            ga = np.bincount(workers, g * np.exp(b[tasks]), W) - (a - 1)
            gb = np.bincount(tasks, g * z, T) - (b - 1)
            return -val, -np.concatenate([ga, gb])

        x = minimize(f, x, jac=True, method="L-BFGS-B", options={"gtol": 1e-13, "ftol": 1e-15, "maxiter": 10000}).x
        if moved < 1e-13:
            break
    return {"tasks": list(tn), "labels": list(ln), "probas": post.tolist(), "alpha": x[:W].tolist()}


for name in ["crowdkit_toy", "crowdkit_simple"]:
    df = pd.read_csv(f"{root}/{name}/answer.csv", dtype=str)
    out[name] = {
        "maceVb": mace(df, "vb", False),
        "maceEm": mace(df, "em", False),
        "maceVbCrowdKitMixup": mace(df, "vb", True),
        "glad": glad(df),
    }

# MACE on D_Product (Zheng et al.'s product matching set): accuracy with consistent indexing and with crowd-kit's
# mix-up, both from crowd-kit's start (crowd-kit publishes 0.929 for MACE here).
prod = pd.read_csv(f"{root}/zheng_d_product/answer.csv", dtype=str).rename(columns={"question": "task", "answer": "label"})
truth = pd.read_csv(f"{root}/zheng_d_product/truth.csv", dtype=str).set_index("question")["truth"]
out["maceDProduct"] = {}
for key, mixup in [("consistent", False), ("crowdKitMixup", True)]:
    res = mace(prod, "vb", mixup)
    labels = pd.Series(np.array(res["labels"])[np.argmax(res["probas"], axis=1)], index=res["tasks"])
    out["maceDProduct"][key] = {
        "accuracy": float((labels.loc[truth.index] == truth).mean()),
        "logLikelihood": res["logLikelihood"],
    }

# Bias/precision model on seeded synthetic ratings: 30 items, 6 raters, 4 ratings per item; rater biases and noise
# levels differ. Judgments are stored so the test reads exactly these.
rng = np.random.default_rng(2024)
truth = rng.normal(50, 20, 30)
bias_true = np.array([0, 5, -8, 2, 0, 12.0])
sd_true = np.array([3, 4, 10, 2, 25, 5.0])
rows = []
for i in range(30):
    for r in rng.choice(6, 4, replace=False):
        rows.append([f"i{i}", f"r{r}", round(float(truth[i] + bias_true[r] + rng.normal(0, sd_true[r])), 2)])
items = sorted({r[0] for r in rows}, key=lambda s: int(s[1:]))
raters = [f"r{k}" for k in range(6)]
item = np.array([items.index(r[0]) for r in rows])
rater = np.array([raters.index(r[1]) for r in rows])
y = np.array([r[2] for r in rows])
n, I, R = len(y), len(items), len(raters)
mean, v = y.mean(), y.var()
# Noise scale: the pooled within-item variance.
ss = sum(((y[item == i] - y[item == i].mean()) ** 2).sum() for i in range(I))
dof = sum((item == i).sum() - 1 for i in range(I))
v_noise = ss / dof
v0, vb, shape, rate = 100 * v, v, 2.0, v_noise


def neg_log_post(p):
    b, lt = p[:R], p[R:]
    tau = np.exp(lt)
    val = 0.0
    for i in range(I):
        k = item == i
        t = tau[rater[k]]
        res = y[k] - mean - b[rater[k]]
        st, str_ = t.sum(), (t * res).sum()
        logdet = -np.log(t).sum() + np.log1p(v0 * st)
        quad = (t * res * res).sum() - v0 * str_**2 / (1 + v0 * st)
        val += -0.5 * (k.sum() * np.log(2 * np.pi) + logdet + quad)
    val += (-0.5 * b**2 / vb).sum() + ((shape - 1) * lt - rate * tau).sum()
    return -val


best = minimize(neg_log_post, np.concatenate([np.zeros(R), np.full(R, -np.log(v))]), method="L-BFGS-B",
                options={"gtol": 1e-12, "ftol": 1e-16, "maxiter": 100000})
# The shared shift of all biases is only weakly pinned (by the bias prior): polish with BFGS to a tiny gradient.
best = minimize(neg_log_post, best.x, method="BFGS", options={"gtol": 1e-10, "maxiter": 100000})
b, tau = best.x[:R], np.exp(best.x[R:])
mu = np.zeros(I)
for i in range(I):
    k = item == i
    t = tau[rater[k]]
    mu[i] = (mean / v0 + (t * (y[k] - b[rater[k]])).sum()) / (1 / v0 + t.sum())
out["biasPrecision"] = {
    "judgments": rows, "bias": b.tolist(), "precision": tau.tolist(), "values": mu.tolist(),
    "objectivePerJudgment": float(-best.fun / n),
}


def fit_bt(left, right, outcome, n_items, lam):
    """Regularised Bradley-Terry log posterior over log strengths (outcome 0 left wins, 1 right wins, 2 tie)."""
    def f(s):
        d = s[left] - s[right]
        w = np.where(outcome == 0, log_expit(d), np.where(outcome == 1, log_expit(-d), 0.5 * (log_expit(d) + log_expit(-d))))
        return -(w.sum() + lam * (log_expit(s) + log_expit(-s)).sum())
    s = minimize(f, np.zeros(n_items), method="L-BFGS-B", options={"gtol": 1e-12, "ftol": 1e-16}).x
    g = np.exp(s)
    return (g / g.sum()).tolist()


# crowd-kit's data_abc (a beats b, b beats c, a beats c) with vox's regularisation lambda = 1.
out["btAbcLambda1"] = fit_bt(np.array([0, 1, 2]), np.array([1, 2, 0]), np.array([0, 0, 1]), 3, 1.0)

# Crowd-BT on seeded synthetic comparisons: 8 items with log strengths 0..3.5, 5 raters of whom one is
# adversarial (reliability 0.2) and one random (0.5).
rng = np.random.default_rng(7)
s_true = np.linspace(0, 3.5, 8)
eta_true = np.array([0.95, 0.9, 0.85, 0.5, 0.2])
comps = []
for _ in range(400):
    i, j = rng.choice(8, 2, replace=False)
    r = rng.integers(5)
    i_wins = rng.random() < expit(s_true[i] - s_true[j])
    if rng.random() > eta_true[r]:
        i_wins = not i_wins
    comps.append([f"w{r}", f"item{i}", f"item{j}", 0 if i_wins else 1])
li = np.array([int(c[1][4:]) for c in comps])
ri = np.array([int(c[2][4:]) for c in comps])
oc = np.array([c[3] for c in comps])
wr = np.array([int(c[0][1:]) for c in comps])
lam = 0.01


def crowd_bt(p):
    s, e = p[:8], expit(p[8:])
    d = s[li] - s[ri]
    won = np.where(oc == 0, d, -d)
    like = e[wr] * expit(won) + (1 - e[wr]) * expit(-won)
    return -(np.log(like).sum() + lam * (log_expit(s) + log_expit(-s)).sum())


fit = minimize(crowd_bt, np.concatenate([np.zeros(8), np.full(5, np.log(4.0))]), method="L-BFGS-B",
               options={"gtol": 1e-12, "ftol": 1e-16, "maxiter": 100000}).x
g = np.exp(fit[:8])
out["crowdBt"] = {
    "comparisons": comps, "items": [f"item{k}" for k in range(8)], "raters": [f"w{k}" for k in range(5)],
    "scores": (g / g.sum()).tolist(), "reliability": expit(fit[8:]).tolist(), "objectivePerComparison": float(-crowd_bt(fit) / 400),
}
print(json.dumps(out, indent=1))
