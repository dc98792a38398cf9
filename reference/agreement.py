#!/usr/bin/python3
"""Reference numbers for packages/core/src/agreement/agreement.test.ts.

Run with Debian's interpreter (not pyenv's):  /usr/bin/python3 reference/agreement.py [--shared]
(--shared: only the numbers on ../shared/data/crowd, for packages/cli/src/agree.test.ts)
Versions used for the committed numbers: python3-statsmodels 0.13.5, python3-nltk 3.8, python3-sklearn 1.2.1,
python3-numpy 1.24.2.

Three kinds of numbers:
  1. library runs: statsmodels.stats.inter_rater (cohens_kappa, fleiss_kappa, aggregate_raters),
     nltk.metrics.agreement.AnnotationTask (alpha, kappa, pi, S, multi_kappa), sklearn cohen_kappa_score;
  2. "by hand" from the published formulas where no installed library has them: Gwet (2014), Handbook of
     Inter-Rater Reliability, 4th ed., ch. 2-5 (Fleiss' kappa with missing ratings and weights, AC1/AC2,
     Brennan-Prediger, percent agreement, Conger's kappa with missing ratings, and their linearised variances;
     Gwet 2008, BJMSP 61:29-48), Conger (1980), Fleiss, Nee & Landis (1979) null variance. These are written
     here in dense numpy (units x categories matrices), a different layout from the TypeScript (sparse CSR);
  3. Krippendorff's alpha at every level through nltk's alpha with the level's difference function.
"""
import json

import numpy as np
import nltk
import sklearn
import statsmodels
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

# --- data (the same literals appear in the tests) -------------------------------------------------------------
# Krippendorff (2011) example C: 4 observers x 12 units, "." missing.
EXAMPLE_C = ["1 2 3 3 2 1 4 1 2 . . .", "1 2 3 3 2 2 4 1 2 5 . 3", ". 3 3 3 2 3 4 2 2 5 1 .", "1 2 3 3 2 4 4 1 2 5 1 ."]
# A complete design: 4 raters x 16 items, classes a, b, c.
COMPLETE = ["aabcbaccabbacbab", "abbcbacbabbacbcb", "aabcaaccacbacbab", "babcbbccabbbcaab"]
# Two raters on a 5-point scale, 20 items.
ORDINAL_A = "12345432112345543211"
ORDINAL_B = "12335442212355543311"


def rows_of(matrix_rows):
    return [r.split(" ") if " " in r else list(r) for r in matrix_rows]


def triples(matrix_rows):
    out = []
    for r, row in enumerate(rows_of(matrix_rows)):
        for u, v in enumerate(row):
            if v != ".":
                out.append((f"r{r}", f"u{u}", v))
    return out


def agree_matrix(matrix_rows, categories):
    """units x q matrix r_ik (units with at least one rating), as Gwet writes it."""
    rows = rows_of(matrix_rows)
    units = len(rows[0])
    m = np.zeros((units, len(categories)))
    for row in rows:
        for u, v in enumerate(row):
            if v != ".":
                m[u, categories.index(v)] += 1
    return m[m.sum(1) > 0]


def weight_matrix(kind, q):
    i = np.arange(q)
    d = np.abs(i[:, None] - i[None, :]) / (q - 1)
    return {"none": np.eye(q), "linear": 1 - d, "quadratic": 1 - d**2}[kind]


def gwet_family(agree, w, chance):
    """Gwet (2014) chance-corrected coefficient and its linearised standard error (f = 0)."""
    n, q = agree.shape
    r = agree.sum(1)
    rstar = agree @ w.T  # r*_ik = sum_l w_kl r_il
    two = r >= 2
    n2 = two.sum()
    pa_i = np.where(two, (agree * (rstar - 1)).sum(1) / np.where(two, r * (r - 1), 1), 0.0)
    pa = pa_i[two].mean()
    pi = (agree / r[:, None]).mean(0)
    tw = w.sum()
    if chance == "percent":
        pe, pe_i = 0.0, None
    elif chance == "fleiss":
        pe = float(pi @ w @ pi)
        piw = ((w + w.T) / 2) @ pi
        pe_i = (agree @ piw) / r
    elif chance == "ac":
        pe = tw / (q * (q - 1)) * float((pi * (1 - pi)).sum())
        pe_i = tw / (q * (q - 1)) * (agree @ (1 - pi)) / r
    elif chance == "bp":
        pe, pe_i = tw / q**2, None
    value = (pa - pe) / (1 - pe)
    k_i = (n / n2) * (pa_i - pe * two) / (1 - pe)
    if pe_i is not None:
        k_i = k_i - 2 * (1 - value) * (pe_i - pe) / (1 - pe)
    se = np.sqrt(((k_i - value) ** 2).sum() / (n * (n - 1)))
    return {"value": value, "pa": pa, "pe": pe, "se": se}


def conger(matrix_rows, categories, w):
    """Conger (1980) with Gwet (2014)'s treatment of missing ratings: rater shares over the units each rated."""
    agree = agree_matrix(matrix_rows, categories)
    base = gwet_family(agree, w, "percent")
    rows = rows_of(matrix_rows)
    q = len(categories)
    p = []
    for row in rows:
        c = np.zeros(q)
        for v in row:
            if v != ".":
                c[categories.index(v)] += 1
        if c.sum() > 0:
            p.append(c / c.sum())
    p = np.array(p)
    rr = len(p)
    mean = p.mean(0)
    s = (p - mean).T @ (p - mean) / (rr - 1)
    pe = float((w * (np.outer(mean, mean) - s / rr)).sum())
    return {"value": (base["pa"] - pe) / (1 - pe), "pe": pe}


def fleiss_null_se(agree):
    """Fleiss, Nee & Landis (1979): variance of Fleiss' kappa under H0 (complete design, m raters per unit)."""
    n, _ = agree.shape
    m = agree.sum(1)[0]
    p = agree.sum(0) / (n * m)
    pq = p * (1 - p)
    var = 2 / (n * m * (m - 1)) * (pq.sum() ** 2 - (pq * (1 - 2 * p)).sum()) / pq.sum() ** 2
    return float(np.sqrt(var))


def nltk_alpha(matrix_rows, level):
    data = triples(matrix_rows)
    values = [float(v) for (_, _, v) in data]
    # Krippendorff's ordinal metric needs the pairable marginals n_g (units with >= 2 values).
    per_unit = {}
    for c, u, v in data:
        per_unit.setdefault(u, []).append(float(v))
    n_g = {}
    for vs in per_unit.values():
        if len(vs) >= 2:
            for v in vs:
                n_g[v] = n_g.get(v, 0) + 1
    levels = sorted(n_g)

    def ordinal(a, b):
        a, b = float(a), float(b)
        lo, hi = min(a, b), max(a, b)
        s = sum(n_g[g] for g in levels if lo <= g <= hi)
        return (s - (n_g[lo] + n_g[hi]) / 2) ** 2

    dist = {
        "nominal": lambda a, b: 0.0 if a == b else 1.0,
        "interval": lambda a, b: (float(a) - float(b)) ** 2,
        "ratio": lambda a, b: ((float(a) - float(b)) / (float(a) + float(b))) ** 2,
        "ordinal": ordinal,
    }[level]
    del values
    return AnnotationTask(data=data, distance=dist).alpha()


out = {
    "versions": {
        "statsmodels": statsmodels.__version__,
        "nltk": nltk.__version__,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
    }
}

# 1. Example C (missing ratings): nltk alpha at every level; Gwet-family and Conger by hand.
cats5 = ["1", "2", "3", "4", "5"]
agree_c = agree_matrix(EXAMPLE_C, cats5)
out["exampleC"] = {
    "alpha": {lvl: nltk_alpha(EXAMPLE_C, lvl) for lvl in ["nominal", "ordinal", "interval", "ratio"]},
}
for wk in ["none", "linear", "quadratic"]:
    w = weight_matrix(wk, 5)
    out["exampleC"][wk] = {
        "percent": gwet_family(agree_c, w, "percent"),
        "fleiss": gwet_family(agree_c, w, "fleiss"),
        "gwet": gwet_family(agree_c, w, "ac"),
        "bp": gwet_family(agree_c, w, "bp"),
        "conger": conger(EXAMPLE_C, cats5, w),
    }

# 2. Complete design: statsmodels and nltk multi-rater coefficients; Gwet SEs and FNL null SE by hand.
cats3 = ["a", "b", "c"]
ratings = np.array([[cats3.index(v) for v in r] for r in COMPLETE]).T  # items x raters
table, _ = aggregate_raters(ratings, n_cat=3)
task = AnnotationTask(data=triples(COMPLETE))
agree_full = agree_matrix(COMPLETE, cats3)
eye = np.eye(3)
out["complete"] = {
    "statsmodels_fleiss": fleiss_kappa(table, method="fleiss"),
    "statsmodels_randolph": fleiss_kappa(table, method="randolph"),
    "nltk_pi": task.pi(),
    "nltk_kappa_mean_pairwise": task.kappa(),
    "nltk_multi_kappa": task.multi_kappa(),
    "nltk_S": task.S(),
    "nltk_alpha": task.alpha(),
    "nltk_avg_Ao": task.avg_Ao(),
    "fleiss": gwet_family(agree_full, eye, "fleiss"),
    "fleiss_se0": fleiss_null_se(agree_full),
    "gwet": gwet_family(agree_full, eye, "ac"),
    "bp": gwet_family(agree_full, eye, "bp"),
    "conger": conger(COMPLETE, cats3, eye),
    "pairs": {},
}
for x in range(4):
    for y in range(x + 1, 4):
        out["complete"]["pairs"][f"{x}-{y}"] = cohen_kappa_score(list(COMPLETE[x]), list(COMPLETE[y]))

# 3. Two raters on an ordinal scale: sklearn and statsmodels weighted kappa with (FCE 1969) standard errors.
labels = ["1", "2", "3", "4", "5"]
t2 = np.zeros((5, 5))
for a, b in zip(ORDINAL_A, ORDINAL_B):
    t2[labels.index(a), labels.index(b)] += 1
ordinal = {}
for wk, wt in [("none", None), ("linear", "linear"), ("quadratic", "quadratic")]:
    res = cohens_kappa(t2, wt=wt) if wt else cohens_kappa(t2)
    ordinal[wk] = {
        "sklearn": cohen_kappa_score(list(ORDINAL_A), list(ORDINAL_B), weights=wt),
        "statsmodels": res.kappa,
        "se": res.std_kappa,
        "se0": res.std_kappa0,
    }
two = AnnotationTask(data=triples([" ".join(ORDINAL_A), " ".join(ORDINAL_B)]))
ordinal["nltk_pi"] = two.pi()
# Scott's pi = Fleiss' kappa on two raters; its Gwet SE by hand.
for wk in ["none", "linear", "quadratic"]:
    ordinal[wk]["scott"] = gwet_family(agree_matrix([" ".join(ORDINAL_A), " ".join(ORDINAL_B)], labels), weight_matrix(wk, 5), "fleiss")
out["ordinal"] = ordinal

# 4. SAS table: statsmodels' weighted ASE.
sas = np.array([[0, 4, 1], [0, 8, 0], [0, 1, 5]])
out["sas"] = {wk: {"kappa": r.kappa, "se": r.std_kappa, "se0": r.std_kappa0}
              for wk, r in [("none", cohens_kappa(sas)), ("linear", cohens_kappa(sas, wt="linear")),
                            ("quadratic", cohens_kappa(sas, wt="quadratic"))]}

# 5. Wikipedia Fleiss example: FNL null SE and Gwet SE by hand.
wiki = np.array([[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
                 [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]], float)
out["wiki"] = {"se0": fleiss_null_se(wiki), "fleiss": gwet_family(wiki, np.eye(5), "fleiss"),
               "statsmodels": fleiss_kappa(wiki)}


# 6. The shared crowd datasets (only with --shared; they are not in the repository): statsmodels' Fleiss' kappa
#    (every item there has the same number of judgments) and nltk's alpha, for the end-to-end CLI test.
def shared_numbers(root):
    import csv
    import os
    from nltk.metrics.distance import interval_distance

    sets = {
        "zheng_d_product": ("answer.csv", ",", 0, 1, 2),
        "zheng_d_possent": ("answer.csv", ",", 0, 1, 2),
        "snow_rte": ("rte.standardized.tsv", "\t", 2, 1, 3),
        "snow_temp": ("temp.standardized.tsv", "\t", 2, 1, 3),
        "snow_wsd": ("wsd.standardized.tsv", "\t", 2, 1, 3),
        "zheng_n_emotion": ("answer.csv", ",", 0, 1, 2),
    }
    res = {}
    for name, (fname, delim, ci, cr, cl) in sets.items():
        path = os.path.join(root, name, fname)
        if not os.path.exists(path):
            continue
        with open(path, newline="") as f:
            rows = list(csv.reader(f, delimiter=delim))[1:]
        triples = [(r[cr], r[ci], r[cl]) for r in rows]
        cats = sorted({t[2] for t in triples})
        items = sorted({t[1] for t in triples})
        index = {i: k for k, i in enumerate(items)}
        table = np.zeros((len(items), len(cats)))
        for _, i, label in triples:
            table[index[i], cats.index(label)] += 1
        out_set = {"items": len(items), "judgments": len(triples)}
        if len(set(table.sum(1))) == 1:
            out_set["statsmodels_fleiss"] = fleiss_kappa(table)
        out_set["nltk_alpha_nominal"] = AnnotationTask(data=triples).alpha()
        if name == "zheng_n_emotion":
            numeric = [(c, i, float(v)) for c, i, v in triples]
            out_set["nltk_alpha_interval"] = AnnotationTask(data=numeric, distance=interval_distance).alpha()
        res[name] = out_set
    return res


if "--shared" in __import__("sys").argv:
    import os

    root = os.environ.get("VOX_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    out = {"versions": out["versions"], "shared": shared_numbers(os.path.join(root, "data", "crowd"))}


def clean(x):
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (np.floating, float)):
        return float(f"{float(x):.12g}")
    if isinstance(x, np.integer):
        return int(x)
    return x


print(json.dumps(clean(out), indent=1))
