"""Reference values for vox's labelUncertainty (Sheng, Provost & Ipeirotis 2008, LU score).

LU = min(I_0.5(a + 1, b + 1), 1 - I_0.5(a + 1, b + 1)) with scipy.special.betainc (the regularized incomplete beta).
Run: /usr/bin/python3 reference/active/label_uncertainty.py > reference/active/label_uncertainty.json
"""
import json

import scipy
from scipy.special import betainc

pairs = [(0, 0), (1, 0), (2, 1), (3, 0), (5, 5), (7, 3), (10, 0), (12, 8), (40, 35), (300, 280)]
out = []
for a, b in pairs:
    i = float(betainc(a + 1, b + 1, 0.5))
    out.append({"a": a, "b": b, "lu": min(i, 1 - i)})
print(json.dumps({"scipy": scipy.__version__, "values": out}, indent=1))
