"""Starting values crowd-kit 1.4.1 draws from numpy, so vox's tests can start MACE and KOS exactly where crowd-kit
does on its two fixtures (../shared/data/crowd/crowdkit_{toy,simple}).

Run with Debian's python3 (numpy 1.24, scipy 1.10, pandas 1.5):  /usr/bin/python3 reference/aggregate/numpy_inits.py
Prints JSON:
- MACE (crowd-kit `_initialize`): scipy.stats.uniform(1, 1.5).rvs(size=(workers, 2), random_state=0) and
  .rvs(size=(workers, labels), random_state=0), workers and labels in order of first appearance (pd.factorize).
- KOS (crowd-kit `fit`): np.random.seed(0); np.random.normal(loc=1, scale=1, size=len(data)), one per row in file
  order.
"""
import json
import sys

import numpy as np
import pandas as pd
import scipy.stats as sps

root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/crowd"
out = {}
for name in ["crowdkit_toy", "crowdkit_simple"]:
    df = pd.read_csv(f"{root}/{name}/answer.csv", dtype=str)
    _, workers = pd.factorize(df["worker"])
    _, labels = pd.factorize(df["label"])
    spam = sps.uniform(1, 1.5).rvs(size=(len(workers), 2), random_state=0)
    strategy = sps.uniform(1, 1.5).rvs(size=(len(workers), len(labels)), random_state=0)
    np.random.seed(0)
    kos = np.random.normal(loc=1, scale=1, size=len(df))
    out[name] = {
        "workers": list(workers),
        "labels": list(labels),
        "maceSpamming": spam.ravel().tolist(),
        "maceStrategy": strategy.ravel().tolist(),
        "kosReliabilities": kos.tolist(),
    }
print(json.dumps(out, indent=1))
