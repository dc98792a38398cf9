#!/usr/bin/python3
"""Anchor for bench/agreement.ts: statsmodels' Fleiss' kappa on the whole items x raters label matrix and nltk's
Krippendorff alpha on its first N items (nltk is pure Python). Prints one JSON line.
Usage: /usr/bin/python3 bench/_agreement_anchor.py LABELS.npy NLTK_ITEMS"""
import json
import sys
import time

import nltk
import numpy as np
import statsmodels
from nltk.metrics.agreement import AnnotationTask
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

labels = np.load(sys.argv[1])
nltk_items = int(sys.argv[2])
items, per_item = labels.shape

t0 = time.perf_counter()
table, _ = aggregate_raters(labels)
t1 = time.perf_counter()
kappa = fleiss_kappa(table)
t2 = time.perf_counter()

sub = labels[:nltk_items]
triples = [(f"r{j}", f"i{i}", int(sub[i, j])) for i in range(sub.shape[0]) for j in range(per_item)]
t3 = time.perf_counter()
alpha = AnnotationTask(data=triples).alpha()
t4 = time.perf_counter()

print(json.dumps({
    "statsmodels": statsmodels.__version__,
    "nltk": nltk.__version__,
    "items": items,
    "judgments": int(labels.size),
    "aggregateSeconds": t1 - t0,
    "fleissSeconds": t2 - t1,
    "fleiss": float(kappa),
    "nltkItems": nltk_items,
    "nltkAlphaSeconds": t4 - t3,
    "nltkAlpha": float(alpha),
}))
